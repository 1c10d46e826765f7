# Konsultasi publik.

consultations-title = Konsultasi publik
consultations-intro = Instansi mempublikasikan rancangan peraturan, rencana, dan kebijakan di sini sebelum memutuskan. Bacalah, dan sampaikan pendapat Anda selama konsultasi dibuka.
consultations-none = Belum ada konsultasi.
consultations-staff-title = Konsultasi
footer-consultations = Konsultasi publik
footer-satisfaction = Indeks kepuasan
nav-consultations-staff = Konsultasi
consultation-meta = Tentang konsultasi ini
consultation-kind-regulation = Rancangan peraturan
consultation-kind-plan = Rancangan rencana
consultation-kind-policy = Rancangan kebijakan
consultation-phase-upcoming = Segera dibuka
consultation-phase-open = Dibuka untuk tanggapan
consultation-phase-closed = Ditutup
consultation-status = Status
consultation-kind = Jenis rancangan
consultation-agency = Instansi
consultation-dates = Dibuka untuk tanggapan
consultation-comments-count = Tanggapan yang dipublikasikan
consultation-pdf = Baca rancangan dalam PDF ({ $name })
consultation-manage = Moderasi dan jawab
consultation-report-title = Laporan tanggapan
consultation-theme-changed = Diubah
consultation-theme-unchanged = Tidak diubah
consultation-theme-comments = { $count ->
   *[other] { $count } tanggapan yang dijawab
}
consultation-counts-title = Tanggapan per bagian
consultation-counts-caption = Tanggapan yang dipublikasikan untuk setiap bagian, menurut sikap
consultation-section = Bagian
consultation-section-number = Bagian { $n }
consultation-whole = Rancangan secara keseluruhan
consultation-text-title = Rancangan
consultation-section-comments = { $count ->
   *[other] { $count } tanggapan yang dipublikasikan untuk bagian ini
}
consultation-whole-comments = Tanggapan atas rancangan secara keseluruhan
consultation-no-comments = Belum ada tanggapan yang dipublikasikan.
consultation-mine = Tanggapan Anda
consultation-comment-state-pending = Menunggu moderasi
consultation-comment-state-published = Dipublikasikan
consultation-comment-state-refused = Tidak dipublikasikan
consultation-refused-because = Tidak dipublikasikan: { $reason }
consultation-comment-title = Tanggapi rancangan ini
consultation-comment-intro = Tanggapan Anda dibaca instansi dan dipublikasikan setelah moderasi, tanpa nama Anda. Mohon jangan menulis data pribadi Anda atau orang lain.
consultation-comment-on = Yang Anda tanggapi
consultation-your-position = Sikap Anda
consultation-position-support = Mendukung
consultation-position-oppose = Menolak
consultation-position-neutral = Catatan
consultation-comment-body = Tanggapan Anda
consultation-comment-hint = Paling banyak { $max } karakter.
consultation-comment-submit = Kirim tanggapan saya
consultation-sign-in = Masuk untuk menanggapi
consultation-done-comment = Terima kasih. Tanggapan Anda menunggu moderasi; di sini Anda akan melihat apakah tanggapan itu dipublikasikan.
consultation-refusal-off-topic = tidak membahas rancangan ini
consultation-refusal-abusive = bersifat kasar atau menghina
consultation-refusal-personal-data = memuat data pribadi
consultation-refusal-spam = berisi iklan atau spam
consultation-refusal-duplicate = mengulang tanggapan yang sudah dikirim
consultation-error-kind = Pilih jenis rancangan
consultation-error-title = Tulis judul paling banyak 200 karakter
consultation-error-summary = Tulis ringkasan paling banyak 2000 karakter
consultation-error-text = Tulis naskah per bagian, atau lampirkan rancangan dalam PDF
consultation-error-sections = Naskah memiliki lebih dari 200 bagian
consultation-error-language = Tulis konsultasi dalam bahasa Indonesia, Inggris, atau keduanya
consultation-error-section-count = Naskah bahasa Inggris dan Indonesia harus memiliki jumlah bagian yang sama
consultation-error-opens-missing = Tulis tanggal konsultasi dibuka
consultation-error-opens-date = Tulis tanggal pembukaan sebagai tahun, bulan, dan hari, misalnya 2027-01-31
consultation-error-closes-missing = Tulis tanggal konsultasi ditutup
consultation-error-closes-date = Tulis tanggal penutupan sebagai tahun, bulan, dan hari, misalnya 2027-01-31
consultation-error-empty = Tulis tanggapan Anda
consultation-error-past = Tanggal pembukaan tidak boleh di masa lalu
consultation-error-range = Tanggal penutupan harus sama dengan atau sesudah tanggal pembukaan, dan paling lama setahun sesudahnya
consultation-error-pdf = Berkas yang dilampirkan bukan PDF
consultation-error-pdf-size = Berkas PDF terlalu besar
consultation-error-section = Pilih bagian dari rancangan ini
consultation-error-position = Pilih apakah Anda mendukung, menolak, atau memberi catatan
consultation-error-short = Tulis paling sedikit { $min } karakter
consultation-error-long = Tanggapan Anda lebih dari { $max } karakter
consultation-error-reason = Pilih alasan tanggapan tidak dipublikasikan
consultation-error-theme-title = Tulis judul tema (paling banyak 200 karakter)
consultation-error-theme-response = Tulis jawaban instansi atas tema ini
consultation-error-theme-comments = Hanya tanggapan yang dipublikasikan yang dapat dijawab
consultation-error-report = Tulis pengantar laporan, setelah menjawab sedikitnya satu tema
consultation-new = Publikasikan konsultasi
consultation-new-intro = Tulis rancangan dalam bahasa Indonesia, Inggris, atau keduanya. Pisahkan bagian-bagiannya dengan baris berisi tiga tanda hubung (---); baris pertama setiap bagian adalah judulnya. Bagian diberi nomor menurut urutan.
consultation-in-id = Dalam bahasa Indonesia
consultation-in-en = Dalam bahasa Inggris
consultation-title-field = Judul
consultation-summary-field = Ringkasan
consultation-text-field = Naskah, per bagian
consultation-text-hint = Baris pertama setiap bagian adalah judulnya; baris berisi --- memulai bagian berikutnya.
consultation-opens = Dibuka untuk tanggapan mulai
consultation-closes = Dibuka untuk tanggapan sampai
consultation-date-hint = Misalnya 2027-01-31. Kedua hari termasuk.
consultation-pdf-field = Rancangan dalam PDF (opsional)
consultation-pdf-hint = Jika rancangan panjang, lampirkan sebagai satu berkas PDF.
consultation-publish = Publikasikan konsultasi
consultation-public-page = Halaman publik
consultation-queue = { $count ->
   *[other] { $count } tanggapan menunggu moderasi
}
consultation-queue-empty = Tidak ada yang menunggu.
consultation-publish-comment = Publikasikan
consultation-refusal-reason = Atau jangan publikasikan, karena
consultation-refusal-choose = Pilih alasan
consultation-refuse-comment = Jangan publikasikan
consultation-report-out = Laporan tanggapan sudah dipublikasikan.
consultation-report-after-close = Laporan tanggapan ditulis setelah konsultasi ditutup.
consultation-theme-add = Jawab satu tema
consultation-theme-title = Tema
consultation-theme-response = Apa yang diubah instansi, atau mengapa tidak
consultation-theme-response-hint = Ini dipublikasikan bersama tanggapan yang dijawabnya.
consultation-theme-changed-label = Rancangan diubah untuk tema ini
consultation-theme-which = Tanggapan yang dijawab tema ini
consultation-theme-submit = Tambahkan tema
consultation-report-publish-title = Publikasikan laporan
consultation-report-id = Pengantar dalam bahasa Indonesia
consultation-report-en = Pengantar dalam bahasa Inggris
consultation-report-hint = Apa yang dipelajari instansi, dan langkah berikutnya.
consultation-report-publish = Publikasikan laporan tanggapan
consultation-staff-done-moderated = Tanggapan sudah dimoderasi; penulisnya sudah diberi tahu.
consultation-staff-done-theme = Tema sudah ditambahkan.
mail-consultation-published-subject = [{ $site }] Tanggapan Anda dipublikasikan
mail-consultation-published-body = Yth. { $name },

    Tanggapan Anda atas "{ $title }" telah dipublikasikan.

    { $link }
mail-consultation-refused-subject = [{ $site }] Tanggapan Anda tidak dipublikasikan
mail-consultation-refused-body = Yth. { $name },

    Tanggapan Anda atas "{ $title }" tidak dipublikasikan, karena { $reason }.

    Anda dapat mengirim tanggapan lain selama konsultasi dibuka: { $link }
