## Identitas dan akses: faktor kedua, tautan pemulihan, sesi, token, penonaktifan.

error-second-factor-required-title = Siapkan faktor kedua Anda
error-second-factor-required-message = Akun petugas memerlukan faktor kedua (kode dari aplikasi autentikator) sebelum dapat melakukan apa pun.
error-reauthentication-required-title = Pastikan ini Anda
error-reauthentication-required-message = Tindakan ini meminta Anda memasukkan lagi kata sandi atau kode dari aplikasi.
error-insufficient-scope-title = Token tidak mengizinkan ini
error-insufficient-scope-message = Cakupan token API ini tidak meliputi operasi ini. Buat token dengan cakupan yang diperlukan.
api-problem-password-not-enough-title = Kata sandi saja tidak cukup untuk akun ini
error-token-password-not-enough = Token akun petugas, dan akun yang memakai faktor kedua, dibuat di halaman akun setelah masuk dengan faktor kedua.
api-error-token-expired = Token API ini sudah kedaluwarsa. Buat token baru.
api-error-not-integer = Masukkan bilangan bulat
error-token-scopes = Pilih sedikitnya satu cakupan yang ditawarkan
error-token-days = Masa berlaku token antara 1 dan { $max } hari
error-account-disabled = Akun ini telah dinonaktifkan. Hubungi administrator instansi Anda.
error-code-wrong = Kode itu tidak benar atau sudah dipakai. Ketik 6 angka yang tampil di aplikasi sekarang, atau salah satu kode pemulihan Anda.
error-confirm-wrong = Itu bukan kata sandi Anda, juga bukan kode aplikasi yang berlaku
error-link-expired = Tautan ini tidak berlaku lagi: sudah dipakai, kedaluwarsa, atau ada tautan yang lebih baru. Minta tautan baru.
error-password-guessable-common = Kata sandi ini ada dalam daftar kata sandi yang pertama dicoba penyerang. Pilih yang lain, misalnya beberapa kata yang tidak berhubungan.
error-password-guessable-keyboard = Deretan dan pola tombol mudah ditebak. Pilih beberapa kata yang tidak berhubungan.
error-password-guessable-repeats = Huruf atau kata yang berulang mudah ditebak. Pilih beberapa kata yang tidak berhubungan.
error-password-guessable-sequence = Urutan seperti abc atau 1234 mudah ditebak. Pilih beberapa kata yang tidak berhubungan.
error-password-guessable-dates = Tanggal dan tahun mudah ditebak. Pilih beberapa kata yang tidak berhubungan.
error-password-guessable-names = Nama, termasuk nama atau alamat email Anda sendiri, mudah ditebak. Pilih beberapa kata yang tidak berhubungan.
error-password-guessable-words = Kata sandi ini terlalu mudah ditebak. Tambahkan satu atau dua kata lain yang tidak berhubungan.

throttled-title = Terlalu banyak percobaan
throttled-help = Minta bantuan

login-forgot = Lupa kata sandi?
notice-password-set = Kata sandi Anda sudah diatur. Silakan masuk dengannya.
notice-email-verified = Terima kasih: alamat email Anda sudah dikonfirmasi.
notice-verification-sent = Kami telah mengirim tautan konfirmasi baru ke alamat email Anda.

factor-login-title = Masukkan kode Anda
factor-login-intro = Buka aplikasi autentikator di ponsel Anda dan ketik kode 6 angka yang tampil untuk situs ini.
factor-login-submit = Lanjutkan
label-code = Kode
hint-code = 6 angka dari aplikasi Anda, misalnya 123456.
hint-code-or-recovery = 6 angka dari aplikasi Anda, misalnya 123456, atau salah satu kode pemulihan Anda.
factor-lost-title = Ponsel saya hilang
factor-lost-text = Gunakan salah satu kode pemulihan yang Anda simpan saat menyiapkan aplikasi. Petugas yang tidak punya sisa kode meminta administrator instansinya mengatur ulang faktor kedua.

factor-enrol-title = Siapkan faktor kedua
factor-enrol-required = Akun petugas wajib memakai faktor kedua: kode dari aplikasi di ponsel Anda, selain kata sandi.
factor-enrol-step-app = Pasang aplikasi autentikator
factor-enrol-step-app-text = Aplikasi apa pun yang membuat kode berbasis waktu dapat dipakai, misalnya FreeOTP, Aegis, Google Authenticator, atau Microsoft Authenticator.
factor-enrol-step-scan = Tambahkan situs ini ke aplikasi
factor-enrol-qr-label = Kode QR untuk dipindai dengan aplikasi autentikator
factor-enrol-secret-text = Pindai kode QR dengan aplikasi, atau ketik kunci ini ke dalamnya:
factor-enrol-step-code = Ketik kode yang tampil di aplikasi
factor-enrol-submit = Aktifkan faktor kedua

factor-title = Faktor kedua
factor-in-place = Akun Anda meminta kode dari aplikasi autentikator setelah kata sandi.
factor-codes-left = Sisa kode pemulihan Anda: { $n }.
factor-codes-new = Buat kode pemulihan baru

codes-title = Kode pemulihan Anda
codes-saved-notice = Faktor kedua Anda sudah aktif. Sesi lain telah dikeluarkan dan token API dicabut.
codes-intro = Jika ponsel Anda hilang, setiap kode ini dapat dipakai sekali untuk masuk. Cetak atau catat dan simpan di tempat aman: kode hanya ditampilkan sekarang.
codes-continue = Saya sudah menyimpan kode saya

confirm-title = Pastikan ini Anda
confirm-intro = Tindakan ini mengubah hal penting, jadi kami menanyakan lagi siapa Anda.
label-confirm-secret = Kata sandi Anda, atau kode dari aplikasi
hint-confirm-secret = Kami menanyakannya paling sering setiap beberapa menit.
confirm-submit = Konfirmasi

forgot-title = Lupa kata sandi
forgot-intro = Ketik alamat email akun Anda. Kami akan mengirim tautan untuk mengatur kata sandi baru.
forgot-submit = Kirim tautan
forgot-sent = Jika { $email } memiliki akun, tautan untuk mengatur kata sandi baru sedang dikirim. Tautan berlaku sekali, selama 30 menit.
forgot-sent-more = Belum masuk? Periksa folder spam, periksa alamatnya, atau minta lagi beberapa menit lagi.
forgot-back = Kembali ke halaman masuk

reset-title = Atur kata sandi baru
reset-submit = Atur kata sandi
reset-ask-again = Minta tautan baru

verify-email-title = Konfirmasi alamat email Anda
verify-email-intro = Konfirmasikan bahwa alamat email ini milik Anda.
verify-email-submit = Konfirmasi alamat saya
verify-resend = Kirim tautan konfirmasi baru
account-unverified = Alamat email Anda belum dikonfirmasi. Buka tautan yang kami kirimkan.

account-security = Keamanan
account-factor-on = Faktor kedua: aktif
account-factor-off = Siapkan faktor kedua
sessions-link = Tempat Anda masuk

sessions-title = Tempat Anda masuk
sessions-intro = Setiap peramban atau perangkat tempat Anda sedang masuk. Keluarkan yang tidak Anda kenali, lalu ganti kata sandi Anda.
sessions-this-one = Perangkat ini
sessions-address = Alamat
sessions-started = Masuk
sessions-last-used = Terakhir dipakai
sessions-provider = Masuk dengan
sessions-unknown-device = Perangkat tidak dikenal
sessions-end = Keluarkan
sessions-end-named = Keluarkan { $device }
sessions-end-others = Keluar dari semua tempat lain
notice-session-ended = Sesi itu telah dikeluarkan.
notice-sessions-others-ended = { $n } sesi lain telah dikeluarkan.

tokens-scopes = Mengizinkan
tokens-expires = Berlaku sampai
tokens-expired = Kedaluwarsa
label-token-scopes = Apa yang boleh dilakukan token
hint-token-scopes = Berikan kepada program hanya yang diperlukannya.
label-token-days = Hari sampai kedaluwarsa
hint-token-days = Antara 1 dan { $max }.
scope-applications-read = Membaca permohonan, tagihan, dan dokumen saya
scope-applications-submit = Mengajukan, menyimpan draf, mengirim perbaikan
scope-cases-read = Membaca berkas instansi saya
scope-cases-act = Memproses berkas: langkah, pengambilan, pengajuan di loket
scope-payments = Pembayaran

staff-status = Status
staff-active = Aktif
staff-disabled = Nonaktif
staff-disable = Nonaktifkan { $name }
staff-enable = Aktifkan { $name }
staff-reset-factor = Atur ulang faktor kedua { $name }
staff-revoke-role = Cabut peran ini dari { $name }
notice-staff-disabled = Akun telah dinonaktifkan: sesi dan tokennya langsung berhenti.
notice-staff-enabled = Akun telah diaktifkan kembali.
notice-staff-factor-reset = Faktor kedua telah diatur ulang: orang itu menyiapkan yang baru saat masuk berikutnya.
notice-staff-role-revoked = Peran telah dicabut.

oidc-sign-in-with = Masuk dengan { $provider }
oidc-or-password = Atau masuk dengan alamat email dan kata sandi Anda:
oidc-failed-title = Gagal masuk
oidc-failed = Masuk dengan { $provider } gagal: jawabannya terlambat, diubah, atau sudah dipakai. Coba lagi.
oidc-unavailable = Masuk dengan { $provider } sedang tidak tersedia. Coba lagi beberapa menit lagi, atau masuk dengan kata sandi.
oidc-email-taken = Sudah ada akun dengan alamat email yang sama. Masuk ke akun itu dengan kata sandi, lalu pilih "Tautkan akun { $provider } Anda" di halaman akun.
oidc-try-again = Coba lagi
oidc-use-password = Masuk dengan kata sandi
oidc-link = Tautkan akun { $provider } Anda ke akun ini
error-assurance-required-title = Diperlukan cara masuk yang lebih kuat
error-assurance-required-message = Layanan ini meminta Anda masuk melalui penyedia identitas nasional pada tingkat yang lebih tinggi.
assurance-title = Masuk dengan identitas digital Anda
assurance-intro = Untuk mengajukan { $service }, instansi harus yakin siapa Anda: instansi meminta Anda masuk dengan identitas digital.
assurance-how = Masuk dengan { $provider }; Anda akan kembali ke formulir.
hint-initial-password = Tidak wajib. Kosongkan, dan pegawai baru mengatur kata sandinya sendiri lewat tautan yang kami kirim ke emailnya.
