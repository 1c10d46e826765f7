## Layout
skip-to-content = Langsung ke konten utama
nav-label = Menu utama
nav-services = Layanan
nav-agencies = Instansi
nav-account = Akun saya
nav-staff = Pegawai
nav-sign-out = Keluar
nav-sign-in = Masuk
nav-register = Buat akun
lang-label = Bahasa
footer-top = Kembali ke atas
footer-about = Layanan publik { $site }, secara daring. Didukung oleh Gerbang, perangkat lunak e-government sumber terbuka.
breadcrumb-label = Navigasi remah roti
yes = Ya
no = Tidak

## Errors
error-summary-title = Ada yang perlu diperbaiki
title-error-prefix = Galat:
error-go-home = Ke halaman beranda
error-reference = Nomor rujukan untuk bantuan: { $id }
error-bad-request-title = Permintaan tidak dapat dipahami
error-bad-request-message = Ada bagian permintaan yang tidak sesuai format. Kembali, periksa isian Anda, lalu coba lagi.
error-unauthorized-title = Silakan masuk
error-unauthorized-message = Anda perlu masuk untuk melihat halaman ini.
error-forbidden-title = Anda tidak dapat melakukan ini
error-forbidden-message = Akun Anda tidak memiliki izin untuk halaman atau tindakan ini.
error-form-expired-title = Formulir sudah kedaluwarsa
error-form-expired-message = Demi keamanan Anda, formulir tidak dapat diterima. Kembali, muat ulang halaman, lalu kirim lagi.
error-cross-site-title = Permintaan dari situs lain ditolak
error-cross-site-message = Permintaan ini berasal dari situs web lain sehingga ditolak untuk melindungi akun Anda.
error-not-found-title = Halaman tidak ditemukan
error-not-found-message = Kami tidak menemukan halaman tersebut. Periksa alamatnya, atau mulai dari halaman beranda.
error-method-not-allowed-title = Tidak diizinkan di sini
error-method-not-allowed-message = Alamat ini tidak menerima jenis permintaan tersebut.
error-conflict-title = Bertentangan dengan keadaan saat ini
error-conflict-message = Perubahan tidak dapat dilakukan karena data telah berubah atau sudah ada. Muat ulang lalu coba lagi.
error-payload-too-large-title = Kiriman Anda terlalu besar
error-payload-too-large-message = Formulir atau berkas melebihi ukuran yang kami terima. Kirim yang lebih kecil.
error-unsupported-media-type-title = Format tidak didukung
error-unsupported-media-type-message = Permintaan dikirim dalam format yang tidak kami terima.
error-unprocessable-title = Ada informasi yang tidak valid
error-unprocessable-message = Periksa informasi yang ditandai lalu coba lagi.
error-too-many-requests-title = Terlalu banyak percobaan
error-too-many-requests-message = Anda mengirim terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar lalu coba lagi.
error-unavailable-title = Layanan sementara tidak tersedia
error-unavailable-message = Kami belum dapat memproses permintaan Anda. Tidak ada yang diubah. Coba lagi beberapa menit lagi.
error-internal-title = Terjadi kesalahan di sistem kami
error-internal-message = Permintaan Anda tidak dapat diselesaikan dan tidak ada yang diubah. Coba lagi nanti; jika terus terjadi, hubungi kami dengan nomor rujukan di bawah.

## Field errors
error-email-required = Masukkan alamat email Anda
error-email-invalid = Masukkan alamat email dengan format yang benar, misalnya nama@contoh.com
error-email-taken = Sudah ada akun dengan alamat email ini. Silakan masuk, atau gunakan alamat lain
error-password-too-short = Kata sandi minimal { $n } karakter
error-password-too-long = Kata sandi maksimal { $n } karakter
error-password-mismatch = Kedua kata sandi tidak sama
error-name-required = Masukkan nama lengkap Anda
error-too-long = Isian ini maksimal { $n } karakter
error-kind-required = Pilih apakah Anda mengajukan sebagai warga atau untuk badan usaha
error-login-failed = Alamat email atau kata sandi tidak benar
error-current-password = Kata sandi Anda saat ini tidak benar
error-agency-required = Pilih instansi yang Anda kelola
error-agency-unknown = Instansi ini tidak ada
error-roles-staff-only = Hanya akun pegawai yang dapat memiliki peran
error-role-required = Pilih peran

## Home and catalogue
home-title = Layanan publik
home-intro = { $count ->
    [one] Satu layanan publik kota tersedia secara daring.
   *[other] { $count } layanan publik kota, dalam satu tempat.
}
search-label = Cari layanan
search-placeholder = Misalnya: akta kelahiran, izin usaha
search-button = Cari
home-for-whom = Layanan untuk
audience-citizen = Warga
audience-business = Pelaku usaha
audience-agency = Instansi pemerintah
audience-citizen-blurb = Pencatatan sipil, surat keterangan, kesehatan, dan lainnya untuk penduduk.
audience-business-blurb = Perizinan untuk memulai dan menjalankan usaha.
audience-agency-blurb = Layanan yang diminta antarinstansi.
home-agencies = Instansi
services-title = Semua layanan
filter-audience = Untuk siapa?
filter-audience-all = Semua
services-count = { $count ->
    [one] Satu layanan
   *[other] { $count } layanan
}
search-results = { $count ->
    [0] Tidak ada layanan yang sesuai dengan pencarian Anda
    [one] Satu layanan sesuai dengan pencarian Anda
   *[other] { $count } layanan sesuai dengan pencarian Anda
}
search-none = Coba kata lain, dalam bahasa Indonesia atau Inggris, atau telusuri daftar instansi.
service-facts = Informasi utama
working-days = { $days } hari kerja
fee-free = Gratis
service-audience = Yang dapat mengajukan
service-fee = Biaya
service-sla = Standar waktu layanan
service-output = Yang Anda terima
valid-months = berlaku { $months } bulan
service-agency = Diselenggarakan oleh
service-about = Kegunaan layanan ini
service-requirements = Persyaratan
service-fee-breakdown = Rincian biaya
fee-item = Komponen
fee-amount = Jumlah
service-procedure = Alur layanan
service-form = Isian formulir
service-form-intro = Siapkan informasi ini sebelum Anda mulai.
form-field = Informasi
form-field-type = Jenis
form-field-required = Wajib
field-type-text = Teks
field-type-textarea = Teks panjang
field-type-number = Angka
field-type-money = Jumlah dalam rupiah
field-type-date = Tanggal
field-type-select = Pilihan dari daftar
field-type-checkbox = Kotak centang
field-type-email = Alamat email
field-type-phone = Nomor telepon
field-type-national-id = Nomor Induk Kependudukan (NIK)
field-type-file = Dokumen pindaian (unggah)
service-legal-basis = Dasar hukum
service-contact = Kontak
contact-phone = Telepon
contact-email = Email
contact-hours = Jam layanan
agencies-title = Instansi
agency-parent = Bagian dari
agency-services = Layanan
agency-no-services = Instansi ini belum memiliki layanan daring.

## Accounts
register-title = Buat akun
register-kind = Saya mengajukan sebagai
kind-citizen = Warga (untuk diri sendiri atau keluarga)
kind-business = Perwakilan badan usaha
kind-staff = Aparatur sipil negara
label-full-name = Nama lengkap
label-email = Alamat email
label-password = Kata sandi
hint-password = Minimal 10 karakter. Beberapa kata yang mudah Anda ingat adalah kata sandi yang baik.
label-password-confirm = Ulangi kata sandi
register-submit = Buat akun
register-have-account = Sudah punya akun?
login-title = Masuk
login-submit = Masuk
login-no-account = Belum punya akun?
login-throttled = Terlalu banyak percobaan masuk yang gagal. Demi keamanan Anda, coba lagi dalam { $minutes } menit.
account-title = Akun saya
account-kind = Jenis akun
account-roles = Peran
role-officer = Petugas
role-supervisor = Penyelia
role-cashier = Kasir
role-agency_admin = Administrator instansi
role-platform_admin = Administrator platform
role-auditor = Auditor
password-change-title = Ganti kata sandi
label-current-password = Kata sandi saat ini
label-new-password = Kata sandi baru
password-change-submit = Ganti kata sandi
notice-registered = Akun Anda telah dibuat dan Anda sudah masuk.
notice-password-changed = Kata sandi Anda telah diganti. Semua sesi lain telah dikeluarkan.

## Administration
staff-title = Akun pegawai
staff-list = Pegawai di instansi yang Anda kelola
label-role = Peran
label-agency = Instansi
staff-create = Tambah pegawai
label-initial-password = Kata sandi awal
staff-create-submit = Buat akun pegawai
notice-staff-created = Akun pegawai telah dibuat.

## Ruang tunggu (pembatasan beban)
busy-title = Banyak orang sedang menggunakan layanan ini
busy-place = Anda sedang mengantre, kira-kira di urutan ke-{ $place }. Anda tidak perlu melakukan apa pun.
busy-refresh = Halaman ini akan mencoba lagi dengan sendirinya dalam { $seconds } detik.
busy-try-now = Coba lagi sekarang
busy-not-sent = Formulir Anda belum terkirim, jadi belum ada yang tersimpan. Permohonan yang sudah dimulai didahulukan daripada pengunjung baru.
busy-send-again = Kembali dan kirim lagi dalam { $seconds } detik. Peramban biasanya menyimpan isian Anda; periksa apakah berkas Anda masih terlampir.


## Site look and pages
nav-menu = Menu
nav-counter = Ajukan di loket
nav-payments = Pembayaran
nav-pages = Halaman situs
brand-sub = Layanan publik daring
official-banner = Situs web resmi Pemerintah { $site }
footer-links = Tentang situs ini
footer-help = Bantuan dan kontak
footer-accessibility = Aksesibilitas
footer-privacy = Privasi
footer-verify = Periksa dokumen
meta-description = Layanan publik { $site } secara daring: temukan layanan, ajukan permohonan, bayar, lacak permohonan, dan periksa dokumen.
page-updated = Terakhir diperbarui { $date }
page-edit = Ubah halaman ini
pages-title = Halaman situs
pages-intro = Halaman bantuan, aksesibilitas, dan privasi yang ditautkan dari kaki setiap halaman. Tulis dalam Markdown, untuk setiap bahasa.
pages-view = lihat
pages-editing = Mengubah dalam { $lang }
pages-edit-in = Ubah dalam { $lang }
pages-field-title = Judul
pages-field-body = Isi
pages-field-body-hint = Markdown: ## untuk judul bagian, - untuk butir daftar, [teks](/alamat) untuk tautan. HTML ditampilkan sebagai teks.
pages-save = Simpan halaman
notice-page-saved = Halaman disimpan dan sudah tampil di situs.
error-page-title-required = Isi judul halaman
error-page-title-too-long = Judul paling banyak { $n } karakter
error-page-body-required = Isi teks halaman
error-page-body-too-long = Teks paling banyak { $n } karakter
cli-account-not-created = Akun tidak dibuat:
