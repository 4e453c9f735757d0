"""Evaluation: the region's evaluation rules, the Dokumen Evaluasi of each employee and
period (results per indicator, feedback per BerAKHLAK value, ratings and predikat), and the
organisational predikat of each unit and period."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ekinerja.org.choices import Jenjang
from ekinerja.org.models import InstansiOwned, Unit
from ekinerja.people.models import Employee
from ekinerja.planning.choices import NILAI_CHOICES
from ekinerja.planning.models import Indikator, PerformancePeriod, Skp

from .choices import (
    PREDIKAT_CHOICES,
    PREDIKAT_ORGANISASI_CHOICES,
    RATING_CHOICES,
    JenisEvaluasi,
    ModeKurva,
    PredikatTahunan,
    StatusEvaluasi,
    StatusKeberatan,
)


class AppraisalPolicy(InstansiOwned):
    """A region's evaluation rules from a date on; a region without a row gets the defaults."""

    berlaku_mulai = models.DateField("berlaku mulai")
    mode_kurva = models.CharField(
        "kurva distribusi", max_length=12, choices=ModeKurva.choices, default=ModeKurva.PERINGATAN
    )
    predikat_tahunan = models.CharField(
        "predikat tahunan",
        max_length=16,
        choices=PredikatTahunan.choices,
        default=PredikatTahunan.PERIODE_AKHIR,
    )
    penilaian_mandiri = models.BooleanField("penilaian mandiri pegawai", default=False)
    masukan_rekan = models.BooleanField("masukan rekan dan bawahan (360)", default=False)
    # With one or two givers the counts would point to a person; below this the penilai sees
    # only how many have given input.
    minimal_pemberi_360 = models.PositiveSmallIntegerField(
        "minimal pemberi masukan 360 agar ditampilkan", default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )  # fmt: skip

    class Meta:
        verbose_name = "aturan evaluasi"
        verbose_name_plural = "aturan evaluasi"
        ordering = ["-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "berlaku_mulai"], name="aturan_evaluasi_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"Aturan evaluasi mulai {self.berlaku_mulai}"


class Evaluation(InstansiOwned):
    """The Dokumen Evaluasi Kinerja Pegawai of one SKP for one period (or the year)."""

    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="evaluations")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="evaluations")
    penilai = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jenis = models.CharField("jenis", max_length=12, choices=JenisEvaluasi.choices)
    # 1..12 for a monthly cycle, 1..4 for a quarterly one; 0 for the annual evaluation.
    periode_ke = models.PositiveSmallIntegerField("periode ke")
    status = models.CharField(
        "status", max_length=12, choices=StatusEvaluasi.choices, default=StatusEvaluasi.DRAF
    )
    saran_hasil = models.CharField(
        "saran rating hasil kerja", max_length=12, choices=RATING_CHOICES, blank=True
    )
    saran_perilaku = models.CharField(
        "saran rating perilaku", max_length=12, choices=RATING_CHOICES, blank=True
    )
    rating_hasil = models.CharField(
        "rating hasil kerja", max_length=12, choices=RATING_CHOICES, blank=True
    )
    rating_perilaku = models.CharField(
        "rating perilaku kerja", max_length=12, choices=RATING_CHOICES, blank=True
    )
    alasan_hasil = models.TextField("alasan rating hasil kerja", blank=True)
    alasan_perilaku = models.TextField("alasan rating perilaku kerja", blank=True)
    predikat = models.CharField(
        "predikat kinerja", max_length=16, choices=PREDIKAT_CHOICES, blank=True
    )
    # Names, NIP, pangkat and jabatan of both sides as they were when the rating was set.
    identitas = models.JSONField("identitas saat ditetapkan", default=dict, blank=True)
    ditetapkan_at = models.DateTimeField(null=True, blank=True)
    diterima_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "evaluasi kinerja"
        verbose_name_plural = "evaluasi kinerja"
        ordering = ["skp", "jenis", "periode_ke"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "jenis", "periode_ke"], name="evaluasi_unik_per_periode"
            ),
            models.CheckConstraint(
                condition=Q(jenis=JenisEvaluasi.TAHUNAN, periode_ke=0)
                | Q(jenis=JenisEvaluasi.PERIODIK, periode_ke__gte=1, periode_ke__lte=12),
                name="evaluasi_periode_sah",
            ),
            # A set rating always comes with its predikat, so no page computes it again.
            models.CheckConstraint(
                condition=Q(status=StatusEvaluasi.DRAF) | ~Q(predikat=""),
                name="evaluasi_ditetapkan_berpredikat",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluasi {self.get_jenis_display()} {self.periode_ke} SKP {self.skp_id}"


class EvaluationResult(models.Model):
    """Realisasi and feedback on one indicator of the SKP in the evaluated period."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField("target periode", max_digits=14, decimal_places=2, null=True)
    # Prefilled from approved activities; the penilai may correct it, with evidence.
    realisasi_aktivitas = models.DecimalField(
        "realisasi dari aktivitas", max_digits=14, decimal_places=2, default=0
    )
    realisasi = models.DecimalField("realisasi", max_digits=14, decimal_places=2, null=True)
    bukti = models.TextField("bukti dukung", blank=True)
    umpan_balik = models.TextField("umpan balik", blank=True)
    rating = models.CharField(
        "umpan balik (predikat)", max_length=12, choices=RATING_CHOICES, blank=True
    )

    class Meta:
        verbose_name = "hasil kerja dievaluasi"
        verbose_name_plural = "hasil kerja dievaluasi"
        ordering = ["evaluation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indikator"], name="hasil_evaluasi_unik"),
        ]

    def __str__(self) -> str:
        return f"Hasil indikator {self.indikator_id} ({self.evaluation_id})"


class EvaluationBehaviour(models.Model):
    """Feedback on one BerAKHLAK value in the evaluated period."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="behaviours")
    nilai = models.PositiveSmallIntegerField("nilai BerAKHLAK", choices=NILAI_CHOICES)
    umpan_balik = models.TextField("umpan balik", blank=True)
    rating = models.CharField(
        "umpan balik (predikat)", max_length=12, choices=RATING_CHOICES, blank=True
    )

    class Meta:
        verbose_name = "perilaku dievaluasi"
        verbose_name_plural = "perilaku dievaluasi"
        ordering = ["evaluation", "nilai"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "nilai"], name="perilaku_evaluasi_unik"),
        ]

    def __str__(self) -> str:
        return f"Perilaku {self.nilai} ({self.evaluation_id})"


class UnitPredikat(InstansiOwned):
    """The organisational predikat of a unit for a period, which sets its distribution curve
    and, through it, the unit head's Rating Hasil Kerja."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(PerformancePeriod, on_delete=models.PROTECT, related_name="+")
    periode_ke = models.PositiveSmallIntegerField("periode ke")
    predikat = models.CharField(
        "predikat kinerja organisasi", max_length=16, choices=PREDIKAT_ORGANISASI_CHOICES
    )
    alasan = models.TextField("dasar penetapan", blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "predikat kinerja organisasi"
        verbose_name_plural = "predikat kinerja organisasi"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "periode_ke"], name="predikat_unit_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_predikat_display()} ({self.unit_id}, periode {self.periode_ke})"


class Objection(InstansiOwned):
    """The employee's keberatan against a set evaluation, decided by the atasan pejabat
    penilai, who upholds the predikat or changes the ratings, always with a reason."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="objection"
    )
    alasan = models.TextField("alasan keberatan")
    status = models.CharField(
        "status", max_length=16, choices=StatusKeberatan.choices, default=StatusKeberatan.DIAJUKAN
    )
    pemutus = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    alasan_keputusan = models.TextField("alasan keputusan", blank=True)
    predikat_semula = models.CharField("predikat semula", max_length=16, choices=PREDIKAT_CHOICES)
    predikat_akhir = models.CharField(
        "predikat akhir", max_length=16, choices=PREDIKAT_CHOICES, blank=True
    )
    diajukan_at = models.DateTimeField(auto_now_add=True)
    diputus_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "keberatan"
        verbose_name_plural = "keberatan"
        ordering = ["-diajukan_at"]

    def __str__(self) -> str:
        return f"Keberatan atas evaluasi {self.evaluation_id}"


class KoefisienAngkaKredit(InstansiOwned):
    """The yearly koefisien of a fungsional jenjang from a date on. The national values are
    the starting point (`rules.DEFAULT_KOEFISIEN`); several are unverified, so a region's row
    replaces them."""

    jenjang = models.CharField("jenjang", max_length=16, choices=Jenjang.choices)
    koefisien = models.DecimalField("koefisien per tahun", max_digits=6, decimal_places=2)
    berlaku_mulai = models.DateField("berlaku mulai")

    class Meta:
        verbose_name = "koefisien angka kredit"
        verbose_name_plural = "koefisien angka kredit"
        ordering = ["jenjang", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "jenjang", "berlaku_mulai"], name="koefisien_ak_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenjang_display()}: {self.koefisien}"


# --- self-assessment and 360 input (issue 6 item 2) -------------------------------------------
# Both are optional per region (`AppraisalPolicy.penilaian_mandiri`, `.masukan_rekan`) and only
# inform the pejabat penilai: nothing here changes a suggested rating or the predikat.


class StatusPenilaianMandiri(models.TextChoices):
    DRAF = "draf", "Draf"
    DIKIRIM = "dikirim", "Dikirim ke pejabat penilai"


class HubunganMasukan(models.TextChoices):
    REKAN = "rekan", "Rekan kerja"
    BAWAHAN = "bawahan", "Bawahan langsung"


class SelfAssessment(InstansiOwned):
    """The evaluated employee's own account of the period (or the year) of an evaluation: a
    realisasi claim with its evidence per indicator, a reflection per BerAKHLAK value and an
    overall note. The pejabat penilai reads it once it is sent; it cannot change after that."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="self_assessment"
    )
    status = models.CharField(
        "status",
        max_length=8,
        choices=StatusPenilaianMandiri.choices,
        default=StatusPenilaianMandiri.DRAF,
    )
    catatan = models.TextField("catatan umum", blank=True)
    dikirim_at = models.DateTimeField("dikirim pada", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "penilaian mandiri"
        verbose_name_plural = "penilaian mandiri"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=StatusPenilaianMandiri.DRAF) | Q(dikirim_at__isnull=False),
                name="penilaian_mandiri_dikirim_bertanggal",
            ),
        ]

    def __str__(self) -> str:
        return f"Penilaian mandiri atas evaluasi {self.evaluation_id}"


class SelfAssessmentResult(models.Model):
    """The employee's claim on one indicator of the evaluation."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="results"
    )
    result = models.ForeignKey(EvaluationResult, on_delete=models.CASCADE, related_name="+")
    realisasi = models.DecimalField(
        "klaim realisasi", max_digits=14, decimal_places=2, null=True, blank=True
    )
    bukti = models.TextField("penjelasan dan bukti dukung", blank=True)

    class Meta:
        verbose_name = "klaim hasil kerja"
        verbose_name_plural = "klaim hasil kerja"
        ordering = ["self_assessment", "result"]
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "result"], name="klaim_hasil_unik"),
            models.CheckConstraint(
                condition=Q(realisasi__isnull=True) | Q(realisasi__gte=0),
                name="klaim_realisasi_tidak_negatif",
            ),
        ]

    def __str__(self) -> str:
        return f"Klaim hasil {self.result_id} ({self.self_assessment_id})"


class SelfAssessmentBehaviour(models.Model):
    """The employee's short reflection on one BerAKHLAK value."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="behaviours"
    )
    nilai = models.PositiveSmallIntegerField("nilai BerAKHLAK", choices=NILAI_CHOICES)
    refleksi = models.TextField("refleksi diri", blank=True)

    class Meta:
        verbose_name = "refleksi perilaku"
        verbose_name_plural = "refleksi perilaku"
        ordering = ["self_assessment", "nilai"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "nilai"], name="refleksi_perilaku_unik"
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=1, nilai__lte=7), name="refleksi_nilai_1_7"
            ),
        ]

    def __str__(self) -> str:
        return f"Refleksi {self.nilai} ({self.self_assessment_id})"


class PeerFeedback(InstansiOwned):
    """360 input on an evaluation from a colleague with the same pejabat penilai (rekan) or a
    direct subordinate of the evaluated employee (bawahan). The giver is kept for uniqueness
    and audit only: the penilai sees counts and comments without names, and the evaluated
    employee sees none of it."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="peer_feedback"
    )
    pemberi = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="+", verbose_name="pemberi masukan"
    )
    hubungan = models.CharField("hubungan", max_length=8, choices=HubunganMasukan.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "masukan rekan dan bawahan"
        verbose_name_plural = "masukan rekan dan bawahan"
        ordering = ["evaluation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "pemberi"], name="masukan_360_unik"),
        ]

    def __str__(self) -> str:
        return f"Masukan 360 atas evaluasi {self.evaluation_id}"


class PeerFeedbackItem(models.Model):
    """One BerAKHLAK value in a 360 input: a rating (blank when the giver has not seen that
    behaviour) and a comment."""

    feedback = models.ForeignKey(PeerFeedback, on_delete=models.CASCADE, related_name="items")
    nilai = models.PositiveSmallIntegerField("nilai BerAKHLAK", choices=NILAI_CHOICES)
    rating = models.CharField("penilaian", max_length=12, choices=RATING_CHOICES, blank=True)
    komentar = models.TextField("komentar", blank=True)

    class Meta:
        verbose_name = "masukan per nilai"
        verbose_name_plural = "masukan per nilai"
        ordering = ["feedback", "nilai"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "nilai"], name="masukan_nilai_unik"),
            models.CheckConstraint(
                condition=Q(nilai__gte=1, nilai__lte=7), name="masukan_nilai_1_7"
            ),
        ]

    def __str__(self) -> str:
        return f"Masukan nilai {self.nilai} ({self.feedback_id})"
