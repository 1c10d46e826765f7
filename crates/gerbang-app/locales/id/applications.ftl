## Navigation
nav-applications = Permohonan saya
nav-track = Lacak permohonan
nav-backoffice = Layanan internal

## Applying
required = wajib
optional = tidak wajib
date-hint = Contoh: 27 3 2007
date-day = Tanggal
date-month = Bulan
date-year = Tahun
select-choose = Pilih…
apply-button = Ajukan secara daring
apply-title = Permohonan: { $service }
apply-intro = Masuk atau buat akun untuk mengajukan secara daring. Anda juga dapat mengajukan di loket instansi.
apply-submit = Kirim permohonan
counter-legend = Mengajukan atas nama warga di loket
counter-hint = Permohonan dicatat sebagai dibantu oleh Anda. Jika warga belum punya akun, akun dibuat untuk alamat email ini.
label-applicant-email = Alamat email warga
label-applicant-name = Nama lengkap warga
hint-applicant-name = Hanya diperlukan jika warga belum punya akun.
role-applicant = Pemohon
error-audience = Layanan ini tidak tersedia untuk jenis akun Anda
error-comment-required = Tulis komentar yang menjelaskan keputusan ini kepada pemohon
error-reference-malformed = Nomor ini tidak valid. Periksa kembali: bentuknya seperti GRB-7K3F-9QXM-B, dan karakter terakhir mendeteksi salah ketik
error-reference-unknown = Tidak ada permohonan dengan nomor ini

## Field errors
field-error-required = { $kind ->
    [select] Pilih { $subject }
    [file] Unggah { $subject }
    [checkbox] Centang kotak untuk menyetujui { $subject }
   *[text] Isi { $subject }
}
field-error-too-long = { $Subject } paling banyak { $max } karakter
field-error-not-a-number = { $Subject } harus berupa bilangan bulat, misalnya 2
field-error-below-min = { $Subject } paling kecil { $min }
field-error-above-max = { $Subject } paling besar { $max }
field-error-not-whole-rupiah = { $Subject } harus dalam rupiah tanpa sen, misalnya 1.500.000
field-error-invalid-date = { $Subject } harus tanggal yang benar, misalnya 27 3 2007
field-error-date-missing-day = { $Subject } harus mencantumkan tanggal
field-error-date-missing-month = { $Subject } harus mencantumkan bulan
field-error-date-missing-year = { $Subject } harus mencantumkan tahun
field-error-not-an-option = Pilih { $subject } dari daftar
field-error-invalid-email = Isi { $subject } dengan format yang benar, misalnya nama@contoh.com
field-error-invalid-phone = Isi { $subject } dengan format yang benar, misalnya 0812 3456 7890
field-error-nik-wrong-length = { $Subject } harus tepat 16 angka
field-error-nik-not-digits = { $Subject } hanya boleh berisi angka
field-error-nik-unknown-province = { $Subject } harus diawali kode provinsi: periksa dua angka pertama
field-error-nik-bad-region = Kode kabupaten/kota dan kecamatan pada { $subject } tidak ada: periksa angka ke-3 sampai ke-6
field-error-nik-impossible-birth-date = Tanggal lahir pada { $subject } tidak ada: periksa angka ke-7 sampai ke-12
field-error-nik-birth-date-in-future = Tanggal lahir pada { $subject } ada di masa depan: periksa angka ke-7 sampai ke-12
field-error-nik-zero-serial = { $Subject } tidak boleh diakhiri 0000
field-error-file-too-large = Ukuran { $subject } harus kurang dari { $max_size_kb } KB
field-error-file-kind-not-accepted = { $Subject } harus berupa berkas PDF, JPG, atau PNG (dinilai dari isinya, bukan namanya)

## Case pages
mine-title = Permohonan saya
mine-empty = Anda belum mengirim permohonan.
notice-submitted = Permohonan terkirim. Nomor permohonan Anda { $reference }
notice-submitted-next = Simpan nomor ini: status dapat diikuti di sini, di Permohonan saya, atau di halaman pelacakan.
notice-resubmitted = Permohonan yang telah diperbaiki sudah dikirim kembali ke instansi.
case-reference = Nomor permohonan
case-service = Layanan
case-status = Status
case-due = Batas waktu
case-submitted = Diajukan pada
case-assisted = Diajukan melalui loket
case-answers = Isian Anda
case-timeline = Riwayat
case-comment = Komentar
case-applicant = Pemohon
case-assignee = Ditangani oleh
case-unassigned = Belum ada
case-overdue = Terlambat
case-version = Versi layanan
case-claim = Tangani sendiri
case-decide = Ambil keputusan
case-comment-label = Komentar untuk pemohon
case-comment-hint = Ditampilkan kepada pemohon. Wajib untuk keputusan bertanda *.
case-comment-required-note = * memerlukan komentar.
correction-title = Perbaikan diminta
correction-files-hint = Berkas yang sudah Anda unggah tetap dipakai kecuali Anda memilih berkas baru.
correction-submit = Kirim permohonan yang diperbaiki
notice-claimed = Berkas ini sekarang Anda tangani.
notice-action-done = Keputusan telah dicatat dan pemohon telah diberi tahu.
track-title = Lacak permohonan
track-intro = Masukkan nomor permohonan untuk melihat statusnya. Tidak ada data pribadi yang ditampilkan.
track-hint = Misalnya GRB-7K3F-9QXM-B
track-submit = Periksa status
inbox-title = Berkas yang perlu ditangani
inbox-count = { $count } berkas
filter-all = Semua
filter-mine = Hanya berkas yang saya tangani
filter-apply = Tampilkan berkas

## Workflow actions
action-submit = Permohonan diajukan
action-accept = Terima untuk diperiksa
action-request_correction = Minta perbaikan
action-resubmit = Permohonan perbaikan dikirim
action-recommend = Usulkan untuk disetujui
action-approve = Setujui
action-return = Kembalikan ke petugas
action-reject = Tolak
action-schedule_inspection = Jadwalkan pemeriksaan lapangan
action-complete_inspection = Pemeriksaan selesai

## Drafts
apply-save-draft = Simpan sebagai draf
apply-draft-hint = Draf menyimpan isian dan berkas yang Anda pilih agar dapat dilanjutkan nanti.
notice-draft-saved = Draf Anda telah disimpan. Anda dapat melanjutkannya kapan saja.
notice-draft-loaded = Isian diambil dari draf yang Anda simpan.

## Counter
counter-start-title = Ajukan di loket
counter-start-intro = Ajukan permohonan untuk warga yang sedang Anda layani. Pilih layanannya; Anda akan mengisi alamat email warga, dan akun dibuat jika warga belum punya.
counter-not-your-agency = Anda hanya dapat mengajukan permohonan di loket untuk instansi tempat Anda bertugas sebagai petugas. Mintalah peran tersebut kepada administrator instansi Anda bila diperlukan.

## Staff case page
case-applicant-answers = Jawaban pemohon
case-yours = Permohonan ini ditugaskan kepada Anda.
case-action-needs-payment = Belum bisa: tagihan permohonan ini belum dibayar.
case-conflict = Tidak ada yang diubah: permohonan ini sudah berubah sejak Anda membukanya, dan sekarang berstatus “{ $status }”. Buka kembali permohonan ini untuk melihat apa yang terjadi.
case-notes = Catatan internal
case-note-label = Tambahkan catatan untuk petugas
case-note-hint = Pemohon tidak pernah melihat catatan.
case-note-add = Tambahkan catatan
case-internal = Internal
action-note = Catatan internal
notice-note-added = Catatan ditambahkan. Hanya petugas yang dapat membacanya.
error-note-required = Isi catatan
mine-drafts = Draf
mine-submitted = Permohonan yang dikirim
mine-draft-continue = Lanjutkan permohonan { $service }
mine-draft-saved = Disimpan { $when }
apply-discard-draft = Hapus draf ini
notice-draft-discarded = Draf Anda telah dihapus.
file-kept = Sudah diunggah: { $file }. Pilih berkas hanya jika ingin menggantinya.
notice-submitted-next-emailed = Simpan nomor ini. Tanda terima telah dikirim ke email Anda; status dapat diikuti di sini, di Permohonan saya, atau di halaman pelacakan.
notice-counter-filed = Permohonan atas nama { $name } telah diajukan. Berikan nomor { $reference } kepadanya: siapa pun dapat memeriksa statusnya di { $url }/track.
notice-counter-emailed = Tanda terima telah dikirim ke { $email }.
notice-counter-new-account = Akun baru telah dibuat untuk { $email }. Sampai ia dapat membuat kata sandi secara daring, permohonan diikuti dengan nomornya di halaman pelacakan, atau ditanyakan di loket.
