## Email. Setiap pesan terdiri dari `mail-<jenis>-subject` dan `mail-<jenis>-body`, lalu
## `mail-footer`.

mail-submitted-subject = [{ $site }] Permohonan { $reference } telah diterima
mail-submitted-body = Yth. { $name },

    Permohonan { $service } Anda telah kami terima dengan nomor { $reference }.
    Status saat ini: { $status }.

    Ikuti di sini: { $link }
mail-submitted-assisted-subject = [{ $site }] Permohonan { $reference } diajukan untuk Anda di loket
mail-submitted-assisted-body = Yth. { $name },

    Petugas telah mengajukan permohonan { $service } atas nama Anda dengan nomor { $reference }.
    Status saat ini: { $status }.

    Siapa pun dapat memeriksa status dengan nomor tersebut di { $url }/track
mail-status-subject = [{ $site }] Permohonan { $reference }: { $status }
mail-status-body = Yth. { $name },

    Status permohonan { $reference } untuk { $service } sekarang: { $status }.

    Lihat rinciannya: { $link }
mail-correction-subject = [{ $site }] Permohonan { $reference }: perlu perbaikan
mail-correction-body = Yth. { $name },

    Permohonan { $reference } untuk { $service } perlu diperbaiki sebelum dapat diproses lebih lanjut.
    Masuk, buka "Permohonan saya", perbaiki isian, lalu kirim kembali: { $link }
mail-resubmitted-subject = [{ $site }] Permohonan { $reference }: perbaikan diterima
mail-resubmitted-body = Yth. { $name },

    Perbaikan permohonan { $reference } untuk { $service } telah kami terima dan kembali diproses instansi.
    Status saat ini: { $status }.
mail-comment = Komentar petugas: { $comment }
mail-payment-subject = [{ $site }] Pembayaran diterima untuk permohonan { $reference }
mail-payment-body = Yth. { $name },

    Pembayaran Anda sebesar { $amount } untuk permohonan { $reference } ({ $service }) telah kami terima.
    Tagihan { $invoice } lunas. Tidak ada lagi yang perlu Anda lakukan untuk tagihan ini.
mail-refund-subject = [{ $site }] Pengembalian dana permohonan { $reference }
mail-refund-body = Yth. { $name },

    Biaya sebesar { $amount } yang Anda bayar untuk permohonan { $reference } ({ $service }) telah dikembalikan.
    Tergantung bank Anda, dana dapat tiba dalam beberapa hari kerja.
mail-document-issued-subject = [{ $site }] Dokumen { $number } Anda sudah terbit
mail-document-issued-body = Yth. { $name },

    Dokumen untuk permohonan { $reference } ({ $service }) telah terbit dengan nomor { $number }.
    Unduh dari "Dokumen saya": { $url }/documents/{ $number }
    Siapa pun dapat memeriksa keasliannya di { $url }/verify
mail-document-revoked-subject = [{ $site }] Dokumen { $number } telah dicabut
mail-document-revoked-body = Yth. { $name },

    Dokumen { $number } Anda telah dicabut dan tidak lagi terverifikasi sebagai sah.
    Alasan: { $reason }
    Jika menurut Anda ini keliru, hubungi instansi yang menerbitkannya.
mail-welcome-subject = [{ $site }] Akun Anda sudah siap
mail-welcome-body = Yth. { $name },

    Akun Anda di { $site } telah dibuat untuk alamat email ini. Sekarang Anda dapat mengajukan layanan dan mengikuti permohonan secara daring: { $url }/services

    Mohon konfirmasikan bahwa alamat ini milik Anda: { $link }

    Jika Anda tidak membuat akun ini, hubungi layanan bantuan: { $url }/help
mail-counter-account-subject = [{ $site }] Akun dibuat untuk Anda di loket
mail-counter-account-body = Yth. { $name },

    Petugas membuat akun untuk alamat email ini saat mengajukan permohonan atas nama Anda.
    Untuk masuk dan mengikuti permohonan secara daring, atur kata sandi Anda sendiri dengan tautan ini (berlaku sekali, selama { $days } hari): { $link }
    Anda juga dapat mengikuti permohonan di { $url }/track dengan nomornya, atau bertanya di loket.
mail-staff-account-subject = [{ $site }] Akun petugas Anda
mail-staff-account-body = Yth. { $name },

    Akun petugas di { $site } telah dibuat untuk Anda. Atur kata sandi Anda sendiri dengan tautan ini (berlaku sekali, selama { $days } hari): { $link }
    Saat pertama kali masuk, Anda akan menyiapkan faktor kedua: aplikasi autentikator di ponsel yang menampilkan kode.
mail-password-changed-subject = [{ $site }] Kata sandi Anda telah diubah
mail-password-changed-body = Yth. { $name },

    Kata sandi akun Anda telah diubah, dan semua sesi lain telah dikeluarkan.
    Jika bukan Anda yang melakukannya, segera hubungi layanan bantuan: { $url }/help
mail-password-reset-subject = [{ $site }] Atur kata sandi baru
mail-password-reset-body = Yth. { $name },

    Seseorang (semoga Anda) meminta untuk mengatur kata sandi baru bagi akun Anda. Gunakan tautan ini dalam { $minutes } menit; tautan hanya berlaku sekali:
    { $link }

    Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tetap seperti semula.
mail-verify-email-subject = [{ $site }] Konfirmasi alamat email Anda
mail-verify-email-body = Yth. { $name },

    Mohon konfirmasikan bahwa alamat ini milik Anda: { $link }
mail-second-factor-added-subject = [{ $site }] Faktor kedua telah disiapkan
mail-second-factor-added-body = Yth. { $name },

    Faktor kedua (aplikasi autentikator) telah disiapkan untuk akun Anda. Semua sesi lain telah dikeluarkan dan token API Anda dicabut.
    Jika bukan Anda yang melakukannya, segera hubungi layanan bantuan: { $url }/help
mail-second-factor-reset-subject = [{ $site }] Faktor kedua Anda telah diatur ulang
mail-second-factor-reset-body = Yth. { $name },

    Administrator telah mengatur ulang faktor kedua akun Anda. Saat masuk berikutnya Anda akan menyiapkan yang baru.
    Jika Anda tidak memintanya, segera hubungi administrator Anda.
mail-recovery-code-used-subject = [{ $site }] Kode pemulihan telah dipakai
mail-recovery-code-used-body = Yth. { $name },

    Seseorang masuk ke akun Anda dengan salah satu kode pemulihan. Sisa kode Anda: { $left }.
    Jika bukan Anda, ganti kata sandi dan segera hubungi layanan bantuan: { $url }/help
mail-footer = { $site } · { $url }
    Email ini dikirim otomatis. Mohon tidak membalasnya.
