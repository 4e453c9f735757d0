"""Choices of the evaluation app."""

from django.db import models

from .rules import Predikat, PredikatOrganisasi, Rating

# The rating and predikat vocabularies are the enums of `rules`; the models take them as
# choices so stored text and the rules never drift apart.
RATING_CHOICES = [(item.value, item.label) for item in Rating]
PREDIKAT_CHOICES = [(item.value, item.label) for item in Predikat]
PREDIKAT_ORGANISASI_CHOICES = [(item.value, item.label) for item in PredikatOrganisasi]


class JenisEvaluasi(models.TextChoices):
    PERIODIK = "periodik", "Periodik"
    TAHUNAN = "tahunan", "Tahunan"


class StatusEvaluasi(models.TextChoices):
    DRAF = "draf", "Draf"
    DITETAPKAN = "ditetapkan", "Ditetapkan penilai"
    DITERIMA = "diterima", "Diterima pegawai"
    KEBERATAN = "keberatan", "Keberatan diajukan"
    DIPUTUS = "diputus", "Keberatan diputus"


class ModeKurva(models.TextChoices):
    PERINGATAN = "peringatan", "Peringatan"
    BLOKIR = "blokir", "Blokir"


class PredikatTahunan(models.TextChoices):
    PERIODE_AKHIR = "periode_akhir", "Predikat periode terakhir"
    RATA_RATA = "rata_rata", "Rata-rata rating seluruh periode"


class StatusKeberatan(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan"
    DIPERTAHANKAN = "dipertahankan", "Predikat dipertahankan"
    DIUBAH = "diubah", "Predikat diubah"
