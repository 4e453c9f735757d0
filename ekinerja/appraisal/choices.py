"""Choices of the evaluation app; the values are those of `rules` so stored text maps back."""

from django.db import models

from .rules import Predikat, PredikatOrganisasi, Rating


class RatingChoice(models.TextChoices):
    DI_ATAS = "di_atas", Rating.DI_ATAS.label
    SESUAI = "sesuai", Rating.SESUAI.label
    DI_BAWAH = "di_bawah", Rating.DI_BAWAH.label


class PredikatChoice(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", Predikat.SANGAT_BAIK.label
    BAIK = "baik", Predikat.BAIK.label
    BUTUH_PERBAIKAN = "butuh_perbaikan", Predikat.BUTUH_PERBAIKAN.label
    KURANG = "kurang", Predikat.KURANG.label
    SANGAT_KURANG = "sangat_kurang", Predikat.SANGAT_KURANG.label


class PredikatOrganisasiChoice(models.TextChoices):
    ISTIMEWA = "istimewa", PredikatOrganisasi.ISTIMEWA.label
    BAIK = "baik", PredikatOrganisasi.BAIK.label
    BUTUH_PERBAIKAN = "butuh_perbaikan", PredikatOrganisasi.BUTUH_PERBAIKAN.label
    KURANG = "kurang", PredikatOrganisasi.KURANG.label
    SANGAT_KURANG = "sangat_kurang", PredikatOrganisasi.SANGAT_KURANG.label


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
