"""Talent management: each employee's competence records (education, training, competency
assessments) and the region's rules for turning them into potensi."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact

from ekinerja.org.models import InstansiOwned
from ekinerja.people.models import Employee

from . import rules
from .choices import JENJANG_CHOICES, JenisDiklat, MetodeAsesmen

TAHUN_LULUS_MIN = 1940
TAHUN_LULUS_MAX = 2100
JP_MAX = 2000  # hours of one training; far above any real course, it only stops typos


def default_skor_pendidikan() -> dict[str, int]:
    return {str(jenjang): score for jenjang, score in rules.DEFAULT_SKOR_PENDIDIKAN.items()}


class TalentPolicy(InstansiOwned):
    """How a region computes potensi, from a date on; a region without a row gets the defaults
    (`rules.PotensiPolicy`). No national formula exists, so all of it is the region's choice."""

    berlaku_mulai = models.DateField("berlaku mulai")
    bobot_pendidikan = models.PositiveSmallIntegerField("bobot pendidikan (%)", default=30)
    bobot_diklat = models.PositiveSmallIntegerField("bobot diklat (%)", default=20)
    bobot_asesmen = models.PositiveSmallIntegerField("bobot penilaian kompetensi (%)", default=50)
    batas_menengah = models.DecimalField(
        "skor minimal potensi menengah", max_digits=5, decimal_places=2, default=Decimal(60)
    )
    batas_tinggi = models.DecimalField(
        "skor minimal potensi tinggi", max_digits=5, decimal_places=2, default=Decimal(80)
    )
    target_jp = models.PositiveSmallIntegerField(
        "target jam pelajaran setahun",
        default=20,
        help_text="JP diklat setahun yang memberi skor diklat penuh (lazimnya 20 JP).",
    )
    skor_pendidikan = models.JSONField(
        "skor per jenjang pendidikan",
        default=default_skor_pendidikan,
        help_text='Skor 0-100 per jenjang tertinggi, mis. {"s1": 75, "s2": 90}.',
    )

    class Meta:
        verbose_name = "aturan manajemen talenta"
        verbose_name_plural = "aturan manajemen talenta"
        ordering = ["-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "berlaku_mulai"], name="aturan_talenta_unik"
            ),
            models.CheckConstraint(
                condition=Exact(
                    F("bobot_pendidikan") + F("bobot_diklat") + F("bobot_asesmen"), 100
                ),
                name="aturan_talenta_bobot_100",
            ),
            models.CheckConstraint(
                condition=Q(batas_menengah__gt=0)
                & Q(batas_tinggi__gt=F("batas_menengah"))
                & Q(batas_tinggi__lte=100),
                name="aturan_talenta_batas_urut",
            ),
            models.CheckConstraint(condition=Q(target_jp__gte=1), name="aturan_talenta_target_jp"),
        ]

    def __str__(self) -> str:
        return f"Aturan talenta mulai {self.berlaku_mulai}"

    def as_rules(self) -> rules.PotensiPolicy:
        return rules.PotensiPolicy(
            bobot_pendidikan=self.bobot_pendidikan,
            bobot_diklat=self.bobot_diklat,
            bobot_asesmen=self.bobot_asesmen,
            batas_menengah=Decimal(self.batas_menengah),
            batas_tinggi=Decimal(self.batas_tinggi),
            target_jp=self.target_jp,
            skor_pendidikan=dict(self.skor_pendidikan or {}),
        )

    def clean(self) -> None:
        if not isinstance(self.skor_pendidikan, dict):
            raise ValidationError(
                {"skor_pendidikan": 'Tulis skor per jenjang, mis. {"s1": 75, "s2": 90}.'}
            )
        numbers = (self.bobot_pendidikan, self.bobot_diklat, self.bobot_asesmen, self.target_jp)
        if None in (*numbers, self.batas_menengah, self.batas_tinggi):
            return  # the field that is empty already carries its message
        errors = rules.policy_errors(self.as_rules())
        if errors:
            raise ValidationError(errors)


class Education(InstansiOwned):
    """One completed level of formal education of an employee."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="educations", verbose_name="pegawai"
    )
    jenjang = models.CharField("jenjang pendidikan", max_length=4, choices=JENJANG_CHOICES)
    jurusan = models.CharField("jurusan/program studi", max_length=150, blank=True)
    nama_institusi = models.CharField("nama sekolah/perguruan tinggi", max_length=200, blank=True)
    tahun_lulus = models.PositiveSmallIntegerField("tahun lulus")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "riwayat pendidikan"
        verbose_name_plural = "riwayat pendidikan"
        ordering = ["employee", "-tahun_lulus", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "jenjang", "jurusan"], name="pendidikan_unik_per_jurusan"
            ),
            models.CheckConstraint(
                condition=Q(tahun_lulus__gte=TAHUN_LULUS_MIN, tahun_lulus__lte=TAHUN_LULUS_MAX),
                name="pendidikan_tahun_lulus_wajar",
            ),
        ]

    def __str__(self) -> str:
        jurusan = f" {self.jurusan}" if self.jurusan else ""
        return f"{self.get_jenjang_display()}{jurusan} ({self.tahun_lulus})"


class Training(InstansiOwned):
    """A training (diklat, pelatihan, bimtek, seminar) an employee completed, with its hours."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="trainings", verbose_name="pegawai"
    )
    nama = models.CharField("nama diklat", max_length=255)
    jenis = models.CharField(
        "jenis diklat", max_length=16, choices=JenisDiklat.choices, default=JenisDiklat.TEKNIS
    )
    penyelenggara = models.CharField("penyelenggara", max_length=200, blank=True)
    tanggal_mulai = models.DateField("tanggal mulai")
    # The year a training counts for is the year it ended.
    tanggal_selesai = models.DateField("tanggal selesai")
    jam_pelajaran = models.PositiveSmallIntegerField("jam pelajaran (JP)")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "riwayat diklat"
        verbose_name_plural = "riwayat diklat"
        ordering = ["employee", "-tanggal_selesai", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "nama", "tanggal_mulai"], name="diklat_unik_per_mulai"
            ),
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")), name="diklat_tanggal_urut"
            ),
            models.CheckConstraint(
                condition=Q(jam_pelajaran__gte=1, jam_pelajaran__lte=JP_MAX),
                name="diklat_jp_wajar",
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "tanggal_selesai"], name="diklat_pegawai_tanggal_idx")
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.jam_pelajaran} JP)"


class CompetencyAssessment(InstansiOwned):
    """The result of a competency assessment (penilaian kompetensi): a total score 0-100, such
    as the job person match (JPM) percentage, and the assessor's recommendation."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="assessments", verbose_name="pegawai"
    )
    tanggal = models.DateField("tanggal penilaian")
    lembaga = models.CharField("lembaga penilai", max_length=200)
    metode = models.CharField(
        "metode",
        max_length=20,
        choices=MetodeAsesmen.choices,
        default=MetodeAsesmen.ASSESSMENT_CENTER,
    )
    nilai = models.DecimalField("nilai (0-100, mis. JPM %)", max_digits=5, decimal_places=2)
    rekomendasi = models.TextField("rekomendasi", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hasil penilaian kompetensi"
        verbose_name_plural = "hasil penilaian kompetensi"
        ordering = ["employee", "-tanggal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "tanggal"], name="asesmen_unik_per_tanggal"
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0, nilai__lte=100), name="asesmen_nilai_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Penilaian kompetensi {self.tanggal} ({self.nilai})"
