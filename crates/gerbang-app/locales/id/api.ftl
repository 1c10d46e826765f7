## Token API pribadi (halaman akun)
tokens-link = Token API untuk program yang bekerja atas nama Anda
tokens-title = Token API
tokens-intro = Token pribadi memungkinkan sebuah program menggunakan API Gerbang atas nama Anda: mengajukan permohonan, memantau permohonan Anda, dan bagi petugas, memproses berkas. Perlakukan token seperti kata sandi Anda, dan cabut token bila program tidak lagi memerlukannya.
tokens-list = Token Anda
tokens-none = Anda belum memiliki token API.
tokens-name = Nama
tokens-created = Dibuat
tokens-last-used = Terakhir dipakai
tokens-never-used = Belum pernah
tokens-actions = Tindakan
tokens-revoke = Cabut
tokens-revoke-named = Cabut token { $name }
tokens-create-title = Buat token
label-token-name = Nama token
hint-token-name = Nama untuk mengenalinya nanti, misalnya nama program yang menggunakannya.
tokens-create-submit = Buat token
notice-token-created = Token baru Anda telah dibuat. Salin sekarang: token ini tidak akan ditampilkan lagi.
tokens-new-label = Token baru Anda
tokens-new-hint = Kirimkan sebagai header "Authorization: Bearer" diikuti token ini.
notice-token-revoked = Token telah dicabut. Program yang memakainya tidak dapat lagi bertindak atas nama Anda.
tokens-api-description = Deskripsi API (OpenAPI)
tokens-back = Kembali ke akun saya

## Galat API
api-error-token-name-required = Beri nama token ini
api-error-token-missing = Kirimkan token API dalam header "Authorization: Bearer gbg_…". Buat token di halaman akun Anda atau melalui POST /api/v1/auth/token.
api-error-token-invalid = Token API ini tidak sah: mungkin sudah dicabut, atau salah ketik.
api-error-idempotency-key-reused = Idempotency-Key ini sudah dipakai untuk permintaan lain. Gunakan kunci baru untuk permintaan baru.
api-error-idempotency-key-malformed = Idempotency-Key harus terdiri dari 1 sampai 255 karakter ASCII yang terlihat, misalnya UUID.
api-error-not-json = Isi permintaan bukan JSON yang sah.
api-error-content-type = Kirimkan isi permintaan sebagai JSON, dengan header "Content-Type: application/json".
api-error-not-object = Kirimkan objek JSON
api-error-not-text = Isikan sebagai teks
api-error-not-list = Berikan ini sebagai daftar teks
api-error-not-scalar = Isikan teks, angka, atau true atau false
api-error-service-unknown = Tidak ada layanan dengan nama ini
api-problem-idempotency-key-reused-title = Idempotency-Key dipakai ulang
api-problem-invalid-credentials-title = Alamat email atau kata sandi salah

## Webhooks
error-webhook-url = Masukkan alamat lengkap endpoint Anda, diawali https://
error-webhook-https = Gunakan alamat https://: http biasa hanya untuk instalasi uji coba
error-webhook-credentials = Jangan cantumkan nama pengguna dan kata sandi di alamat: tanda tangan membuktikan setiap pesan berasal dari kami
error-webhook-event-type = Pilih dari jenis peristiwa yang tersedia
