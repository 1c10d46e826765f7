# Balasan pesan singkat: masing-masing satu pesan (160 karakter), tanpa data pribadi.

sms-filed = Aduan diterima: { $reference }. Untuk mengikuti, kirim STATUS { $reference }
sms-filing-refused = Mohon jelaskan masalahnya minimal 10 karakter: ADUAN <apa, di mana>
sms-filing-throttled = Terlalu banyak aduan dari nomor ini dalam satu jam terakhir. Silakan coba lagi nanti.
sms-status = { $reference }: { $status }
sms-status-unknown = Tidak ada permohonan atau aduan dengan nomor { $reference }.
sms-help = Untuk mengadu: ADUAN <apa, di mana>. Untuk status: STATUS <nomor>.
sms-error-number = Pengirim bukan nomor telepon
