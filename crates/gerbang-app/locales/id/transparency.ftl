transparency-title = Transparansi log audit
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
