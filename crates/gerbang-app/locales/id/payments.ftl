## Fees before applying
fee-heading = Biaya layanan
fee-choice = Jawaban Anda
fee-total = Jumlah
fee-when-invoiced = Anda menerima tagihan dengan jumlah pasti dan kode bayar saat tagihan diterbitkan.
fee-exact-on-invoice = Jumlah pasti mengikuti jawaban Anda dan tercantum pada tagihan.
fee-formula-per-unit = { $label }: { $rate } per { $unit } “{ $field }”.
fee-formula-minimum = Paling sedikit { $amount }.
fee-formula-maximum = Paling banyak { $amount }.
fee-formula-by-choice = Biaya bergantung pada jawaban Anda untuk “{ $field }”:
fee-example = Contoh: untuk { $units } { $unit } jumlahnya { $total }.

fee-from = mulai

## Invoice
invoice-title = Tagihan
invoice-number = Nomor tagihan
invoice-link = Tagihan dan pembayaran
invoice-status = Status pembayaran
invoice-status-issued = Menunggu pembayaran
invoice-status-paid = Lunas
invoice-status-refunded = Dikembalikan
invoice-status-cancelled = Dibatalkan
invoice-issued = Diterbitkan pada
invoice-paid = Dibayar pada
invoice-lines = Rincian biaya per kode rekening
invoice-budget-line = Kode rekening
invoice-payment-code = Kode bayar
invoice-how-to-pay = Cara membayar
invoice-bank-instructions = Transfer jumlah yang tepat dari bank mana pun ke kode bayar di bawah ini (nomor virtual account). Pembayaran dicocokkan dengan tagihan Anda secara otomatis setelah bank melaporkannya.
invoice-counter-instructions = Bayar tunai atau dengan kartu di loket instansi; petugas memberikan tanda terima.
invoice-sandbox-instructions = Gerbang pembayaran uji coba untuk mencoba layanan: tidak ada uang sungguhan yang berpindah.
invoice-pay-sandbox = Bayar dengan gerbang sandbox
invoice-payments = Pembayaran diterima
invoice-refunds = Pengembalian dana
payment-received-at = Diterima
payment-provider = Dibayar melalui
payment-receipt-number = Nomor tanda terima
provider-counter = Di loket
provider-bank-transfer = Transfer bank
provider-sandbox = Gerbang uji coba sandbox
payment-notice-sandbox-returned = Kembali dari gerbang sandbox. Pembayaran Anda tampil di bawah setelah gerbang mengonfirmasinya.
payment-notice-sandbox-cancelled = Anda meninggalkan gerbang sandbox tanpa membayar.
payment-notice-recorded = Pembayaran dicatat.

## Receipt
receipt-title = Tanda terima
receipt-amount-paid = Jumlah dibayar
receipt-print-hint = Cetak halaman ini atau simpan sebagai PDF dari peramban Anda sebagai arsip.
receipt-back = Kembali ke tagihan

## Sandbox gateway
sandbox-title = Gerbang pembayaran sandbox
sandbox-warning-title = Hanya pembayaran uji coba
sandbox-warning = Ini gerbang sandbox bawaan platform. Tidak ada uang sungguhan yang berpindah; gunakan hanya untuk mencoba layanan.
sandbox-pay = Bayar (uji coba)
sandbox-cancel = Batal dan kembali
sandbox-closed = Pembayaran ini sudah ditutup.

## Workflow gate
error-payment-required-title = Pembayaran diperlukan
error-payment-required-message = Langkah ini memerlukan tagihan permohonan dibayar terlebih dahulu.

## Staff: counter payment
counter-title = Pembayaran di loket
counter-link = Tagihan dan pembayaran di loket
counter-amount = Jumlah diterima (rupiah)
counter-amount-hint = Jumlah tepat sesuai tagihan, tunai atau dengan kartu.
counter-receipt-hint = Nomor yang tercetak pada tanda terima yang Anda berikan kepada warga.
counter-record = Catat pembayaran
payment-error-amount = Masukkan jumlah dalam rupiah bulat, misalnya 500.000
payment-error-amount-mismatch = Jumlah harus sama persis dengan total tagihan
payment-error-receipt = Masukkan nomor tanda terima: huruf, angka, - / atau .
payment-error-receipt-used = Nomor tanda terima ini sudah tercatat
payment-error-statement = Rekening koran tidak dapat dibaca: { $detail }
payment-error-statement-missing = Pilih berkas CSV hasil ekspor dari bank

## Staff: report and reconciliation
report-title = Pembayaran
report-link = Pembayaran dan rekonsiliasi
report-from = Dari
report-to = Sampai
report-daily = Rekonsiliasi harian: ditagihkan dibandingkan diterima
report-day = Tanggal
report-expected = Ditagihkan (diharapkan)
report-received = Diterima
report-refunded = Dikembalikan
report-payments = Pembayaran diterima
report-download-daily = Unduh rekonsiliasi (CSV)
report-download-payments = Unduh daftar pembayaran (CSV)
report-count = { $count } pembayaran

## Staff: bank statement
statement-title = Rekonsiliasi rekening koran
statement-file = Rekening koran (CSV)
statement-hint = Kolom: tanggal, jumlah, referensi atau keterangan. Transfer dicocokkan menurut kode bayar tagihan dan jumlah yang tepat.
statement-submit = Rekonsiliasi
statement-matched = { $count } baris cocok.
statement-unmatched = { $count } baris tidak dapat dicocokkan.
statement-matched-title = Cocok
statement-unmatched-title = Tidak cocok
statement-line = Baris
statement-date = Tanggal
statement-reference = Referensi
statement-outcome = Hasil
reconcile-outcome-paid = Dicatat; tagihan lunas
reconcile-outcome-recorded-unexpected = Dicatat, tetapi tagihan tidak sedang menunggu pembayaran: kembalikan dananya
reconcile-outcome-duplicate-payment = Sudah tercatat
reconcile-outcome-amount-mismatch = Jumlah berbeda dengan tagihan
reconcile-outcome-unknown-invoice = Tidak ada tagihan Anda dengan kode bayar ini
reconcile-outcome-no-code = Kode bayar tidak ditemukan
counter-find-label = Catat pembayaran di loket: nomor permohonan
counter-find-hint = Seperti pada tanda terima pemohon, misalnya GRB-7K3F-9QXM-B
counter-find-submit = Cari tagihan
payment-notice-refunded = Pengembalian dana dicatat; pemohon telah diberi tahu.
refund-how-counter = Kembalikan uangnya secara tunai di loket dan minta tanda tangan pembayar pada slip pengembalian.
refund-how-bank-transfer = Kas daerah mentransfer kembali jumlah tersebut ke rekening asalnya.
refund-how-sandbox = Gerbang uji coba langsung mengembalikannya (tidak ada uang yang berpindah di mode uji coba).
refund-why-paid-twice = Dibayar dua kali: pembayaran ini tidak diperlukan.
refund-why-not-due = Tagihan tidak berlaku lagi: pembayaran ini tidak diperlukan.
refund-button = Kembalikan { $amount }
