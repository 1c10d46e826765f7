standard-title = Komponen standar pelayanan lainnya
standard-intro = Setiap instansi menerbitkan empat belas komponen standar pelayanan untuk setiap layanannya (Peraturan Menteri PANRB Nomor 15 Tahun 2014). Persyaratan, alur, waktu, biaya, produk, dan dasar hukum ada di atas; berikut komponen lainnya.
standard-complaint-handling = Penanganan pengaduan, saran, dan masukan
standard-complain-link = Sampaikan pengaduan tentang instansi ini
standard-facilities = Sarana, prasarana, dan fasilitas
standard-staff-competence = Kompetensi pelaksana
standard-internal-supervision = Pengawasan internal
standard-staff-count = Jumlah pelaksana
standard-staff-count-value = { $n ->
    [one] Satu pelaksana menangani layanan ini
   *[other] { $n } pelaksana menangani layanan ini
}
standard-service-guarantee = Jaminan pelayanan
standard-security-guarantee = Jaminan keamanan dan keselamatan pelayanan
standard-performance-evaluation = Evaluasi kinerja pelaksana
standard-performance-link = Kinerja layanan ini
