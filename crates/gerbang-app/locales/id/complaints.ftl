## Pengaduan, laporan, dan permintaan informasi.

nav-complaints = Pengaduan
nav-complaints-inbox = Pengaduan
complaints-title = Pengaduan dan laporan
complaints-intro = Setiap pengaduan mendapat nomor, batas waktu, dan instansi yang wajib menjawabnya. Daftar ini terbuka untuk umum: tanpa nama, dan isi pengaduan yang dirahasiakan tidak ditampilkan.
complaint-new-button = Sampaikan pengaduan atau laporan
complaints-mine-title = Pengaduan saya
complaints-inbox-title = Pengaduan yang harus ditangani
complaints-show-all = Sertakan pengaduan yang selesai, ditolak, dan digabung
complaints-pages = Pengaduan lainnya
complaints-newer = Pengaduan yang lebih baru
complaints-older = Pengaduan yang lebih lama
complaints-count = { $count ->
    [0] Tidak ada pengaduan yang sesuai
   *[other] { $count } pengaduan
}
complaint-reference = Nomor
complaint-title-label = Judul
complaint-title-hint = Beberapa kata, misalnya "Lampu jalan mati di Jl. Melati".
complaint-agency = Instansi
complaint-category = Kategori
complaint-state = Status
complaint-filed = Disampaikan
complaint-due = Batas waktu
complaint-escalated-tag = Dieskalasi
complaint-escalated-to = Dieskalasi ke
complaint-merged-into = Ditindaklanjuti dengan nomor
complaint-private-title = Pengaduan rahasia
complaint-private-text = Pelapor meminta agar isi pengaduan ini tidak ditampilkan untuk umum.
complaint-heading = Pengaduan { $reference }

complaint-new-title = Sampaikan pengaduan, laporan, atau permintaan
complaint-new-intro = Sampaikan kepada instansi apa yang tidak beres, apa yang rusak, atau apa yang ingin Anda ketahui. Anda mendapat nomor untuk memantaunya, dan instansi wajib menjawab dalam batas waktu yang ditampilkan.
complaint-choose-agency = Instansi mana yang dimaksud?
complaint-choose-agency-hint = Jika ragu, pilih pemerintah kota: pengaduan akan diteruskan ke instansi yang tepat.
complaint-continue = Lanjut
complaint-change-agency = pilih instansi lain
complaint-kind = Apa yang Anda sampaikan?
complaint-kind-complaint = Pengaduan
complaint-kind-report = Laporan masalah
complaint-kind-information_request = Pertanyaan atau permintaan informasi
complaint-description = Apa yang terjadi?
complaint-description-hint = Sebutkan apa, di mana, dan kapan. Jangan cantumkan data pribadi orang lain.
complaint-application = Nomor permohonan Anda
complaint-application-hint = Jika pengaduan menyangkut salah satu permohonan Anda, misalnya GRB-7K3F-9QXM-4.
complaint-contact = Bagaimana kami menghubungi Anda?
complaint-contact-hint = Anda tidak perlu akun. Cantumkan alamat email atau nomor ponsel, atau keduanya: hanya dipakai untuk pengaduan ini.
complaint-contact-name = Nama
complaint-contact-email = Alamat email
complaint-contact-phone = Nomor ponsel
complaint-contact-phone-hint = Misalnya 0812 3456 7890.
complaint-place = Lokasi
complaint-address = Alamat atau patokan
complaint-point-hint = Atau koordinat dalam derajat desimal, seperti yang ditampilkan aplikasi peta (misalnya -7.5663 dan 110.8166).
complaint-latitude = Lintang
complaint-longitude = Bujur
complaint-photos = Foto
complaint-photos-hint = Paling banyak 3 foto, JPEG atau PNG.
complaint-photo-n = Foto { $n }
complaint-privacy = Privasi
complaint-confidential = Rahasiakan identitas saya
complaint-confidential-hint = Petugas instansi tidak melihat nama dan kontak Anda; hanya admin koordinator yang melihatnya.
complaint-confidential-staff = Ya: petugas tidak melihat siapa pelapornya
complaint-private = Jangan tampilkan isi pengaduan saya
complaint-private-hint = Daftar umum hanya menampilkan kategori dan statusnya.
complaint-honeypot = Biarkan kolom ini kosong
complaint-submit = Kirim

complaint-keep-link = Simpan tautan ini
complaint-keep-link-text = Anda menyampaikan tanpa akun. Dengan tautan ini Anda dapat memantau pengaduan, membalas instansi, dan menilai jawabannya. Tautan ini juga kami kirim ke email Anda, jika Anda mencantumkannya. Siapa pun yang memegang tautan ini dapat melakukan hal yang sama, jadi jangan bagikan.
complaint-rating = Penilaian Anda
complaint-rating-value = { $n } dari 5
complaint-timeline = Riwayat penanganan
complaint-not-public = Tidak publik
complaint-close-title = Puas dengan jawabannya?
complaint-close-submit = Tutup pengaduan saya
complaint-rate-title = Nilai penanganan pengaduan Anda
complaint-rate-submit = Kirim penilaian
complaint-rating-question = Seberapa baik pengaduan Anda diselesaikan? (tidak wajib)
complaint-rating-1 = 1 – sangat buruk
complaint-rating-2 = 2 – buruk
complaint-rating-3 = 3 – cukup
complaint-rating-4 = 4 – baik
complaint-rating-5 = 5 – sangat baik
complaint-reply-title = Belum selesai?
complaint-reply-label = Balasan Anda
complaint-reply-hint = Instansi wajib menjawab lagi dalam batas waktunya.
complaint-reply-submit = Kirim balasan
complaint-reopen-title = Tidak puas dengan penutupannya?
complaint-reopen-label = Mengapa Anda membukanya kembali?
complaint-reopen-hint = Pengaduan dapat dibuka kembali satu kali.
complaint-reopen-submit = Buka kembali pengaduan saya

complaint-complainant = Pelapor
complaint-identity-hidden = Pelapor meminta identitasnya dirahasiakan. Hanya admin koordinator yang melihatnya.
complaint-channel = Disampaikan melalui
complaint-channel-web = situs web
complaint-channel-api = API
complaint-channel-open311 = Open311
complaint-channel-sms = SMS
complaint-triage-title = Verifikasi dan disposisi
complaint-verify-hint = Verifikasi jika ini pengaduan yang sah dan ditangani melalui platform ini.
complaint-assign-to = Instansi yang wajib menjawab
complaint-assign-submit = Disposisikan
complaint-reject-reason = Alasan penolakan
complaint-reject-hint = Pelapor membaca alasan ini.
complaint-merge-into = Nomor pengaduan yang sama
complaint-merge-hint = Pengaduan akan ditindaklanjuti dengan nomor tersebut.
complaint-answer-title = Jawab pengaduan
complaint-answer-label = Tindak lanjut
complaint-answer-hint = Sebutkan apa yang sudah dilakukan, atau apa yang akan dilakukan dan kapan.
complaint-answer-public = Tampilkan jawaban ini untuk umum
complaint-answer-public-hint = Ditampilkan di halaman publik (kecuali pengaduan dirahasiakan). Kosongkan untuk jawaban yang hanya dibaca pelapor.
complaint-answer-submit = Kirim jawaban

complaint-state-received = Diterima
complaint-state-verified = Diverifikasi
complaint-state-assigned = Didisposisikan ke instansi
complaint-state-followed_up = Dijawab
complaint-state-closed = Selesai
complaint-state-rejected = Ditolak
complaint-state-merged = Digabung
complaint-state-reopened = Dibuka kembali
complaint-step-file = Disampaikan
complaint-step-verify = Verifikasi
complaint-step-assign = Didisposisikan
complaint-step-reject = Tolak
complaint-step-merge = Gabungkan
complaint-step-answer = Dijawab
complaint-step-reply = Pelapor membalas
complaint-step-close = Ditutup oleh pelapor
complaint-step-auto_close = Ditutup otomatis (tidak ada balasan dalam batas waktu)
complaint-step-reopen = Dibuka kembali oleh pelapor
complaint-step-escalate = Batas waktu terlewati: dieskalasi
complaint-step-rate = Dinilai
complaint-event-file = Disampaikan
complaint-event-verify = Diverifikasi
complaint-event-assign = Didisposisikan
complaint-event-reject = Ditolak
complaint-event-merge = Digabung dengan pengaduan lain
complaint-event-answer = Dijawab
complaint-event-reply = Pelapor membalas
complaint-event-close = Ditutup oleh pelapor
complaint-event-auto_close = Ditutup otomatis (tidak ada balasan dalam batas waktu)
complaint-event-reopen = Dibuka kembali oleh pelapor
complaint-event-escalate = Batas waktu terlewati: dieskalasi
complaint-event-rate = Dinilai
complaint-kind-label = Jenis
complaint-confidential-label = Identitas dirahasiakan
complaint-role-complainant = Pelapor
complaint-role-coordinator = Admin koordinator
complaint-role-officer = Petugas
complaint-role-system = Gerbang
complaint-done-filed = Pengaduan Anda terkirim. Simpan nomornya.
complaint-done-verify = Pengaduan telah diverifikasi.
complaint-done-assign = Pengaduan telah didisposisikan.
complaint-done-reject = Pengaduan telah ditolak.
complaint-done-merge = Pengaduan telah digabung.
complaint-done-answer = Jawaban Anda terkirim.
complaint-done-reply = Balasan Anda terkirim ke instansi.
complaint-done-close = Pengaduan Anda ditutup. Terima kasih.
complaint-done-rate = Terima kasih atas penilaian Anda.
complaint-done-reopen = Pengaduan Anda dibuka kembali. Instansi wajib menjawab lagi.

error-complaint-robot = Formulir tidak dapat dikirim. Silakan coba lagi
error-complaint-agency = Pilih instansi yang dimaksud
error-complaint-kind = Pilih apa yang Anda sampaikan
error-complaint-category = Pilih kategori
error-complaint-category-kind = Kategori ini tidak menerima jenis tersebut: pilih kategori lain
error-complaint-title = Isi judul
error-complaint-description = Jelaskan apa yang terjadi, paling sedikit 10 karakter
error-complaint-contact = Cantumkan alamat email atau nomor ponsel agar instansi dapat menjawab Anda
error-complaint-phone = Isi nomor ponsel dengan format yang benar, misalnya 0812 3456 7890
error-complaint-point = Isi lintang dan bujur dalam derajat desimal, misalnya -7.5663 dan 110.8166
error-complaint-photos = Pilih paling banyak { $n } foto
error-complaint-photo-kind = Foto harus berupa gambar JPEG atau PNG
error-complaint-photo-size = Ukuran foto terlalu besar
error-complaint-application = Ini bukan nomor salah satu permohonan Anda
error-complaint-text = Isi teksnya
error-complaint-rating = Pilih nilai 1 sampai 5
error-complaint-merge = Isi nomor pengaduan lain yang masih terbuka dan ditangani di sini

agency-complaints-title = Pengaduan
agency-complaints-total = Disampaikan
agency-complaints-open = Menunggu instansi
agency-complaints-closed = Selesai
agency-complaints-overdue = Melewati batas waktu
agency-complaints-escalated = Dieskalasi
agency-complaints-rating = Rata-rata penilaian penyelesaian
agency-complaints-no-rating = belum dinilai
agency-complaints-link = Lihat pengaduan untuk instansi ini
agency-complaints-file = Sampaikan pengaduan tentang instansi ini

mail-complaint-filed-subject = [{ $site }] Pengaduan { $reference } diterima
mail-complaint-filed-body = Yth. { $name },

    Pengaduan Anda telah kami terima. Nomornya { $reference } dan statusnya: { $state }.

    Pantau, balas instansi, dan nilai jawabannya melalui tautan ini (jangan dibagikan):
    { $followlink }
mail-complaint-answered-subject = [{ $site }] Pengaduan { $reference } telah dijawab
mail-complaint-answered-body = Yth. { $name },

    Instansi telah menjawab pengaduan Anda { $reference }.

    { $extra }

    Baca jawabannya, balas, atau tutup pengaduan: { $link }
mail-complaint-rejected-subject = [{ $site }] Pengaduan { $reference } ditolak
mail-complaint-rejected-body = Yth. { $name },

    Pengaduan Anda { $reference } ditolak dengan alasan:

    { $extra }

    { $link }
mail-complaint-merged-subject = [{ $site }] Pengaduan { $reference } ditindaklanjuti dengan nomor { $extra }
mail-complaint-merged-body = Yth. { $name },

    Pengaduan Anda { $reference } sama dengan pengaduan { $extra } yang sudah ditangani, sehingga ditindaklanjuti dengan nomor tersebut.

    { $link }
mail-complaint-assigned-subject = [{ $site }] Pengaduan { $reference } telah didisposisikan
mail-complaint-assigned-body = Yth. { $name },

    Pengaduan Anda { $reference } telah diverifikasi dan diteruskan ke instansi yang wajib menjawabnya. Statusnya: { $state }.

    { $link }
mail-complaint-closed-subject = [{ $site }] Pengaduan { $reference } ditutup
mail-complaint-closed-body = Yth. { $name },

    Pengaduan Anda { $reference } ditutup karena tidak ada balasan atas jawaban instansi dalam batas waktu. Jika tidak puas, Anda dapat membukanya kembali satu kali, dan Anda dapat menilai penanganannya.

    { $link }
mail-complaint-escalated-subject = [{ $site }] Pengaduan { $reference } dieskalasi
mail-complaint-escalated-body = Yth. { $name },

    Batas waktu pengaduan Anda { $reference } terlewati, sehingga pengaduan diteruskan ke { $extra } yang kini mengawasinya.

    { $link }
mail-complaint-escalated-staff-subject = [{ $site }] Pengaduan { $reference } melewati batas waktu
mail-complaint-escalated-staff-body = Yth. { $name },

    Pengaduan { $reference } melewati batas waktu dan kini diawasi oleh { $agency }. Mohon pastikan pengaduan ini dijawab.

    { $link }
