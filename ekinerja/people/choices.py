"""Enumerations of personnel data (domain.md 6)."""

from django.db import models


class StatusKepegawaian(models.TextChoices):
    PNS = "PNS", "PNS"
    CPNS = "CPNS", "CPNS"
    PPPK = "PPPK", "PPPK"
    # Holders of political office (Kepala Daerah) are not ASN but sit in the tree as evaluators.
    PEJABAT_NEGARA = "PEJABAT_NEGARA", "Pejabat Negara (non-ASN)"


STATUS_ASN = frozenset({StatusKepegawaian.PNS, StatusKepegawaian.CPNS, StatusKepegawaian.PPPK})


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", "Laki-laki"
    PEREMPUAN = "P", "Perempuan"


# Golongan ruang PNS and its pangkat: a national list [V] (domain.md 6.3).
PANGKAT_PNS = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
GOLONGAN_PPPK = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
)  # fmt: skip

GOLONGAN_CHOICES = [(g, g) for g in PANGKAT_PNS] + [(g, f"PPPK {g}") for g in GOLONGAN_PPPK]


class Kategori(models.TextChoices):
    """Pay-rule category: TPP policies treat teachers and health workers on their own terms."""

    UMUM = "umum", "Umum"
    GURU = "guru", "Guru"
    TENAGA_KESEHATAN = "tenaga_kesehatan", "Tenaga Kesehatan"


class Kedudukan(models.TextChoices):
    AKTIF = "aktif", "Aktif"
    TUGAS_BELAJAR = "tugas_belajar", "Tugas Belajar"
    CLTN = "cltn", "Cuti di Luar Tanggungan Negara"
    DIBERHENTIKAN_SEMENTARA = "diberhentikan_sementara", "Diberhentikan Sementara"
    MASA_PERSIAPAN_PENSIUN = "mpp", "Masa Persiapan Pensiun"
    PENSIUN = "pensiun", "Pensiun"
    PINDAH_KELUAR = "pindah_keluar", "Pindah ke Instansi Lain"
    DIBERHENTIKAN = "diberhentikan", "Diberhentikan"
    MENINGGAL = "meninggal", "Meninggal Dunia"


# Kedudukan in which a person still belongs to the instansi's workforce.
KEDUDUKAN_MASIH_BEKERJA = frozenset(
    {
        Kedudukan.AKTIF,
        Kedudukan.TUGAS_BELAJAR,
        Kedudukan.CLTN,
        Kedudukan.DIBERHENTIKAN_SEMENTARA,
        Kedudukan.MASA_PERSIAPAN_PENSIUN,
    }
)


class JenisPenugasan(models.TextChoices):
    DEFINITIF = "definitif", "Definitif"
    PLT = "plt", "Pelaksana Tugas (Plt)"
    PLH = "plh", "Pelaksana Harian (Plh)"


class Peran(models.TextChoices):
    """Granted roles. Pegawai (self) and atasan (subordinates) are derived, never granted."""

    ADMIN_OPD = "admin_opd", "Admin OPD"
    ADMIN_BKPSDM = "admin_bkpsdm", "Admin BKPSDM"
    PIMPINAN = "pimpinan", "Pimpinan"
    AUDITOR = "auditor", "Auditor"
