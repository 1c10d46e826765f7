transparency-title = Log transparansi audit
transparency-intro = Setiap perubahan di platform ini, dan setiap kali petugas membaca data seseorang, dicatat di log audit dalam transaksi yang sama dengan perubahannya. Log ini berupa pohon Merkle seperti Certificate Transparency: setelah sebuah entri disegel ke dalamnya, tidak ada yang dapat mengubah, menghapus, atau menukar urutannya tanpa terlihat pada kepala pohon bertanda tangan di bawah.
transparency-how-title = Cara kerjanya
transparency-how-append = Entri baru disegel ke pohon setiap beberapa detik, dan setiap penyegelan menandatangani kepala pohon: jumlah entri dan hash akar, ditandatangani dengan kunci log platform.
transparency-how-public = Entri yang diterbitkan tidak memuat data pribadi: hanya waktu, tindakan, jenis subjek dengan id tersamar, dan ringkasan (digest) bergaram dari entri lengkapnya. Entri lengkap hanya untuk auditor berwenang, dan bacaan mereka pun dicatat.
transparency-how-proof = Siapa pun dapat meminta bukti bahwa sebuah entri ada di pohon (bukti inklusi) dan bahwa pohon yang lebih baru masih memuat pohon sebelumnya (bukti konsistensi). Pemohon dapat mengunduh bukti bahwa keputusan atas permohonannya ada di log dari halaman permohonan.
transparency-how-verify = Pengelola memeriksa seluruh log dengan perintah gerbang audit verify, yang menghitung ulang pohon dari basis data dan menyebut setiap entri yang diubah, dihapus, disisipkan, atau dipindahkan.
transparency-heads-title = Kepala pohon bertanda tangan terbaru
transparency-no-heads = Belum ada kepala pohon yang ditandatangani.
transparency-size = Entri
transparency-signed = Ditandatangani
transparency-root = Hash akar (base64)
transparency-pending = { $n ->
    [one] Satu entri menunggu disegel.
   *[other] { $n } entri menunggu disegel.
}
transparency-api-title = Untuk pemeriksaan dengan perangkat lunak
transparency-api-sth = Kepala pohon bertanda tangan terbaru (JSON)
transparency-api-keys = Kunci publik log (JWK set)
transparency-api-entries = Entri terbitan pertama (JSON)
transparency-api-doc = Dokumen API, beserta titik akhir bukti (OpenAPI)
transparency-proof-not-yet = Keputusan atas permohonan ini belum disegel ke log audit. Coba lagi sebentar lagi.
transparency-proof-link = Bukti bahwa keputusan ini ada di log audit publik (JSON)
error-proof-range = Tidak ada kepala pohon bertanda tangan dengan ukuran ini, atau daun tersebut tidak ada di pohon itu
footer-transparency = Log audit
my-data-link = Data saya: siapa yang melihatnya, dan salinan seluruhnya
my-data-title = Data saya
my-data-intro = Setiap kali petugas sebuah instansi membuka permohonan, pengaduan, atau dokumen Anda, hal itu dicatat. Di sini Anda melihat kapan, instansi mana, dalam peran apa, dan untuk apa. Anda juga dapat mengunduh seluruh data tentang Anda yang disimpan platform ini.
my-data-download = Unduh seluruh data saya (JSON)
my-data-reads-title = Siapa yang melihat data saya
my-data-no-reads = Belum ada petugas yang membuka permohonan, pengaduan, atau dokumen Anda.
my-data-when = Kapan
my-data-agency = Instansi
my-data-role = Peran
my-data-officer = Petugas
my-data-why = Untuk apa
my-data-of-application = Permohonan Anda { $reference }
my-data-of-complaint = Pengaduan Anda { $reference }
my-data-of-document = Dokumen Anda { $number }
my-data-of-invoice = Tagihan permohonan Anda { $reference }
my-data-log = Catatan ini bagian dari log audit, yang tidak dapat diubah siapa pun tanpa ketahuan:
open-data-title = Data terbuka
open-data-intro = Angka dan katalog platform ini diterbitkan agar dapat digunakan kembali oleh siapa pun, dalam profil aplikasi Eropa yang dibaca portal data (CPSV-AP untuk layanan publik, DCAT-AP untuk dataset), di alamat yang tidak berubah.
open-data-catalog-title = Katalog dataset
open-data-catalog-text = Deskripsi DCAT-AP 3.0.1 untuk setiap dataset di bawah, agar dapat dikumpulkan otomatis oleh portal data.
open-data-catalog-ttl = Katalog dataset (DCAT-AP, Turtle)
open-data-catalog-jsonld = Katalog dataset (DCAT-AP, JSON-LD)
open-data-datasets-title = Dataset
open-data-services-title = Layanan publik dan standar pelayanannya
open-data-services-text = Setiap layanan dalam katalog sebagai CPSV-AP 3.2.0: instansi yang berwenang, persyaratan, biaya, kanal daring, produk, dasar hukum, dan waktu penyelesaian, dalam bahasa Inggris dan Indonesia.
open-data-services-ttl = Layanan publik (CPSV-AP, Turtle)
open-data-services-jsonld = Layanan publik (CPSV-AP, JSON-LD)
open-data-ikm-title = Indeks Kepuasan Masyarakat (IKM)
open-data-ikm-text = Indeks kepuasan per bulan, unsur demi unsur (Permen PANRB 14/2017). Bulan dengan kurang dari lima responden tidak ditampilkan.
open-data-ikm-csv = Indeks kepuasan (CSV)
open-data-ikm-page = Halaman indeks kepuasan, per instansi dan layanan
open-data-log-title = Log transparansi audit
open-data-log-text = Entri audit yang diterbitkan beserta kepala pohon bertanda tangan dan buktinya, dalam JSON.
open-data-licence = Seluruh data di sini diterbitkan dengan lisensi Creative Commons Atribusi 4.0 (CC BY 4.0).
footer-open-data = Data terbuka
perf-title = Kinerja
perf-intro = Seberapa cepat dan baik permohonan ditangani, dari catatan platform sendiri. Angka dari kurang dari lima kasus tidak ditampilkan agar tidak ada angka yang menunjuk seseorang.
perf-agency = Instansi
perf-all-agencies = Semua instansi
perf-service = Layanan
perf-all-services = Semua layanan instansi
perf-period = Periode
perf-months = { $n ->
    [one] Bulan ini
   *[other] { $n } bulan terakhir
}
perf-show = Tampilkan
perf-summary = Dalam periode ini
perf-received = Permohonan diterima
perf-decided = Permohonan diputus
perf-median = Median waktu penyelesaian
perf-p90 = 90 % diputus dalam
perf-within = Diputus sesuai standar pelayanan
perf-approval = Disetujui
perf-backlog = Masih berjalan
perf-overdue = Berjalan dan melewati batas waktu
perf-withheld = tidak ditampilkan
perf-k = Jumlah di bawah { $k } tidak ditampilkan, begitu pula persentase dan waktu yang dihitung dari kurang dari { $k } kasus.
perf-target-met = Target instansi { $target } % sesuai standar pelayanan: tercapai pada periode ini.
perf-target-not-met = Target instansi { $target } % sesuai standar pelayanan: belum tercapai pada periode ini.
perf-trend = Per bulan
perf-trend-weeks = Per minggu
perf-chart-title = Permohonan diterima dan diputus, per bulan
perf-chart-desc = Diagram batang permohonan yang diterima dan diputus setiap bulan dalam periode; tabel di bawah memuat angka yang sama.
perf-chart-caption = Abu-abu: diterima. Biru: diputus. Bulan tanpa batang berisi kurang dari lima.
perf-month = Bulan
perf-by = Tren
perf-by-month = Per bulan
perf-by-week = Per minggu
perf-week = Minggu
perf-week-label = Minggu ke-{ $week }, { $year }
perf-week-short = M{ $week }
perf-chart-title-weeks = Permohonan diterima dan diputus, per minggu
perf-complaints = Pengaduan
perf-complaints-line = Seluruhnya { $total } pengaduan, { $open } menunggu tindak lanjut pemerintah, { $overdue } melewati batas waktu.
perf-complaints-link = Daftar pengaduan
perf-ikm-link = Indeks kepuasan untuk cakupan ini
perf-download = Unduh angka ini
perf-download-csv = Per bulan (CSV)
perf-download-json = Seluruh angka (JSON)
perf-target-title = Target instansi
perf-target-label = Persentase permohonan yang diputus sesuai standar pelayanan (persen)
perf-target-hint = Bilangan bulat 1 sampai 100, misalnya 95.
perf-target-save = Simpan target
error-target-range = Isikan bilangan bulat 1 sampai 100
footer-performance = Kinerja
perf-so-far = { $month } (sejauh ini)
open-data-log-json = Entri terbitan pertama (JSON)
open-data-perf-title = Kinerja instansi dan layanan
open-data-perf-text = Permohonan yang diterima dan diputus per bulan, persentase yang diputus sesuai standar pelayanan, dan tingkat persetujuan, untuk platform, setiap instansi, dan setiap layanan. Jumlah di bawah lima tidak ditampilkan.
open-data-perf-csv = Kinerja per bulan (CSV)
open-data-perf-json = Seluruh angka kinerja (JSON)
open-data-perf-page = Halaman kinerja
maturity-title = Kematangan digital
maturity-intro = Tahap e-government setiap layanan, diukur dari apa yang benar-benar ditawarkannya di platform ini, dan profil setiap instansi, beserta bukti di balik setiap angka.
maturity-stages-title = Empat tahap
maturity-stage-1 = Informasi: standar pelayanan diterbitkan, lengkap empat belas komponen.
maturity-stage-2 = Interaksi: formulir atau pertanyaan secara daring.
maturity-stage-3 = Transaksi: pengajuan daring dengan pelacakan, pembayaran tanpa datang ke kantor, dan hasil elektronik.
maturity-stage-4 = Integrasi: paling sedikit satu pertukaran data langsung dengan instansi lain.
maturity-compare-title = Perbandingan instansi
maturity-services = Layanan
maturity-by-stage = Layanan per tahap
maturity-stage-n = Tahap { $n }
maturity-stage3-share = Layanan pada tahap 3 atau lebih
maturity-online = Permohonan diajukan daring
maturity-complaints = Pengaduan ditangani dalam batas waktu
maturity-no-complaints = tidak ada pengaduan
maturity-datasets = Dataset dengan metadata lengkap
maturity-period = Permohonan, waktu, dan pengaduan: dua belas bulan terakhir. Angka dari kurang dari lima kasus tidak ditampilkan.
maturity-evidence-title = Bukti
maturity-evidence-csv = Bukti setiap layanan, kriteria demi kriteria (CSV)
maturity-evidence-json = Setiap profil beserta buktinya (JSON)
maturity-services-title = Layanan dan tahapnya
maturity-performance-link = Kinerja instansi ini, per bulan
maturity-met = Terpenuhi:
maturity-not-met = Belum terpenuhi:
maturity-criterion-standard = Standar pelayanan diterbitkan
maturity-criterion-form = Formulir daring
maturity-criterion-submission = Pengajuan dan pelacakan daring
maturity-criterion-payment = Pembayaran tanpa datang ke kantor
maturity-criterion-result = Hasil elektronik
maturity-criterion-exchange = Pertukaran data langsung dengan instansi lain
footer-maturity = Kematangan digital

## The auditor's reading of the full audit log
nav-audit-log = Log audit lengkap
auditor-title = Log audit: entri lengkap
auditor-intro = Setiap perubahan dan setiap pembacaan data pribadi oleh petugas, dengan rincian yang tidak dimuat di log publik. Pembacaan yang tidak didasari berkas, pengaduan, atau permintaan ditandai.
auditor-recorded = Pembacaan Anda atas halaman ini juga dicatat di log.
auditor-flagged-count = { $count ->
    [one] Satu pembacaan oleh petugas tidak memiliki dasar: berkas itu tidak ditugaskan kepadanya, tidak pernah ia tangani, dan sudah bukan pekerjaan yang terbuka.
   *[other] { $count } pembacaan oleh petugas tidak memiliki dasar: berkas itu tidak ditugaskan kepadanya, tidak pernah ia tangani, dan sudah bukan pekerjaan yang terbuka.
}
auditor-show-flagged = Tampilkan hanya ini
auditor-agency = Instansi
auditor-all-agencies = Semua instansi
auditor-action = Tindakan
auditor-action-hint = Awal nama tindakan, misalnya application. atau account.login
auditor-subject = Subjek
auditor-subject-hint = Persis, misalnya application:GRB-7K3F-9QXM-4
auditor-flagged-only = Hanya pembacaan yang ditandai
auditor-apply = Tampilkan entri
auditor-none = Tidak ada entri yang cocok.
auditor-entries = Entri, terbaru lebih dulu
auditor-when = Waktu
auditor-who = Pelaku
auditor-what = Apa
auditor-basis = Dasar pembacaan
auditor-details = Rincian
auditor-request = Permintaan
auditor-flagged = Ditandai
auditor-older = Entri lebih lama
auditor-basis-assigned = Ditugaskan kepada pembaca
auditor-basis-worked = Pernah ditangani pembaca
auditor-basis-open_work = Pekerjaan instansi yang masih terbuka
auditor-basis-none = Tanpa dasar

## The back office's workload, by service desk
workload-title = Beban kerja tim
workload-intro = { $weeks ->
    [one] Berkas terbuka tiap loket layanan saat ini, dan yang diterima serta diputus minggu ini. Per tim, tidak pernah per orang.
   *[other] Berkas terbuka tiap loket layanan saat ini, dan yang diterima serta diputus dalam { $weeks } minggu terakhir (minggu ini sejauh ini). Per tim, tidak pernah per orang.
}
workload-teams = Berkas terbuka per layanan
workload-service = Layanan
workload-open = Terbuka
workload-unassigned = Belum diambil
workload-received = { $weeks ->
    [one] Diterima minggu ini
   *[other] Diterima, { $weeks } minggu
}
workload-decided = { $weeks ->
    [one] Diputus minggu ini
   *[other] Diputus, { $weeks } minggu
}
workload-throughput = Penyelesaian per minggu
workload-chart-title = Permohonan diterima dan diputus per minggu: { $agency }
workload-chart-desc = Dua batang per minggu: permohonan diterima dan permohonan diputus. Tabel di bawah memuat angka yang sama.
workload-chart-caption = Minggu berjalan dihitung sejauh ini. Angka mingguan berasal dari rekap berkala, tertinggal beberapa detik.
workload-link = Beban kerja tim
