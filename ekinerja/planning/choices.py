"""National vocabularies of SKP planning (PermenPANRB 6/2022; domain.md 1.2 to 1.4) [V]."""

from django.db import models


class SiklusEvaluasi(models.TextChoices):
    BULANAN = "bulanan", "Bulanan"
    TRIWULANAN = "triwulanan", "Triwulanan"


PERIODS_PER_YEAR = {SiklusEvaluasi.BULANAN: 12, SiklusEvaluasi.TRIWULANAN: 4}


class StatusPeriode(models.TextChoices):
    PERSIAPAN = "persiapan", "Persiapan"
    DIBUKA = "dibuka", "Dibuka"
    DITUTUP = "ditutup", "Ditutup"


class JenisSasaranDaerah(models.TextChoices):
    TUJUAN = "tujuan", "Tujuan RPJMD"
    SASARAN = "sasaran", "Sasaran RPJMD"


class Pendekatan(models.TextChoices):
    KUANTITATIF = "kuantitatif", "Kuantitatif"
    KUALITATIF = "kualitatif", "Kualitatif"


class JenisForm(models.TextChoices):
    JPT = "jpt", "JPT"
    JA_JF = "ja_jf", "JA/JF"


class StatusSkp(models.TextChoices):
    DRAFT = "draft", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DISETUJUI = "disetujui", "Disetujui"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
    # An approved version replaced by a newer approved version; kept readable, never edited.
    DIGANTI = "diganti", "Diganti versi baru"


EDITABLE_STATUSES = frozenset({StatusSkp.DRAFT, StatusSkp.DIKEMBALIKAN})


class JenisRhk(models.TextChoices):
    UTAMA = "utama", "Utama"
    TAMBAHAN = "tambahan", "Tambahan"


class Perspektif(models.TextChoices):
    PENERIMA_LAYANAN = "penerima_layanan", "Perspektif Penerima Layanan"
    PROSES_BISNIS = "proses_bisnis", "Perspektif Proses Bisnis"
    PENGUATAN_INTERNAL = "penguatan_internal", "Perspektif Penguatan Internal"
    ANGGARAN = "anggaran", "Perspektif Anggaran"


class Aspek(models.TextChoices):
    KUANTITAS = "kuantitas", "Kuantitas"
    KUALITAS = "kualitas", "Kualitas"
    WAKTU = "waktu", "Waktu"
    BIAYA = "biaya", "Biaya"


# Aspects whose annual target is the sum of the period targets; kualitas and waktu are levels
# (a percentage, a number of days) that each period must reach, so they are not summed.
ADDITIVE_ASPEK = frozenset({Aspek.KUANTITAS, Aspek.BIAYA})


# The 7 BerAKHLAK core values with their 3 panduan perilaku each (SE MenPANRB 20/2021) [V].
BERAKHLAK: tuple[tuple[str, tuple[str, str, str]], ...] = (
    (
        "Berorientasi Pelayanan",
        (
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ),
    ),
    (
        "Akuntabel",
        (
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan "
            "berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, "
            "dan efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ),
    ),
    (
        "Kompeten",
        (
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ),
    ),
    (
        "Harmonis",
        (
            "Menghargai setiap orang apapun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ),
    ),
    (
        "Loyal",
        (
            "Memegang teguh ideologi Pancasila, UUD 1945, setia kepada NKRI serta pemerintahan "
            "yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ),
    ),
    (
        "Adaptif",
        (
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ),
    ),
    (
        "Kolaboratif",
        (
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    ),
)
NILAI_CHOICES = [(i, name) for i, (name, _) in enumerate(BERAKHLAK, start=1)]

# The default lampiran texts a new SKP starts with; the employee and penilai edit them.
LAMPIRAN_BAWAAN = {
    "dukungan_sumber_daya": "",
    "skema_pertanggungjawaban": "",
    "konsekuensi": "",
}


class StatusPembukaan(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu"
    BERJALAN = "berjalan", "Berjalan"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"


class SumberDraf(models.TextChoices):
    SKP_SEBELUMNYA = "sebelumnya", "SKP tahun sebelumnya, lalu templat jabatan"
    TEMPLAT = "templat", "Templat jabatan"
    KOSONG = "kosong", "Kosong"
