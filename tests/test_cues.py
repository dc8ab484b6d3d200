"""Event cues: every lexicon entry found in a sentence of its own, morphology by rule, longest match.

Every sentence below was written for this test (none is taken from an article)."""
from __future__ import annotations

from collections import defaultdict

import pytest

from graph.nlp.cues import MODES, TYPES, entries, find_cues, surface_table
from graph.nlp.morph import analyses, english_word_forms, inflections, surface_forms
from graph.resources import lexicon_path, read_lexicon_lines

ID = [
    # CONSULT
    ("temu", "Menteri Luar Negeri Jepang bertemu dengan mitranya dari Vietnam di Hanoi pada Selasa."),
    ("ketemu", "Kedua juru bicara akhirnya ketemu di Jenewa setelah berbulan-bulan saling menunggu."),
    ("jumpa", "Perdana Menteri Thailand berjumpa dengan Presiden Filipina di Manila."),
    ("runding", "Delegasi Armenia dan Azerbaijan berunding selama dua hari di Almaty."),
    ("bahas", "Kedua menteri membahas rencana jalur kereta lintas batas."),
    ("pembicaraan", "Pembicaraan antara Mesir dan Etiopia soal bendungan kembali buntu."),
    ("dialog", "Seoul dan Tokyo ingin melanjutkan dialog keamanan tahun depan."),
    ("konsultasi", "Menlu Australia berkonsultasi dengan Menlu Selandia Baru soal situasi Pasifik."),
    ("negosiasi", "Tim Iran bernegosiasi dengan utusan Eropa di Wina."),
    ("diskusi", "Para pejabat Kanada mendiskusikan isu perikanan dengan delegasi Norwegia."),
    ("tatap muka", "Kedua presiden bertatap muka untuk pertama kalinya sejak pemilu."),
    ("audiensi", "Duta besar Chile diterima dalam audiensi oleh Sultan Brunei."),
    ("mengatakan kepada", "Menlu Kenya mengatakan kepada mitranya dari Ghana bahwa jalur dagang harus dibuka."),
    ("berbicara dengan", "Kanselir Austria berbicara dengan Perdana Menteri Slovenia di sela upacara."),
    ("telepon", "Kanselir Jerman menelepon Presiden Prancis pada Minggu malam."),
    ("panggilan telepon", "Dalam panggilan telepon itu, Modi menyampaikan belasungkawa kepada Albanese."),
    ("panggilan video", "Kedua pemimpin mengadakan panggilan video selama satu jam."),
    ("percakapan telepon", "Percakapan telepon antara Erdogan dan Macron berlangsung hangat."),
    ("pembicaraan telepon", "Dalam pembicaraan telepon, Lula dan Petro menyinggung krisis Venezuela."),
    ("sambungan telepon", "Raja Yordania berbicara dengan Presiden Mesir melalui sambungan telepon."),
    ("konferensi video", "Para menteri perdagangan ASEAN berkumpul lewat konferensi video."),
    ("tautan video", "Presiden Kazakhstan menyapa peserta forum melalui tautan video dari Astana."),
    ("pertemuan virtual", "Pertemuan virtual itu diikuti menteri keuangan kedua negara."),
    ("bertemu secara virtual", "Menlu Brasil dan Menlu Argentina bertemu secara virtual pada Jumat."),
    ("kunjung", "Presiden Korea Selatan mengunjungi Jakarta pekan lalu."),
    ("kunjungan kenegaraan", "Raja Belanda memulai kunjungan kenegaraan ke Indonesia hari ini."),
    ("kunjungan resmi", "Perdana Menteri Malaysia melakukan kunjungan resmi ke Brunei."),
    ("kunjungan kerja", "Menteri Pertahanan Singapura dalam kunjungan kerja ke Canberra."),
    ("kunjungan kehormatan", "Duta besar baru itu melakukan kunjungan kehormatan kepada Ketua MPR."),
    ("lawat", "Lawatan Presiden Vietnam ke Laos berlangsung tiga hari."),
    ("tandang", "Kanselir Austria bertandang ke Budapest pekan ini."),
    ("kedatangan", "Kedatangan Presiden Kenya di Beijing diiringi upacara militer."),
    ("tiba di", "Presiden Turki tiba di Islamabad pada Rabu sore."),
    ("menerima kunjungan", "Presiden Mongolia menerima kunjungan Menlu Jepang di Ulaanbaatar."),
    ("sambut", "Emir Qatar menyambut Presiden Ghana di bandara Doha."),
    ("jamu", "Raja Thailand menjamu Kaisar Jepang dalam makan malam kenegaraan."),
    ("menjadi tuan rumah", "Arab Saudi menjadi tuan rumah pertemuan kedua pihak."),
    ("KTT", "Para pemimpin G7 berkumpul dalam KTT di Hiroshima."),
    ("konferensi tingkat tinggi", "Konferensi tingkat tinggi Uni Afrika dibuka di Addis Ababa."),
    ("pertemuan puncak", "Pertemuan puncak para pemimpin Arab digelar di Riyadh."),
    ("sidang umum", "Presiden Kolombia berpidato di Sidang Umum PBB."),
    ("hadir", "Perdana Menteri India menghadiri forum SCO di Astana."),
    ("di sela-sela", "Kedua menlu berbincang di sela-sela forum ASEAN di Vientiane."),
    ("di sela", "Biden dan Albanese berbincang di sela forum G20."),
    ("mediasi", "Norwegia memediasi perundingan antara pemerintah dan pemberontak."),
    ("penengah", "Oman bertindak sebagai penengah antara Teheran dan Washington."),
    ("mempertemukan", "Swiss mempertemukan delegasi kedua negara di Jenewa."),
    # AGREE
    ("sepakat", "Jakarta dan Canberra sepakat memperluas patroli maritim."),
    ("setuju", "Parlemen Eropa menyetujui perjanjian dengan Chile."),
    ("kesepahaman", "Kedua pihak mencapai kesepahaman soal batas maritim."),
    ("komitmen", "Jepang berkomitmen membangun pelabuhan di Papua Nugini."),
    ("janji", "Inggris berjanji mengirim lebih banyak vaksin ke Afrika."),
    ("siap bekerja sama", "Menlu Peru menyatakan negaranya siap bekerja sama dengan Indonesia."),
    ("ingin bekerja sama", "Presiden Ghana mengaku ingin bekerja sama lebih erat dengan Kenya."),
    ("menginginkan kerja sama", "Kolombia menginginkan kerja sama perikanan yang lebih luas dengan Ekuador."),
    ("keinginan untuk bekerja sama", "Uruguay menyampaikan keinginan untuk bekerja sama di bidang energi."),
    ("terima kasih", "Presiden Chili mengucapkan terima kasih kepada Vietnam atas bantuannya."),
    ("hargai", "Pemerintah Kenya menghargai peran Brasil dalam perundingan itu."),
    ("deklarasi kemitraan", "Chili dan Vietnam mendeklarasikan kemitraan komprehensif pekan ini."),
    ("deklarasi", "Aliansi antara Ghana dan Togo dideklarasikan di Lome tiga tahun silam."),
    ("jalin kemitraan", "Kenya menjalin kemitraan strategis dengan Brasil."),
    ("bersedia", "Turki bersedia menjadi penjamin perjanjian damai tersebut."),
    ("kesediaan", "Kenya menyampaikan kesediaan untuk menampung forum berikutnya."),
    ("undang", "Presiden Prancis mengundang Presiden Nigeria ke Paris."),
    ("menerima undangan", "Perdana Menteri Kanada menerima undangan untuk datang ke Seoul."),
    ("akan berkunjung", "Kanselir Jerman akan berkunjung ke Tokyo bulan depan."),
    ("akan mengunjungi", "Presiden Filipina akan mengunjungi Hanoi pada Agustus."),
    ("akan bertemu", "Putra Mahkota Saudi akan bertemu Presiden Mesir di Kairo."),
    ("akan bekerja sama", "Peru, Chili, dan Bolivia akan bekerja sama menjaga danau perbatasan."),
    ("dijadwalkan bertemu", "Menlu AS dijadwalkan bertemu Menlu China pekan depan."),
    ("dijadwalkan berkunjung", "Presiden Chile dijadwalkan berkunjung ke Wellington pada Oktober."),
    ("berencana mengunjungi", "Perdana Menteri Italia berencana mengunjungi Kyiv sebelum akhir tahun."),
    ("berencana bertemu", "Kedua pemimpin berencana bertemu di sela forum APEC."),
    ("rencana kunjungan", "Istana mengumumkan rencana kunjungan Raja Malaysia ke Jakarta."),
    ("tawar", "Korea Selatan menawarkan kredit lunak kepada Kamboja."),
    ("usul", "Indonesia mengusulkan forum trilateral dengan Malaysia dan Thailand."),
    ("jamin", "Washington menjamin keamanan kapal yang melintas di selat itu."),
    ("ikrar", "Kedua negara berikrar menjaga perdamaian di perbatasan."),
    ("tekad", "Timor Leste bertekad mempercepat keanggotaannya di ASEAN."),
    # SUPPORT
    ("puji", "Sekjen PBB memuji peran Indonesia dalam misi perdamaian."),
    ("dukung", "Brasil mendukung pencalonan Indonesia di Dewan Keamanan."),
    ("menyambut baik", "Uni Eropa menyambut baik keputusan Serbia membuka perbatasan."),
    ("apresiasi", "Presiden Palestina mengapresiasi sikap Malaysia."),
    ("tanda tangan", "Kedua menteri menandatangani perjanjian perikanan."),
    ("nota kesepahaman", "Perusahaan energi Aljazair meneken nota kesepahaman dengan Pertamina."),
    ("MoU", "Kedua universitas meneken MoU riset kelautan."),
    ("ratifikasi", "Senat Filipina meratifikasi perjanjian pertahanan dengan Jepang."),
    ("sah", "DPR mengesahkan perjanjian perbatasan dengan Singapura."),
    ("bela", "Menlu Iran membela sikap Rusia di forum PBB."),
    ("solidaritas", "Warga Dili menggelar aksi solidaritas untuk Palestina."),
    ("mengakui kedaulatan", "Meksiko mengakui kedaulatan Palestina dalam pernyataan resmi."),
    ("restu", "Dewan Keamanan merestui misi pengamat ke Haiti."),
    ("sanjung", "Pemimpin Kuba menyanjung persahabatan dengan Vietnam."),
    # CONCEDE
    ("minta maaf", "Pemerintah Belanda meminta maaf kepada Indonesia atas kekerasan masa kolonial."),
    ("mohon maaf", "Menlu Korea Selatan mohon maaf kepada keluarga korban dari Jepang."),
    ("maaf", "Presiden itu memaafkan para aktivis yang dihukum."),
    ("sesal", "Perdana Menteri Inggris menyesali keterlibatan negaranya dalam perbudakan."),
    ("ampun", "Raja Maroko mengampuni tiga warga Prancis."),
    ("grasi", "Presiden memberikan grasi kepada nelayan Malaysia."),
    ("amnesti", "Junta mengumumkan amnesti bagi tahanan politik."),
    ("konsesi", "Moskow memberikan konsesi kecil soal jalur gandum."),
    ("melunakkan sikap", "Beijing melunakkan sikap terhadap anggur Australia."),
    ("mencabut sanksi", "Washington mencabut sanksi terhadap sektor minyak Venezuela."),
    ("melonggarkan sanksi", "Uni Eropa melonggarkan sanksi terhadap Suriah."),
    ("mencabut embargo", "Pemerintah Jepang mencabut embargo produk laut dari Korea."),
    ("mengakui kesalahan", "Militer itu mengakui kesalahan dalam insiden di perbatasan."),
    # COOPERATE
    ("dagang", "Vietnam dan Kamboja berdagang beras melalui jalur darat."),
    ("ekspor", "Australia mengekspor batu bara ke India."),
    ("impor", "Filipina mengimpor beras dari Vietnam."),
    ("pasok", "Qatar memasok gas alam cair ke Pakistan."),
    ("latihan bersama", "Angkatan laut Indonesia dan India menggelar latihan bersama di Laut Andaman."),
    ("latihan militer bersama", "Latihan militer bersama Rusia dan Belarus dimulai Senin."),
    ("latihan gabungan", "Pasukan Thailand dan AS mengikuti latihan gabungan Cobra Gold."),
    ("patroli bersama", "Malaysia dan Filipina melakukan patroli bersama di Laut Sulu."),
    ("investasi", "Uni Emirat Arab berinvestasi di ibu kota baru Indonesia."),
    ("penanaman modal", "Penanaman modal Jepang di Thailand naik tahun ini."),
    ("proyek bersama", "Proyek bersama Laos dan China itu berupa jalur kereta cepat."),
    ("usaha patungan", "Perusahaan Korea dan Indonesia membentuk usaha patungan baterai."),
    ("ekstradisi", "Thailand mengekstradisi buronan itu ke Australia."),
    ("alih teknologi", "Kontrak itu mencakup alih teknologi dari Prancis ke Indonesia."),
    ("transfer teknologi", "Perjanjian itu memuat transfer teknologi drone ke Malaysia."),
    ("jual senjata", "Korea Selatan menjual senjata kepada Polandia."),
    ("beli senjata", "Mesir membeli senjata dari Italia."),
    ("berbagi intelijen", "Australia dan Inggris berbagi intelijen soal jaringan penyelundup."),
    # AID
    ("bantuan", "Jepang menyalurkan bantuan pangan ke Sudan."),
    ("bantuan kemanusiaan", "Bantuan kemanusiaan dari Malaysia diterbangkan ke Myanmar."),
    ("bantuan militer", "AS menyetujui bantuan militer baru untuk Taiwan."),
    ("paket bantuan", "Uni Eropa mengumumkan paket bantuan untuk Moldova."),
    ("mengirim bantuan", "Singapura mengirimkan bantuan obat-obatan ke Nepal."),
    ("donasi", "Arab Saudi mendonasikan lima juta dolar kepada UNRWA."),
    ("sumbang", "Korea Selatan menyumbang peralatan medis kepada Laos."),
    ("hibah", "Australia menghibahkan dua kapal patroli kepada Fiji."),
    ("pinjaman", "China memberikan pinjaman untuk pelabuhan Sri Lanka."),
    ("pasukan penjaga perdamaian", "Indonesia menambah pasukan penjaga perdamaian di Lebanon."),
    ("pasok senjata", "Jerman memasok senjata antitank kepada Ukraina."),
    ("mengirim senjata", "Laporan itu menyebut Iran mengirim senjata kepada milisi Houthi."),
    ("suaka", "Ekuador memberikan suaka kepada aktivis itu."),
    # RETREAT
    ("menarik pasukan", "Prancis menarik pasukannya dari Niger."),
    ("menarik mundur", "Armenia menarik mundur tentaranya dari garis depan."),
    ("mundur", "Pasukan pemberontak mundur dari kota itu pada Kamis."),
    ("mengundurkan diri", "Menlu itu mengundurkan diri setelah skandal dana politik."),
    ("gencatan senjata", "Israel dan Hizbullah mematuhi gencatan senjata."),
    ("jeda kemanusiaan", "Kedua pihak memberlakukan jeda kemanusiaan selama empat hari."),
    ("bebas", "Venezuela membebaskan dua warga AS."),
    ("pertukaran tahanan", "Rusia dan AS melakukan pertukaran tahanan di Abu Dhabi."),
    ("pertukaran tawanan", "Ukraina dan Rusia menggelar pertukaran tawanan perang."),
    ("lucut", "Pasukan PBB melucuti senjata milisi di wilayah itu."),
    ("demiliterisasi", "Rencana itu memuat demiliterisasi zona perbatasan."),
    ("menghentikan serangan", "Rusia menghentikan serangan ke fasilitas energi selama sebulan."),
    ("memulangkan", "Malaysia memulangkan ratusan pekerja migran ke Indonesia."),
    ("de-eskalasi", "Qatar mengharapkan de-eskalasi di Laut Merah."),
    # REQUEST
    ("minta", "Palestina meminta Dewan Keamanan bersidang darurat."),
    ("desak", "Kanada mendesak Haiti menggelar pemilu."),
    ("tuntut", "Serikat nelayan menuntut kompensasi dari perusahaan asing itu."),
    ("seru", "Paus menyerukan perdamaian di Sudan."),
    ("imbau", "Kemlu mengimbau warga negara Indonesia meninggalkan Lebanon."),
    ("himbau", "Pemerintah menghimbau kedua pihak menahan diri."),
    ("mohon", "Nelayan itu memohon perlindungan kepada konsulat."),
    ("ajak", "Presiden Brasil mengajak negara-negara BRICS memakai mata uang lokal."),
    ("perintah", "Hakim memerintahkan pelepasan kapal tanker itu."),
    ("mengajukan permohonan", "Bosnia mengajukan permohonan untuk bergabung dengan Uni Eropa."),
    ("permohonan keanggotaan", "Swedia menyerahkan permohonan keanggotaan kepada NATO."),
    # ACCUSE
    ("tuduh", "Manila menuduh kapal China menabrak kapal nelayannya."),
    ("kecam", "Liga Arab mengecam pembakaran kamp pengungsi."),
    ("kritik", "Menlu Kanada mengkritik kebijakan imigrasi Inggris."),
    ("kritisi", "Oposisi mengkritisi perjanjian perbatasan dengan Timor Leste."),
    ("menyalahkan", "Serbia menyalahkan Kosovo atas ketegangan terbaru."),
    ("cela", "Pemimpin Iran mencela normalisasi hubungan dengan Israel."),
    ("kutuk", "Indonesia mengutuk pembakaran kitab suci di Stockholm."),
    ("menyesalkan", "Kemlu menyesalkan perlakuan patroli Australia terhadap nelayan."),
    ("selidik", "Belanda menyelidiki jatuhnya pesawat di wilayah konflik."),
    ("investigasi", "PBB menginvestigasi dugaan kejahatan perang di Darfur."),
    ("tuding", "Pyongyang menuding Seoul melakukan provokasi."),
    ("sindir", "Presiden Venezuela menyindir Washington dalam pidatonya."),
    ("gugat", "Nikaragua menggugat Jerman di Mahkamah Internasional."),
    # REJECT
    ("tolak", "Hungaria menolak proposal anggaran baru."),
    ("bantah", "Kremlin membantah campur tangan dalam pemilu."),
    ("sangkal", "Beijing menyangkal laporan tentang pangkalan militer di Kamboja."),
    ("veto", "Rusia memveto resolusi soal Suriah."),
    ("tentang", "Turki menentang keanggotaan Swedia di NATO."),
    ("tampik", "Menlu Israel menampik usulan Prancis."),
    # THREATEN
    ("ancam", "Korea Utara mengancam akan membalas latihan sekutu."),
    ("memperingatkan", "Moskow memperingatkan Finlandia soal senjata nuklir di perbatasan."),
    ("peringatan keras", "Beijing mengeluarkan peringatan keras kepada Manila."),
    ("ultimatum", "Junta Niger memberi ultimatum kepada duta besar Prancis."),
    ("gertak", "Kapal perang itu menggertak kapal nelayan asing."),
    ("ancaman sanksi", "Ancaman sanksi dari Washington tidak mengubah sikap Ankara."),
    # PROTEST
    ("protes", "Warga Seoul memprotes pembuangan air limbah Fukushima."),
    ("unjuk rasa", "Ribuan orang berunjuk rasa di depan kedutaan Prancis."),
    ("demonstrasi", "Demonstrasi di depan kedutaan itu digelar di Dhaka."),
    ("demo", "Mahasiswa berdemo di depan Kedubes AS."),
    ("boikot", "Konsumen Malaysia memboikot produk merek Amerika."),
    ("aksi massa", "Aksi massa di depan pangkalan asing berlangsung di Okinawa."),
    ("mogok", "Buruh pelabuhan mogok selama dua hari."),
    # SANCTION
    ("sanksi", "Sanksi Inggris terhadap bank Rusia mulai berlaku."),
    ("menjatuhkan sanksi", "Uni Eropa menjatuhkan sanksi kepada pejabat Belarus."),
    ("mengenakan sanksi", "Kanada mengenakan sanksi terhadap perusahaan tambang Myanmar."),
    ("embargo", "Turki memberlakukan embargo terhadap Israel."),
    ("tarif", "AS menaikkan tarif baja dari China."),
    ("bea masuk", "India mengenakan bea masuk tinggi atas kedelai."),
    ("mengenakan tarif", "Meksiko mengenakan tarif balasan terhadap produk AS."),
    ("usir", "Jerman mengusir dua diplomat Rusia."),
    ("persona non grata", "Estonia menyatakan diplomat itu persona non grata."),
    ("putus hubungan diplomatik", "Belize memutus hubungan diplomatik dengan Israel."),
    ("putus hubungan", "Niger memutuskan hubungan militer dengan Prancis."),
    ("membekukan aset", "Swiss membekukan aset milik oligarki itu."),
    ("larangan ekspor", "Indonesia menerapkan larangan ekspor bijih nikel."),
    ("pembatasan ekspor", "Jepang memperketat pembatasan ekspor chip ke China."),
    ("daftar hitam", "AS memasukkan perusahaan drone itu ke daftar hitam."),
    ("menangguhkan", "Australia menangguhkan program beasiswa untuk Myanmar."),
    ("menarik duta besar", "Kolombia menarik duta besar dari Tel Aviv."),
    ("hukum", "Pengadilan Moskow menghukum jurnalis Amerika itu 16 tahun."),
    # MOBILIZE
    ("kerah", "Rusia mengerahkan tank ke perbatasan Finlandia."),
    ("mobilisasi", "Azerbaijan memobilisasi cadangan militernya."),
    ("siaga", "Taiwan menyiagakan sistem pertahanan udara."),
    ("menempatkan pasukan", "NATO menempatkan pasukan tambahan di Rumania."),
    ("mengirim pasukan", "Rwanda mengirim pasukan ke Mozambik."),
    ("mengirim kapal perang", "Inggris mengirim kapal perang ke perairan Guyana."),
    ("penumpukan pasukan", "Citra satelit menunjukkan penumpukan pasukan di dekat perbatasan."),
    ("konsentrasi pasukan", "Konsentrasi pasukan Venezuela di dekat Essequibo meningkat."),
    ("latihan militer", "China menggelar latihan militer di sekitar Taiwan."),
    ("latihan perang", "Pyongyang memantau latihan perang sekutu di selatan."),
    ("unjuk kekuatan", "Parade itu menjadi unjuk kekuatan di hadapan negara tetangga."),
    ("gelar pasukan", "Iran menggelar pasukan di sepanjang perbatasan barat."),
    # COERCE
    ("tangkap", "Polisi Myanmar menangkap dua jurnalis asing."),
    ("tahan", "Tiga warga Australia ditahan di Bali sejak Maret."),
    ("sita", "Bea cukai Korea menyita kapal tanker berbendera Panama."),
    ("rampas", "Milisi merampas kapal kargo di Laut Merah."),
    ("blokade", "Angkatan laut memblokade pelabuhan itu selama sebulan."),
    ("blokir", "Rusia memblokir akses ke situs berita asing."),
    ("larang", "Pemerintah Prancis melarang penerbangan dari negara itu."),
    ("serangan siber", "Estonia melaporkan serangan siber terhadap situs pemerintah."),
    ("retas", "Kelompok itu meretas jaringan kementerian luar negeri Belgia."),
    ("deportasi", "Malaysia mendeportasi puluhan pekerja ilegal."),
    ("penjara", "Iran memenjarakan seorang peneliti asal Swedia."),
    ("gerebek", "Aparat menggerebek kantor perwakilan asing itu."),
    ("menutup perbatasan", "Aljazair menutup perbatasan darat dengan Maroko."),
    # ASSAULT
    ("serang", "Pasukan Sudan menyerang kota El Fasher."),
    ("serangan udara", "Serangan udara merusak gudang senjata di Suriah."),
    ("serangan rudal", "Serangan rudal Iran menyasar pangkalan di Irak."),
    ("serangan drone", "Kilang minyak itu rusak akibat serangan drone."),
    ("invasi", "Irak menginvasi Kuwait pada 1990."),
    ("bom", "Pesawat koalisi mengebom jembatan di utara kota."),
    ("gempur", "Artileri menggempur posisi pemberontak di timur."),
    ("tembak", "Penjaga pantai menembakkan meriam air ke kapal Filipina."),
    ("hantam", "Rudal menghantam gedung apartemen di Dnipro."),
    ("perang melawan", "Perang melawan kartel narkoba memakan ribuan korban."),
    ("berperang", "Kedua negara itu berperang selama delapan tahun."),
    ("agresi", "Yerevan menyebut langkah Baku sebagai agresi."),
    ("caplok", "Rusia mencaplok Krimea pada 2014."),
    ("aneksasi", "Dunia tidak mengakui aneksasi wilayah itu."),
    ("menduduki", "Pasukan itu menduduki bandara kota sejak pagi."),
    ("bentrok", "Tentara India dan China bentrok di Lembah Galwan."),
    ("tempur", "Pasukan pemerintah bertempur dengan milisi di utara."),
    ("baku tembak", "Baku tembak terjadi di perbatasan Thailand dan Kamboja."),
    ("serbu", "Pasukan khusus menyerbu kapal yang dibajak."),
    ("operasi militer", "Turki melancarkan operasi militer di utara Irak."),
    ("bantai", "Milisi membantai warga desa di Darfur."),
    ("culik", "Kelompok bersenjata menculik dua insinyur asing."),
    ("sandera", "Pembajak menyandera awak kapal tanker."),
]

EN = [
    ("thank", "The Chilean president thanked Vietnam for its help."),
    ("declare a partnership", "Chile and Vietnam declared a partnership this week."),
    ("forge a partnership", "Kenya forged a partnership with Brazil."),
    # CONSULT
    ("meet", "The Indian prime minister met his Japanese counterpart in Osaka."),
    ("hold talks", "The foreign ministers held talks in Cairo on Monday."),
    ("talks", "Talks between Serbia and Kosovo resumed in Brussels."),
    ("negotiate", "Ethiopia and Egypt negotiated for hours over the dam."),
    ("negotiation", "Negotiations between the two governments stalled in March."),
    ("consult", "Canada consulted Mexico before the announcement."),
    ("consultation", "The envoy held consultations with Gulf officials."),
    ("discuss", "The presidents discussed border security."),
    ("sit down with", "The Chinese premier sat down with the Australian prime minister."),
    ("dialogue", "Seoul wants a dialogue with Pyongyang."),
    ("exchange views", "The ministers exchanged views on the Red Sea crisis."),
    ("round of talks", "A new round of talks opened in Doha."),
    ("phone", "The Turkish president phoned the Iranian leader."),
    ("telephone", "The chancellor telephoned the Polish prime minister on Sunday."),
    ("phone call", "In a phone call, the two leaders reviewed grain shipments."),
    ("telephone call", "A telephone call between Paris and Algiers eased tensions."),
    ("call with", "The president said in a call with the emir that he was hopeful."),
    ("speak by phone", "The Saudi crown prince spoke by phone with the French president."),
    ("speak by telephone", "The two foreign ministers spoke by telephone on Friday."),
    ("speak on the phone", "Modi and Putin spoke on the phone about the crisis."),
    ("video call", "The leaders held a video call on Wednesday."),
    ("video conference", "Ministers joined a video conference on climate finance."),
    ("videoconference", "The day opened with a videoconference between the two capitals."),
    ("video link", "The Japanese premier addressed the forum by video link."),
    ("virtual meeting", "The two presidents had a virtual meeting on Tuesday."),
    ("virtual summit", "Biden and Xi held a virtual summit in November."),
    ("visit", "The Kenyan president visited Beijing last week."),
    ("state visit", "The king began a state visit to Canada."),
    ("official visit", "The Thai premier is on an official visit to Laos."),
    ("working visit", "The minister is in Seoul on a working visit."),
    ("courtesy call", "The new ambassador paid a courtesy call on the foreign minister."),
    ("pay a visit", "The Qatari emir paid a visit to Tehran."),
    ("travel to", "The secretary of state travelled to Riyadh on Sunday."),
    ("fly to", "The chancellor flew to Kyiv on Thursday."),
    ("arrive in", "The Brazilian president arrived in Luanda on Thursday."),
    ("host", "The Egyptian president hosted the Jordanian king in Cairo."),
    ("play host to", "Singapore played host to the two leaders."),
    ("summit", "Leaders gathered for the summit in Johannesburg."),
    ("attend", "The Indonesian president attended the G20 in Rio."),
    ("ministerial meeting", "The ministerial meeting of the alliance ended without a statement."),
    ("general assembly", "The Chilean president addressed the General Assembly."),
    ("on the sidelines of", "The two leaders spoke on the sidelines of the climate conference."),
    ("mediate", "Qatar mediated between the two factions."),
    ("mediation", "Turkish mediation helped reopen the grain corridor."),
    ("broker", "Egypt brokered a channel between the rivals."),
    ("host talks", "Saudi Arabia hosted talks between the US and Ukraine."),
    # AGREE
    ("agree", "Chile and Peru agreed to reopen the border crossing."),
    ("reach an agreement", "The parties reached an agreement on fishing quotas."),
    ("reach agreement", "The unions and the government reached agreement late on Sunday."),
    ("reach a deal", "Lenders and Ghana reached a deal on debt relief."),
    ("strike a deal", "The two governments struck a deal on migration."),
    ("reach consensus", "Members reached consensus on the final text."),
    ("commit", "Norway committed to doubling its climate funding."),
    ("commitment", "Japan reaffirmed its commitment to the Pacific islands."),
    ("pledge", "Donors pledged two billion dollars for Sudan."),
    ("promise", "The premier promised to open the market to Thai rice."),
    ("vow", "The two leaders vowed to deepen ties."),
    ("offer", "Malaysia offered to hold the next round in Kuala Lumpur."),
    ("propose", "Brazil proposed a peace plan for the region."),
    ("proposal", "The Kenyan proposal received broad backing."),
    ("guarantee", "The United States guaranteed the bonds issued by Jordan."),
    ("ready to cooperate", "Vietnam said it is ready to cooperate with Indonesia on fisheries."),
    ("willing to cooperate", "Hungary is willing to cooperate with the inquiry."),
    ("will cooperate", "Peru and Chile will cooperate on protecting the border lake."),
    ("will work together", "Ghana and Togo will work together against smuggling on the coast."),
    ("express willingness", "Tehran expressed willingness to resume inspections."),
    ("express readiness", "Kazakhstan expressed readiness to host the next round."),
    ("invite", "The Polish president invited his Lithuanian counterpart to Warsaw."),
    ("invitation", "The invitation from Beijing came as a surprise."),
    ("extend an invitation", "The prime minister extended an invitation to the Thai king."),
    ("accept an invitation", "The Pope accepted an invitation to come to Jakarta."),
    ("accept the invitation", "The Nigerian leader accepted the invitation with thanks."),
    ("will visit", "The Japanese emperor will visit Indonesia in June."),
    ("will meet", "The leaders will meet again in Geneva."),
    ("plan to visit", "The chancellor plans to visit Brasilia next month."),
    ("plan to meet", "Officials plan to meet in Nairobi."),
    ("scheduled to visit", "The premier is scheduled to visit Hanoi in May."),
    ("scheduled to meet", "The envoys are scheduled to meet on Friday."),
    ("expected to visit", "The Indian president is expected to visit Fiji."),
    # SUPPORT
    ("praise", "The minister praised Malaysia for its role in the region."),
    ("commend", "The council commended Ghana's handling of the election."),
    ("hail", "Washington hailed the accord as historic."),
    ("laud", "The UN chief lauded the two countries for their restraint."),
    ("applaud", "Rights groups applauded the court's decision."),
    ("express support", "Jakarta expressed support for Palestinian statehood."),
    ("voice support", "Tokyo voiced support for the Philippine position."),
    ("support", "France supports Morocco's autonomy plan."),
    ("endorse", "The African Union endorsed the Kenyan candidate."),
    ("endorsement", "The endorsement by Saudi Arabia boosted the bid."),
    ("welcome", "The EU welcomed the election of the new president."),
    ("sign", "Vietnam and Australia signed a maritime pact."),
    ("ratify", "The Turkish parliament ratified the accession protocol."),
    ("ratification", "Ratification of the treaty by the Senate took two years."),
    ("defend", "Beijing defended Moscow's position at the council."),
    ("express solidarity", "Leaders expressed solidarity with the people of Libya."),
    ("stand with", "Canada stands with Ukraine, the minister said."),
    ("recognise", "Several Caribbean states recognized Palestine in 2024."),
    ("appreciate", "Dhaka appreciated Japan's help with the bridge project."),
    ("memorandum of understanding", "The ministries signed a memorandum of understanding on health."),
    ("MoU", "Pakistan and Turkey inked an MoU on the defence industry."),
    # CONCEDE
    ("apologise", "The government apologized to the families of the crew."),
    ("apology", "Tokyo issued an apology for the wartime abuses."),
    ("express regret", "Seoul expressed regret over the incident."),
    ("regret", "Ottawa regretted the decision to close the consulate."),
    ("pardon", "The president pardoned two British nationals."),
    ("concede", "The government conceded that the raid had been a mistake."),
    ("concession", "Moscow made concessions on the grain route."),
    ("back down", "The junta backed down after regional pressure."),
    ("ease sanctions", "Washington eased sanctions on Syrian banks."),
    ("lift sanctions", "The EU lifted sanctions on the former minister."),
    ("lift the embargo", "The council lifted the embargo on the country."),
    ("forgive", "The families said they forgave the soldiers."),
    ("compromise", "Both sides compromised on the final wording."),
    ("grant amnesty", "The government granted amnesty to rebel fighters."),
    ("accept responsibility", "The navy accepted responsibility for the collision."),
    # COOPERATE
    ("trade", "Brazil and China trade in their own currencies."),
    ("export", "Indonesia exports palm oil to Pakistan."),
    ("import", "Japan imported more Australian coal this year."),
    ("supply", "Norway supplies most of Germany's gas."),
    ("joint exercise", "The navies began a joint exercise in the Arabian Sea."),
    ("joint military exercise", "Egypt and Greece staged a joint military exercise."),
    ("joint drill", "The coast guards held joint drills near Palawan."),
    ("joint military drill", "Russia and China launched joint military drills in the Sea of Japan."),
    ("joint patrol", "Joint patrols by Thai and Malaysian police curbed smuggling."),
    ("joint venture", "A Korean and Indonesian joint venture will build battery cells."),
    ("joint project", "The joint project links the grids of Laos and Thailand."),
    ("cooperate", "Both navies cooperated in the rescue operation."),
    ("economic cooperation", "Economic cooperation between Hanoi and Seoul has grown fast."),
    ("military cooperation", "Military cooperation with Pyongyang alarmed Tokyo."),
    ("defence cooperation", "Defense cooperation between India and France covers jet engines."),
    ("invest", "Emirati firms invested heavily in Egyptian ports."),
    ("investment", "Chinese investment in Hungary reached a record."),
    ("share intelligence", "The allies share intelligence on smuggling networks."),
    ("extradite", "Spain extradited the suspect to Argentina."),
    ("technology transfer", "The contract includes technology transfer to Turkey."),
    ("arms sale", "The arms sale to Taiwan angered Beijing."),
    ("buy", "India bought Russian oil at a discount."),
    ("purchase", "Poland purchased tanks from South Korea."),
    # AID
    ("aid", "American aid to Kyiv resumed in April."),
    ("humanitarian aid", "Trucks carrying humanitarian aid crossed into Gaza."),
    ("military aid", "Military aid from Berlin doubled this year."),
    ("aid package", "The aid package for Haiti includes food and medicine."),
    ("assistance", "Japan provided technical assistance to Timor-Leste."),
    ("provide assistance", "The Red Cross provided assistance to the displaced families."),
    ("send aid", "Turkey sent aid to the flooded regions of Libya."),
    ("send humanitarian aid", "Indonesia sent humanitarian aid to Myanmar."),
    ("deliver aid", "Jordanian planes delivered aid over northern Gaza."),
    ("donate", "South Korea donated rice to the Philippines."),
    ("donation", "A donation from Kuwait rebuilt the school."),
    ("loan", "The World Bank approved a loan for Sri Lanka."),
    ("supply weapons", "Britain supplied weapons to Kyiv."),
    ("send weapons", "Iran sent weapons to the militia, the report said."),
    ("peacekeeper", "Indonesian peacekeepers patrol southern Lebanon."),
    ("relief supplies", "Relief supplies from Malaysia reached Aceh."),
    ("asylum", "Ecuador granted asylum to the former vice-president."),
    # RETREAT
    ("withdraw", "Russia withdrew from the grain deal in July."),
    ("withdraw troops", "France withdrew troops from Mali."),
    ("withdrawal", "The withdrawal of US forces from Niger ended in September."),
    ("pull out", "The contingent pulled out of the disputed village."),
    ("ceasefire", "The ceasefire between Israel and Hamas took effect in January."),
    ("cease-fire", "The cease-fire held through the weekend."),
    ("truce", "A truce between the two clans took effect."),
    ("armistice", "The armistice of 1953 never ended the war."),
    ("humanitarian pause", "A humanitarian pause let convoys reach the city."),
    ("release prisoners", "Belarus released prisoners after months of talks."),
    ("release hostages", "The group released hostages from three countries."),
    ("free hostages", "Hamas freed hostages under the deal."),
    ("prisoner swap", "Moscow and Washington completed a prisoner swap in Ankara."),
    ("prisoner exchange", "The prisoner exchange took place on the Belarus border."),
    ("disarm", "The rebels began to disarm in June."),
    ("demobilise", "The militia demobilized its fighters last year."),
    ("de-escalate", "Both armies moved to de-escalate along the frontier."),
    ("resign", "The foreign minister resigned over the scandal."),
    ("step down", "The envoy stepped down in March."),
    ("retreat", "Government forces retreated from the town."),
    ("halt attacks", "Kyiv halted attacks on Russian refineries."),
    ("repatriate", "Iraq repatriated hundreds of its citizens from Syria."),
    # REQUEST
    ("request", "Lebanon requested an emergency session of the council."),
    ("ask for", "The mayor asked for international help."),
    ("urge", "The UN urged both sides to show restraint."),
    ("call on", "Egypt called on Israel to open the crossings."),
    ("call for", "Leaders called for an end to the violence."),
    ("demand", "Protesters demanded the return of the detainees."),
    ("appeal", "The agency appealed for more funding."),
    ("seek", "Kenya sought loans from the Gulf states."),
    ("apply to join", "Thailand applied to join the BRICS group."),
    ("bid to join", "Ukraine's bid to join NATO divided the allies."),
    ("push for", "Jakarta pushed for a regional code of conduct."),
    ("press for", "Diplomats pressed for access to the sailors."),
    # ACCUSE
    ("accuse", "Manila accused Beijing of ramming its vessel."),
    ("accusation", "The accusation angered officials in Ankara."),
    ("condemn", "The council condemned the killing of the journalist."),
    ("condemnation", "Condemnation of the coup came from every capital."),
    ("criticise", "Canberra criticised the new visa rules."),
    ("criticism", "The plan drew criticism from Poland."),
    ("denounce", "Caracas denounced the grounding of its aircraft."),
    ("blame", "Kinshasa blamed Kigali for the unrest."),
    ("lash out at", "The president lashed out at Western critics."),
    ("slam", "Beijing slammed the latest statement from Manila."),
    ("rebuke", "The court rebuked the government for its conduct."),
    ("censure", "Parliament censured the minister over the affair."),
    ("investigate", "Dutch prosecutors investigated the downing of the jet."),
    ("investigation", "An investigation into the sinking began in Oslo."),
    ("probe", "Italian police probed the killing of the activist."),
    ("sue", "Ecuador sued Mexico at the world court."),
    ("deplore", "The bishops deplored the violence against migrants."),
    ("decry", "Activists decried the crackdown."),
    ("hold responsible", "The militia was held responsible for the burning of the village."),
    # REJECT
    ("reject", "Israel rejected the plan put forward by Cairo."),
    ("rejection", "The rejection of the plan surprised mediators."),
    ("refuse", "Hungary refused to endorse the statement."),
    ("refusal", "Beijing's refusal angered the delegates."),
    ("veto", "The United States vetoed the draft resolution."),
    ("deny", "Moscow denied any role in the incident."),
    ("turn down", "Colombia turned down the extradition order."),
    ("dismiss", "Tehran dismissed the allegations as baseless."),
    ("rebuff", "Pyongyang rebuffed the overture from Seoul."),
    ("spurn", "The rebels spurned the government's plan."),
    ("oppose", "France opposed the pact with the South American bloc."),
    # THREATEN
    ("threaten", "Ankara threatened military action against the militia."),
    ("threat", "The threat against the embassy prompted an evacuation."),
    ("warn", "Beijing warned Manila against further provocations."),
    ("ultimatum", "The ultimatum expired at midnight."),
    ("vow to retaliate", "Tehran vowed to retaliate for the killing of its general."),
    ("threat of sanctions", "The threat of sanctions hung over the negotiations."),
    # PROTEST
    ("protest", "Students protested outside the French embassy."),
    ("protester", "Protesters burned flags outside the consulate."),
    ("demonstration", "A demonstration against the government drew thousands."),
    ("demonstrator", "Demonstrators blocked the road to the palace."),
    ("boycott", "Several nations boycotted the ceremony."),
    ("walk out", "Delegates walked out during the speech."),
    ("rally against", "Farmers rallied against the agreement with Mercosur."),
    ("sit-in", "Students staged a sit-in at the embassy gates."),
    ("hunger strike", "The detained activist began a hunger strike."),
    # SANCTION
    ("sanction", "New sanctions on Iranian oil took effect."),
    ("impose sanctions", "Britain imposed sanctions on the shipping firm."),
    ("slap sanctions", "Washington slapped sanctions on the generals."),
    ("embargo", "The oil embargo hit the economy hard."),
    ("tariff", "Tariffs on Chinese steel rose to 25 percent."),
    ("impose tariffs", "Canada imposed tariffs on American goods."),
    ("expel", "Poland expelled three Russian diplomats."),
    ("expulsion", "The expulsion of the ambassador followed the spy scandal."),
    ("sever ties", "Bolivia severed ties with Israel."),
    ("cut ties", "Nicaragua cut ties with Taiwan."),
    ("break off diplomatic relations", "Venezuela broke off diplomatic relations with Colombia."),
    ("blacklist", "The Commerce Department blacklisted the chipmaker."),
    ("freeze assets", "Switzerland froze assets linked to the regime."),
    ("asset freeze", "The asset freeze covers the central bank."),
    ("export ban", "The export ban on rice worried buyers in Africa."),
    ("export controls", "Export controls on chips tightened again."),
    ("persona non grata", "The envoy was declared persona non grata."),
    ("suspend", "The bank suspended lending to the country."),
    ("downgrade ties", "Rabat downgraded ties with Berlin."),
    ("convict", "A Russian court convicted the American reporter."),
    # MOBILIZE
    ("mobilise", "Moscow mobilised 300,000 reservists."),
    ("mobilisation", "The partial mobilization began in September."),
    ("deploy", "Washington deployed bombers to Guam."),
    ("deploy troops", "Turkey deployed troops along the border."),
    ("deployment", "The deployment of missiles near the border alarmed Oslo."),
    ("mass troops", "Russia massed troops near Ukraine in 2021."),
    ("amass", "The army amassed tanks on the frontier."),
    ("troop build-up", "Satellite images showed a troop build-up."),
    ("military build-up", "The military build-up in the strait continued."),
    ("troop buildup", "A troop buildup near the border worried Kyiv."),
    ("military buildup", "Japan watched the military buildup with concern."),
    ("put on alert", "The garrison was put on alert after the launch."),
    ("high alert", "Troops along the border are on high alert."),
    ("send troops", "Rwanda sent troops to Mozambique."),
    ("send warships", "Britain sent warships to the Caribbean."),
    ("station troops", "The US stationed troops in northern Australia."),
    ("reinforcement", "Reinforcements arrived at the border post."),
    ("military drill", "China staged military drills around the island."),
    ("military exercise", "Military exercises near the frontier raised tensions."),
    ("war games", "The war games simulated a landing on the coast."),
    ("show of force", "The flyover was a show of force aimed at Seoul."),
    # COERCE
    ("seize", "Iran seized a tanker in the Gulf."),
    ("seizure", "The seizure of the vessel drew an angry reaction."),
    ("arrest", "Police arrested two foreign journalists."),
    ("detain", "Authorities detained the opposition leader."),
    ("detention", "The detention of the diplomat strained relations."),
    ("confiscate", "Customs confiscated the shipment."),
    ("blockade", "The naval blockade cut off the port."),
    ("ban", "The government banned flights from the country."),
    ("cyber attack", "A cyber attack disabled the ministry's servers."),
    ("cyberattack", "The cyberattack was traced to a foreign group."),
    ("hack", "The group hacked the election commission."),
    ("deport", "Malaysia deported dozens of migrants."),
    ("imprison", "The regime imprisoned the poet for ten years."),
    ("raid", "Police raided the foreign charity's offices."),
    ("close the border", "Algeria closed the border with Morocco."),
    # ASSAULT
    ("attack", "Militants attacked a convoy near the border."),
    ("assault", "Troops assaulted the rebel stronghold."),
    ("invade", "Iraq invaded Kuwait in 1990."),
    ("invasion", "The invasion of Ukraine began in February 2022."),
    ("bomb", "Jets bombed the bridge overnight."),
    ("bombard", "Artillery bombarded the city for days."),
    ("bombardment", "The bombardment destroyed the hospital."),
    ("airstrike", "An airstrike hit a school in the north."),
    ("air strike", "The air strike killed three commanders."),
    ("air raid", "Sirens sounded before an air raid on the capital."),
    ("missile strike", "A missile strike damaged the port."),
    ("drone strike", "A drone strike targeted the convoy."),
    ("missile attack", "The missile attack on the city killed ten."),
    ("drone attack", "A drone attack set the refinery ablaze."),
    ("strike", "Israeli jets struck targets in Lebanon."),
    ("shelling", "Shelling of the town continued overnight."),
    ("fire missiles", "The militia fired missiles at the ships."),
    ("fighting", "Fighting between the two armies displaced thousands."),
    ("war against", "The war against Ukraine entered its fourth year."),
    ("wage war", "The kingdom waged war on the rebels for years."),
    ("occupy", "Troops occupied the airport."),
    ("occupation", "The occupation of the territory lasted a decade."),
    ("annex", "Moscow annexed four regions in 2022."),
    ("annexation", "The annexation was rejected by most of the assembly."),
    ("shoot down", "Air defences shot down a drone."),
    ("military offensive", "The military offensive pushed into the city."),
    ("counteroffensive", "The counteroffensive stalled in the summer."),
    ("incursion", "The incursion into the border region surprised Moscow."),
    ("ambush", "Rebels ambushed a patrol."),
    ("clash", "Indian and Chinese troops clashed in the valley."),
    ("skirmish", "Border guards skirmished near the river."),
    ("massacre", "Gunmen massacred villagers in the north."),
    ("kidnap", "Gunmen kidnapped two aid workers."),
    ("abduct", "Militants abducted a foreign engineer."),
    ("take hostages", "The gunmen took hostages at the embassy."),
]

CASES = [("id", lemma, sentence) for lemma, sentence in ID] + [("en", lemma, sentence) for lemma, sentence in EN]


def lexicon(lang: str) -> dict[str, str]:
    return {entry.lemma: entry.type for entry in entries(lang)}


# --- every entry has a sentence, and is found in it ----------------------------------------------

@pytest.mark.parametrize("lang,lemma,sentence", CASES, ids=[f"{lang}:{lemma}" for lang, lemma, _ in CASES])
def test_every_cue_is_found_in_its_sentence(lang, lemma, sentence):
    kinds = lexicon(lang)
    assert lemma in kinds, f"{lemma!r} is not in {lang}/events.tsv"
    found = [(c.lemma, c.type) for c in find_cues(sentence, 0, len(sentence), lang)]
    assert (lemma, kinds[lemma]) in found, f"{lemma!r} not found in {sentence!r}: {found}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_lexicon_entry_has_a_sentence(lang):
    table = {lemma for case_lang, lemma, _ in CASES if case_lang == lang}
    path = lexicon_path(lang, "events.tsv")
    lemmas = [" ".join(line.split("\t")[0].split()) for line in read_lexicon_lines(path)]
    missing = [lemma for lemma in lemmas if lemma not in table]
    assert not missing, f"{lang}/events.tsv lemmas without a test sentence: {missing}"
    assert len(lemmas) == len(set(lemmas)), "a lemma is listed twice"


def test_no_sentence_is_used_twice():
    sentences = [sentence for _, _, sentence in CASES]
    assert len(sentences) == len(set(sentences))


# --- the lexicon itself ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["id", "en"])
def test_lexicon_covers_every_type_and_mode(lang):
    found = entries(lang)
    assert len(found) >= 150
    assert {e.type for e in found} == set(TYPES)
    assert {e.mode for e in found if e.mode} == set(MODES)
    assert all(e.mode is None for e in found if e.type != "CONSULT")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lexicon_header_names_the_columns_and_the_source(lang):
    text = lexicon_path(lang, "events.tsv").read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "lemma<TAB>type<TAB>mode<TAB>voice<TAB>note" in header
    assert "poros team" in header and "PLOVER" in header


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_form_reads_as_two_types(lang):
    """A surface form made from two lemmas of different types would be settled by file order alone;
    that must only happen when the form is itself a lemma (which then wins)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries(lang):
        for form in surface_forms(entry.lemma, lang):
            owners[form].add(entry.type)
    lemmas = {entry.lemma.lower() for entry in entries(lang)}
    clashes = {form: types for form, types in owners.items() if len(types) > 1 and form not in lemmas}
    assert not clashes


def test_morphology_exceptions_name_lemmas_of_the_lexicon():
    lemmas = {entry.lemma.lower() for entry in entries("id")}
    for line in read_lexicon_lines(lexicon_path("id", "morphology.tsv")):
        row = line.split("\t")
        if row[0] == "except":
            assert row[1].lower() in lemmas, row[1]


# --- Indonesian morphology ------------------------------------------------------------------------

@pytest.mark.parametrize("lemma,forms", [
    ("kecam", {"mengecam", "dikecam", "kecaman", "pengecaman", "kecamannya", "kecam"}),  # me+k -> meng, k drops
    ("kunjung", {"mengunjungi", "dikunjungi", "berkunjung", "kunjungan", "kunjungannya"}),
    ("kerah", {"mengerahkan", "dikerahkan", "pengerahan"}),
    ("temu", {"menemui", "ditemui", "bertemu", "pertemuan", "temu"}),  # me+t -> men, t drops
    ("tuduh", {"menuduh", "dituduh", "tuduhan"}),
    ("tangkap", {"menangkap", "penangkapan", "tertangkap"}),
    ("puji", {"memuji", "dipuji", "pujian"}),  # me+p -> mem, p drops
    ("pasok", {"memasok", "pemasok", "pasokan"}),
    ("serang", {"menyerang", "diserang", "serangan", "penyerangan"}),  # me+s -> meny, s drops
    ("sita", {"menyita", "penyitaan", "disita"}),
    ("bebas", {"membebaskan", "dibebaskan", "pembebasan"}),  # me+b -> mem
    ("boikot", {"memboikot", "diboikot"}),
    ("dukung", {"mendukung", "didukung", "dukungan"}),  # me+d -> men
    ("culik", {"menculik", "penculikan"}),  # me+c -> men
    ("ancam", {"mengancam", "ancaman"}),  # me+vowel -> meng
    ("usir", {"mengusir", "pengusiran"}),
    ("gempur", {"menggempur", "gempuran"}),  # me+g -> meng
    ("hantam", {"menghantam"}),
    ("kritik", {"mengkritik", "dikritik"}),  # a cluster keeps its k
    ("protes", {"memprotes"}),
    ("larang", {"melarang", "dilarang", "larangan", "pelarangan"}),  # me+l -> me
    ("runding", {"berunding", "perundingan", "merundingkan"}),  # ber+r -> be
    ("bom", {"mengebom", "membom", "pengeboman", "pemboman", "dibom"}),  # one syllable -> menge
    ("sah", {"mengesahkan", "disahkan", "pengesahan"}),
    ("seru", {"menyerukan", "diserukan", "seruan"}),  # -kan
    ("sepakat", {"menyepakati", "disepakati", "kesepakatan", "bersepakat"}),  # -i, ke-an
    ("dagang", {"perdagangan", "berdagang"}),  # per-an
    ("veto", {"memveto", "diveto"}),
    ("telepon", {"menelepon", "ditelepon", "bertelepon"}),
    ("invasi", {"menginvasi", "diinvasi"}),
    ("sanksi", {"menyanksi", "disanksi", "sanksinya"}),
])
def test_indonesian_paradigm_by_rule(lemma, forms):
    made = surface_forms(lemma, "id")
    assert forms <= made, forms - made


@pytest.mark.parametrize("lemma,not_forms", [
    ("temu", {"menemukan", "ditemukan", "temuan", "penemuan"}),  # "find", not "meet"
    ("kunjung", {"pengunjung"}),
    ("perintah", {"pemerintah", "pemerintahan", "memerintah"}),
    ("tahan", {"pertahanan", "bertahan", "mempertahankan", "menahan", "tahan"}),
    ("bebas", {"bebas", "kebebasan"}),
    ("dukung", {"pendukung"}),
    ("undang", {"perundangan"}),
    ("tentang", {"tentang", "tentangnya"}),
    ("janji", {"perjanjian"}),
    ("mengenakan sanksi", {"mengenai sanksi"}),
])
def test_indonesian_exceptions_keep_other_words_out(lemma, not_forms):
    assert not (surface_forms(lemma, "id") & not_forms)


def test_a_phrase_inflects_its_first_word_and_takes_nya_on_its_last():
    forms = surface_forms("gencatan senjata", "id")
    assert {"gencatan senjata", "gencatan senjatanya"} <= forms
    forms = surface_forms("panggilan telepon", "id")
    assert "panggilan teleponnya" in forms


def test_a_derived_first_word_takes_the_cells_of_its_verb():
    assert ("jatuh", "meN--kan") in analyses("menjatuhkan")
    forms = surface_forms("menjatuhkan sanksi", "id")
    assert {"menjatuhkan sanksi", "dijatuhkan sanksi", "dijatuhi sanksi", "penjatuhan sanksi"} <= forms
    forms = surface_forms("menarik pasukan", "id")
    assert {"penarikan pasukan", "ditarik pasukan", "menarik pasukannya"} <= forms
    forms = surface_forms("mengirim bantuan", "id")
    assert {"mengirimkan bantuan", "pengiriman bantuan"} <= forms


def test_a_single_derived_word_keeps_its_suffix():
    forms = surface_forms("memulangkan", "id")
    assert {"memulangkan", "dipulangkan", "pemulangan"} <= forms
    assert "pulang" not in forms  # the bare root means "go home"


def test_compounds_are_written_open_or_closed():
    forms = surface_forms("kerja sama", "id")
    assert {"kerja sama", "kerjasama", "bekerja sama", "bekerjasama", "kerja samanya"} <= forms
    forms = surface_forms("tanda tangan", "id")
    assert {"menandatangani", "ditandatangani", "penandatanganan", "bertanda tangan"} <= forms
    assert "siap bekerjasama" in surface_forms("siap bekerja sama", "id")


def test_indonesian_kinds_of_form():
    kinds = inflections("kecam", "id")
    assert kinds["kecam"] == "lemma"
    assert kinds["mengecam"] == "verb"
    assert kinds["dikecam"] == "passive"
    assert kinds["kecaman"] == "noun"


# --- English morphology ---------------------------------------------------------------------------

@pytest.mark.parametrize("lemma,forms", [
    ("meet", {"meets", "met", "meeting", "meetings"}),
    ("hold talks", {"held talks", "holding talks", "holds talks"}),
    ("withdraw", {"withdrew", "withdrawn", "withdrawing", "withdraws"}),
    ("seize", {"seized", "seizing", "seizes"}),
    ("sign", {"signed", "signing", "signs"}),
    ("send aid", {"sent aid", "sending aid"}),
    ("strike", {"struck", "striking", "strikes"}),
    ("speak by phone", {"spoke by phone", "speaking by phone"}),
    ("ban", {"banned", "banning", "bans"}),  # one-syllable doubling
    ("slam", {"slammed", "slamming"}),
    ("step down", {"stepped down"}),
    ("visit", {"visited", "visiting"}),  # two syllables: no doubling
    ("commit", {"committed", "committing"}),  # listed in irregular.tsv
    ("expel", {"expelled", "expelling"}),
    ("travel to", {"travelled to", "traveled to"}),
    ("ratify", {"ratified", "ratifies", "ratifying"}),  # y -> i
    ("deny", {"denied", "denies"}),
    ("veto", {"vetoed", "vetoes"}),
    ("agree", {"agreed", "agreeing"}),
    ("free hostages", {"freed hostages"}),
    ("sue", {"sued", "suing"}),
    ("criticise", {"criticize", "criticised", "criticized", "criticizing"}),  # -ise/-ize
    ("mobilisation", {"mobilization"}),
    ("defence cooperation", {"defense cooperation"}),
    ("joint exercise", {"joint exercises"}),  # the last word of a phrase in the plural
    ("sanction", {"sanctions", "sanctioned"}),
])
def test_english_forms(lemma, forms):
    made = surface_forms(lemma, "en")
    assert forms <= made, forms - made


@pytest.mark.parametrize("word,forms", [
    ("lead", {"led"}), ("give", {"gave", "given"}), ("take", {"took", "taken"}), ("make", {"made"}),
    ("speak", {"spoke", "spoken"}), ("stop", {"stopped", "stopping"}), ("tie", {"tying", "tied"}),
    ("push", {"pushes", "pushed"}), ("plan", {"planned", "planning"}),
])
def test_english_word_forms(word, forms):
    assert forms <= set(english_word_forms(word))


# --- longest match, whole words, offsets -----------------------------------------------------------

def cues(text: str, lang: str) -> list[tuple[str, str, str]]:
    return [(c.text, c.lemma, c.type) for c in find_cues(text, 0, len(text), lang)]


@pytest.mark.parametrize("lang,text,expected", [
    ("id", "Kedua pihak menyepakati gencatan senjata.",
     [("menyepakati", "sepakat", "AGREE"), ("gencatan senjata", "gencatan senjata", "RETREAT")]),
    ("id", "Inggris menjatuhkan sanksi kepada Iran.", [("menjatuhkan sanksi", "menjatuhkan sanksi", "SANCTION")]),
    ("id", "Iran dijatuhi sanksi baru.", [("dijatuhi sanksi", "menjatuhkan sanksi", "SANCTION")]),
    ("id", "Washington mencabut sanksi itu.", [("mencabut sanksi", "mencabut sanksi", "CONCEDE")]),
    ("id", "Ancaman sanksi datang dari Brussel.", [("Ancaman sanksi", "ancaman sanksi", "THREATEN")]),
    ("id", "Serangan siber melumpuhkan bank.", [("Serangan siber", "serangan siber", "COERCE")]),
    ("id", "Latihan militer bersama dimulai.", [("Latihan militer bersama", "latihan militer bersama", "COOPERATE")]),
    ("id", "Latihan militer dimulai.", [("Latihan militer", "latihan militer", "MOBILIZE")]),
    ("id", "Kanselir meminta maaf.", [("meminta maaf", "minta maaf", "CONCEDE")]),
    ("id", "Jepang menyambut baik langkah itu.", [("menyambut baik", "menyambut baik", "SUPPORT")]),
    ("id", "Ia akan berkunjung ke Seoul.", [("akan berkunjung", "akan berkunjung", "AGREE")]),
    ("id", "Vietnam siap bekerja sama.", [("siap bekerja sama", "siap bekerja sama", "AGREE")]),
    ("id", "Larangan ekspor itu dicabut.", [("Larangan ekspor", "larangan ekspor", "SANCTION")]),
    ("id", "Jerman memasok senjata.", [("memasok senjata", "pasok senjata", "AID")]),
    ("id", "Panggilan telepon berlangsung.", [("Panggilan telepon", "panggilan telepon", "CONSULT")]),
    ("en", "The two firms struck a deal.", [("struck a deal", "strike a deal", "AGREE")]),
    ("en", "Jets struck the depot.", [("struck", "strike", "ASSAULT")]),
    ("en", "He began a hunger strike.", [("hunger strike", "hunger strike", "PROTEST")]),
    ("en", "A cyber attack hit the bank.", [("cyber attack", "cyber attack", "COERCE")]),
    ("en", "The EU lifted sanctions.", [("lifted sanctions", "lift sanctions", "CONCEDE")]),
    ("en", "The threat of sanctions grew.", [("threat of sanctions", "threat of sanctions", "THREATEN")]),
    ("en", "Tehran vowed to retaliate.", [("vowed to retaliate", "vow to retaliate", "THREATEN")]),
    ("en", "They held joint military drills.", [("joint military drills", "joint military drill", "COOPERATE")]),
    ("en", "Oman hosted talks on Sunday.", [("hosted talks", "host talks", "CONSULT")]),
    ("en", "Britain supplied weapons.", [("supplied weapons", "supply weapons", "AID")]),
    ("en", "She will visit Rome.", [("will visit", "will visit", "AGREE")]),
])
def test_longest_cue_wins(lang, text, expected):
    assert cues(text, lang) == expected


@pytest.mark.parametrize("lang,text", [
    ("id", "DPR membahas undang-undang baru."),  # "undang" inside a hyphenated word
    ("id", "Menteri Pertahanan dan pemerintah kota menemukan kebebasan."),
    ("id", "Tentang hal itu, ia bertahan di tempat."),
    ("en", "The important supporters of the exporter."),
])
def test_whole_words_only(lang, text):
    found = cues(text, lang)
    assert [f for f in found if f[1] not in ("bahas",)] == []


def test_matching_ignores_case():
    assert cues("PUTIN MENGECAM NATO", "id") == [("MENGECAM", "kecam", "ACCUSE")]
    assert cues("ktt itu dibuka", "id") == [("ktt", "KTT", "CONSULT")]


def test_offsets_are_into_the_whole_text_and_the_window_is_kept():
    text = "Rusia menyerang. Jepang memuji Korea."
    second = text.index("Jepang")
    found = find_cues(text, second, len(text), "id")
    assert [(c.start, c.end, c.text) for c in found] == [(text.index("memuji"), text.index("memuji") + 6, "memuji")]
    assert text[found[0].start:found[0].end] == "memuji"
    assert find_cues(text, 0, 3, "id") == []


def test_a_line_break_inside_a_phrase_still_matches():
    assert cues("gencatan\nsenjata", "id") == [("gencatan\nsenjata", "gencatan senjata", "RETREAT")]


# --- voice and mode of the matched form ------------------------------------------------------------

def first(text: str, lang: str):
    return find_cues(text, 0, len(text), lang)[0]


@pytest.mark.parametrize("lang,text,voice", [
    ("id", "AS mengecam Rusia.", "active"),
    ("id", "Rusia dikecam AS.", "receive"),  # passive: the subject is the target
    ("id", "Kecaman AS terhadap Rusia.", "noun"),  # nominal form of an active cue
    ("id", "Kunjungan Putin ke Beijing.", "noun"),
    ("id", "Pertemuan antara Xi dan Putin.", "mutual"),
    ("id", "AS menyanksi Rusia.", "active"),  # verb form of a nominal cue
    ("id", "Rusia disanksi AS.", "receive"),
    ("id", "Erdogan menyambut Prabowo.", "receive"),
    ("id", "Prabowo disambut Erdogan.", "active"),  # passive of a receive cue: the subject is the visitor
    ("id", "Xi menerima kunjungan Putin.", "receive"),
    ("en", "The US condemned Russia.", "active"),
    ("en", "Russia was condemned by the US.", "receive"),
    ("en", "Iran was strongly condemned by the council.", "receive"),
    ("en", "US sanctions on Russia.", "noun"),
    ("en", "The US sanctioned Russian banks.", "active"),
    ("en", "Xi hosted Putin.", "receive"),
    ("en", "Putin was hosted by Xi.", "active"),
])
def test_voice_of_the_form(lang, text, voice):
    assert first(text, lang).voice == voice


@pytest.mark.parametrize("lang,text,mode", [
    ("id", "Putin menelepon Xi.", "phone"),
    ("id", "KTT ASEAN di Vientiane.", "multilateral"),
    ("id", "Jokowi berkunjung ke Kyiv.", "visit"),
    ("id", "Mereka berbicara di sela-sela forum.", "third-party"),
    ("id", "Putin bertemu Xi.", None),
    ("en", "Putin phoned Xi.", "phone"),
    ("en", "The leaders met on the sidelines of the forum.", None),
    ("en", "Biden visited Kyiv.", "visit"),
])
def test_mode(lang, text, mode):
    assert first(text, lang).mode == mode


def test_cue_carries_language_and_lemma():
    cue = first("Indonesia mengutuk serangan itu.", "id")
    assert (cue.lang, cue.lemma, cue.type, cue.text) == ("id", "kutuk", "ACCUSE", "mengutuk")
    assert find_cues("Putin met Xi.", 0, 13, "xx") == []


def test_surface_table_is_compiled_once():
    assert surface_table("id") is surface_table("id")
