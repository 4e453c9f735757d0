from django.db import models


class StatusAktivitas(models.TextChoices):
    DIAJUKAN = "diajukan", "Menunggu validasi"
    DISETUJUI = "disetujui", "Disetujui"
    DITOLAK = "ditolak", "Ditolak"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan untuk diperbaiki"


# An activity the employee may still change: not yet validated, or returned to them.
EDITABLE = frozenset({StatusAktivitas.DIAJUKAN, StatusAktivitas.DIKEMBALIKAN})


class DasarTargetMenit(models.TextChoices):
    """How the monthly minute target is set (domain.md 4): a fixed figure, or minutes per
    working day times the working days of the month."""

    TETAP = "tetap", "Target tetap per bulan"
    PER_HARI_KERJA = "per_hari_kerja", "Menit per hari kerja x hari kerja"
