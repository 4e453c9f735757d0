"""Choices of the talent app. The jenjang vocabulary is the enum of `rules`, so stored codes and
the rules never drift apart."""

from django.db import models

from .rules import Jenjang

JENJANG_CHOICES = [(item.value, item.label) for item in Jenjang]


class JenisDiklat(models.TextChoices):
    KEPEMIMPINAN = "kepemimpinan", "Pelatihan kepemimpinan"
    FUNGSIONAL = "fungsional", "Pelatihan fungsional"
    TEKNIS = "teknis", "Pelatihan teknis"
    PRAJABATAN = "prajabatan", "Pelatihan dasar/prajabatan"
    SEMINAR = "seminar", "Seminar, lokakarya, webinar"
    LAINNYA = "lainnya", "Lainnya"


class MetodeAsesmen(models.TextChoices):
    ASSESSMENT_CENTER = "assessment_center", "Assessment center"
    CAT = "cat", "Uji kompetensi berbasis komputer (CAT)"
    PORTOFOLIO = "portofolio", "Portofolio dan wawancara"
    LAINNYA = "lainnya", "Lainnya"
