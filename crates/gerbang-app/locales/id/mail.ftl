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

    Jika Anda tidak membuat akun ini, hubungi layanan bantuan: { $url }/help
mail-counter-account-subject = [{ $site }] Akun dibuat untuk Anda di loket
mail-counter-account-body = Yth. { $name },

    Petugas membuat akun untuk alamat email ini saat mengajukan permohonan atas nama Anda.
    Sampai Anda dapat membuat kata sandi secara daring, ikuti permohonan Anda di { $url }/track dengan nomornya, atau tanyakan di loket.
mail-staff-account-subject = [{ $site }] Akun petugas Anda
mail-staff-account-body = Yth. { $name },

    Akun petugas di { $site } telah dibuat untuk Anda. Masuk di { $url }/login dengan alamat email ini dan kata sandi yang diberikan administrator secara terpisah, lalu ganti di menu "Akun".
mail-password-changed-subject = [{ $site }] Kata sandi Anda telah diubah
mail-password-changed-body = Yth. { $name },

    Kata sandi akun Anda telah diubah, dan semua sesi lain telah dikeluarkan.
    Jika bukan Anda yang melakukannya, segera hubungi layanan bantuan: { $url }/help
mail-footer = { $site } · { $url }
    Email ini dikirim otomatis. Mohon tidak membalasnya.
