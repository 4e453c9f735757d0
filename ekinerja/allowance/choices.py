from django.db import models


class StatusKebijakan(models.TextChoices):
    BERLAKU = "berlaku", "Berlaku"
    USULAN = "usulan", "Usulan (untuk simulasi)"


class JenisRun(models.TextChoices):
    RESMI = "resmi", "Resmi"
    SIMULASI = "simulasi", "Simulasi"


class StatusRun(models.TextChoices):
    DRAF = "draf", "Draf"
    FINAL = "final", "Final"


class ProsesRun(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu"
    BERJALAN = "berjalan", "Sedang dihitung"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"
