from django.db import models


class StatusKehadiran(models.TextChoices):
    """The status of one employee on one day (issue 5 computes it from punches and leave)."""

    HADIR = "hadir", "Hadir"
    TERLAMBAT = "terlambat", "Terlambat"
    PULANG_CEPAT = "pulang_cepat", "Pulang cepat"
    TANPA_KETERANGAN = "tanpa_keterangan", "Tanpa keterangan"
    CUTI = "cuti", "Cuti"
    SAKIT = "sakit", "Sakit"
    IZIN = "izin", "Izin"
    DINAS_LUAR = "dinas_luar", "Dinas luar"
    LIBUR = "libur", "Libur"


# Statuses in which the employee was at work (in the office or on official duty elsewhere).
AT_WORK = frozenset(
    {
        StatusKehadiran.HADIR,
        StatusKehadiran.TERLAMBAT,
        StatusKehadiran.PULANG_CEPAT,
        StatusKehadiran.DINAS_LUAR,
    }
)


class JenisCuti(models.TextChoices):
    TAHUNAN = "tahunan", "Cuti tahunan"
    SAKIT = "sakit", "Cuti sakit"
    ALASAN_PENTING = "alasan_penting", "Cuti karena alasan penting"
    MELAHIRKAN = "melahirkan", "Cuti melahirkan"
    BESAR = "besar", "Cuti besar"
    CLTN = "cltn", "Cuti di luar tanggungan negara"
    IZIN = "izin", "Izin"
    DINAS_LUAR = "dinas_luar", "Dinas luar"
    DIKLAT = "diklat", "Diklat"
    WFH = "wfh", "Kerja dari rumah (WFH)"


# Kinds that are work done elsewhere: the employee works, just not in the office.
WORK_ELSEWHERE = frozenset({JenisCuti.DINAS_LUAR, JenisCuti.DIKLAT, JenisCuti.WFH})
# Kinds during which the employee does not work.
NOT_WORKING = frozenset(set(JenisCuti) - WORK_ELSEWHERE)
# Kinds that count against the cuti tahunan balance.
ANNUAL = frozenset({JenisCuti.TAHUNAN})
# PP 49/2018 gives PPPK neither cuti besar nor CLTN (domain 7.3).
NOT_FOR_PPPK = frozenset({JenisCuti.BESAR, JenisCuti.CLTN})


class JenisKategori(models.TextChoices):
    TL = "TL", "Terlambat (TL)"
    PSW = "PSW", "Pulang sebelum waktu (PSW)"


class JenisJadwal(models.TextChoices):
    MINGGUAN = "mingguan", "Mingguan (hari tetap)"
    SHIFT = "shift", "Shift (menurut roster)"


class StatusPengajuan(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan"
    DISETUJUI = "disetujui", "Disetujui"
    DITOLAK = "ditolak", "Ditolak"
    DIBATALKAN = "dibatalkan", "Dibatalkan"
