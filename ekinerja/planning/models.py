"""SKP planning: periods, organisational goals, SKPs with RHK, indicators and period targets."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ekinerja.org.models import InstansiOwned, Position, Unit
from ekinerja.people.models import Employee

from .choices import (
    NILAI_CHOICES,
    Aspek,
    JenisForm,
    JenisRhk,
    JenisSasaranDaerah,
    Pendekatan,
    Perspektif,
    SiklusEvaluasi,
    StatusPembukaan,
    StatusPeriode,
    StatusSkp,
    SumberDraf,
)


class PerformancePeriod(InstansiOwned):
    """The annual SKP period of an instansi, with its deadlines and evaluation cadence."""

    tahun = models.PositiveSmallIntegerField("tahun")
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai")
    batas_input_skp = models.DateField("batas pengisian SKP")
    batas_persetujuan = models.DateField("batas persetujuan SKP")
    siklus_evaluasi = models.CharField(
        "siklus evaluasi",
        max_length=16,
        choices=SiklusEvaluasi.choices,
        default=SiklusEvaluasi.BULANAN,
    )
    status = models.CharField(
        "status", max_length=16, choices=StatusPeriode.choices, default=StatusPeriode.PERSIAPAN
    )

    class Meta:
        verbose_name = "periode SKP"
        verbose_name_plural = "periode SKP"
        ordering = ["-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun"], name="periode_unik_per_tahun"),
            models.CheckConstraint(condition=Q(selesai__gt=F("mulai")), name="periode_urut"),
            models.CheckConstraint(
                condition=Q(batas_persetujuan__gte=F("batas_input_skp")),
                name="periode_batas_urut",
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.tahun}"


class RegionalGoal(InstansiOwned):
    """A tujuan or sasaran of the RPJMD: the Kepala Daerah's goals, where cascading starts."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    jenis = models.CharField("jenis", max_length=16, choices=JenisSasaranDaerah.choices)
    kode = models.CharField("kode", max_length=32)
    uraian = models.TextField("uraian")
    indikator = models.TextField("indikator", blank=True)
    tahun_mulai = models.PositiveSmallIntegerField("tahun mulai RPJMD")
    tahun_selesai = models.PositiveSmallIntegerField("tahun akhir RPJMD")

    class Meta:
        verbose_name = "tujuan/sasaran RPJMD"
        verbose_name_plural = "tujuan/sasaran RPJMD"
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="rpjmd_kode_unik"),
            models.CheckConstraint(
                condition=Q(tahun_selesai__gte=F("tahun_mulai")), name="rpjmd_tahun_urut"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian[:60]}"


class PerjanjianKinerja(InstansiOwned):
    """The yearly performance agreement of an OPD: the source of its head's RHK."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="perjanjian_kinerja")
    tahun = models.PositiveSmallIntegerField("tahun")

    class Meta:
        verbose_name = "perjanjian kinerja"
        verbose_name_plural = "perjanjian kinerja"
        ordering = ["-tahun", "unit__nama"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "tahun"], name="pk_unik_per_unit_tahun")
        ]

    def __str__(self) -> str:
        return f"PK {self.unit} {self.tahun}"


class SasaranStrategis(models.Model):
    perjanjian = models.ForeignKey(
        PerjanjianKinerja, on_delete=models.CASCADE, related_name="sasaran"
    )
    regional_goal = models.ForeignKey(
        RegionalGoal,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sasaran_opd",
        verbose_name="sasaran RPJMD yang didukung",
    )
    kode = models.CharField("kode", max_length=32, blank=True)
    uraian = models.TextField("sasaran strategis")
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "sasaran strategis"
        verbose_name_plural = "sasaran strategis"
        ordering = ["urutan", "id"]

    def __str__(self) -> str:
        return self.uraian[:80]


class IndikatorKinerjaOrganisasi(models.Model):
    sasaran = models.ForeignKey(
        SasaranStrategis, on_delete=models.CASCADE, related_name="indikator"
    )
    uraian = models.TextField("indikator kinerja")
    target = models.DecimalField("target", max_digits=14, decimal_places=2)
    satuan = models.CharField("satuan", max_length=60)

    class Meta:
        verbose_name = "indikator kinerja organisasi"
        verbose_name_plural = "indikator kinerja organisasi"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.uraian[:80]


class SkpQuerySet(models.QuerySet["Skp"]):
    def live(self) -> SkpQuerySet:
        """Versions still in play: everything except versions replaced by a newer approval."""
        return self.exclude(status=StatusSkp.DIGANTI)


class Skp(InstansiOwned):
    """One version of an employee's SKP for a period. A revision is a new row (version + 1)."""

    period = models.ForeignKey(PerformancePeriod, on_delete=models.PROTECT, related_name="skps")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="skps")
    version = models.PositiveSmallIntegerField("versi", default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    status = models.CharField(
        "status", max_length=16, choices=StatusSkp.choices, default=StatusSkp.DRAFT
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="+", verbose_name="jabatan"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    jenis_form = models.CharField("formulir", max_length=8, choices=JenisForm.choices)
    pendekatan = models.CharField(
        "pendekatan", max_length=16, choices=Pendekatan.choices, default=Pendekatan.KUANTITATIF
    )
    dukungan_sumber_daya = models.TextField("dukungan sumber daya", blank=True)
    skema_pertanggungjawaban = models.TextField("skema pertanggungjawaban", blank=True)
    konsekuensi = models.TextField("konsekuensi", blank=True)
    # Who approved, and both identities as printed on the signed form (issue 8 prints these).
    penilai = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    identitas = models.JSONField("identitas saat disetujui", default=dict, blank=True)
    alasan_pengembalian = models.TextField("alasan dikembalikan", blank=True)
    diajukan_at = models.DateTimeField(null=True, blank=True)
    disetujui_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SkpQuerySet.as_manager()

    class Meta:
        verbose_name = "SKP"
        verbose_name_plural = "SKP"
        ordering = ["period", "employee", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "employee", "version"], name="skp_versi_unik"
            ),
            # At most one version being worked on (draft, submitted or returned) at a time.
            models.UniqueConstraint(
                fields=["period", "employee"],
                condition=Q(status__in=["draft", "diajukan", "dikembalikan"]),
                name="skp_satu_versi_terbuka",
            ),
            models.UniqueConstraint(
                fields=["period", "employee"],
                condition=Q(status="disetujui"),
                name="skp_satu_versi_disetujui",
            ),
        ]
        indexes = [models.Index(fields=["employee", "period", "status"], name="skp_pegawai_idx")]

    def __str__(self) -> str:
        return f"SKP {self.period.tahun} {self.employee} v{self.version}"


class Rhk(models.Model):
    """A Rencana Hasil Kerja. A JA/JF RHK intervenes one RHK of the pejabat penilai; a JPT RHK
    comes from a sasaran strategis of the organisation (or an RHK of a JPT penilai)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk")
    jenis = models.CharField("jenis", max_length=16, choices=JenisRhk.choices)
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    teks = models.TextField("rencana hasil kerja")
    rhk_atasan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intervensi",
        verbose_name="RHK pimpinan yang diintervensi",
    )
    sasaran_strategis = models.ForeignKey(
        SasaranStrategis, null=True, blank=True, on_delete=models.SET_NULL, related_name="rhk"
    )
    perspektif = models.CharField(
        "perspektif", max_length=24, choices=Perspektif.choices, blank=True
    )
    # The RHK this one was copied from (a new version, or the previous year's SKP), so that
    # links from subordinates can follow it when the new version is approved.
    asal = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="salinan"
    )
    # Set when the supervisor pushed this RHK down.
    didorong_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "RHK"
        verbose_name_plural = "RHK"
        ordering = ["skp", "jenis", "urutan", "id"]
        indexes = [models.Index(fields=["rhk_atasan"], name="rhk_atasan_idx")]

    def __str__(self) -> str:
        return self.teks[:80]


class Indikator(models.Model):
    """An indikator kinerja individu with its aspect and target (a value or a range)."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indikator")
    urutan = models.PositiveSmallIntegerField("urutan", default=0)
    aspek = models.CharField("aspek", max_length=16, choices=Aspek.choices, blank=True)
    uraian = models.TextField("indikator kinerja individu")
    target_min = models.DecimalField(
        "target (batas bawah)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_max = models.DecimalField(
        "target (batas atas)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    satuan = models.CharField("satuan", max_length=60, blank=True)

    class Meta:
        verbose_name = "indikator kinerja individu"
        verbose_name_plural = "indikator kinerja individu"
        ordering = ["rhk", "urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_min__isnull=True)
                | Q(target_max__isnull=True)
                | Q(target_min__lte=F("target_max")),
                name="indikator_rentang_urut",
            ),
        ]

    def __str__(self) -> str:
        return self.uraian[:80]

    @property
    def target_annual(self) -> Decimal | None:
        """The value the period split adds up to: the upper bound of a range."""
        return self.target_max if self.target_max is not None else self.target_min

    @property
    def is_range(self) -> bool:
        return (
            self.target_min is not None
            and self.target_max is not None
            and self.target_min != self.target_max
        )


class PeriodTarget(models.Model):
    """An indicator's target for one month or quarter (periode_ke 1..12, or 1..4)."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="targets")
    periode_ke = models.PositiveSmallIntegerField("periode ke")
    target = models.DecimalField("target", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "target periodik"
        verbose_name_plural = "target periodik"
        ordering = ["indikator", "periode_ke"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "periode_ke"], name="target_periodik_unik"
            ),
            models.CheckConstraint(
                condition=Q(periode_ke__gte=1, periode_ke__lte=12), name="target_periode_1_12"
            ),
            models.CheckConstraint(condition=Q(target__gte=0), name="target_tidak_negatif"),
        ]

    def __str__(self) -> str:
        return f"{self.indikator} [{self.periode_ke}]: {self.target}"


class PerilakuExpectation(models.Model):
    """Ekspektasi khusus pimpinan for one BerAKHLAK value in an SKP (optional text)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="perilaku")
    nilai = models.PositiveSmallIntegerField("nilai BerAKHLAK", choices=NILAI_CHOICES)
    ekspektasi_khusus = models.TextField("ekspektasi khusus pimpinan", blank=True)

    class Meta:
        verbose_name = "ekspektasi perilaku"
        verbose_name_plural = "ekspektasi perilaku"
        ordering = ["skp", "nilai"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "nilai"], name="perilaku_unik"),
            models.CheckConstraint(
                condition=Q(nilai__gte=1, nilai__lte=7), name="perilaku_nilai_1_7"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_nilai_display()}: {self.ekspektasi_khusus[:60]}"


class SkpTemplate(InstansiOwned):
    """A starting SKP per position, for employees without a previous SKP.

    `rhk` is a list of {jenis, teks, perspektif, indikator: [{aspek, uraian, target_min,
    target_max, satuan}]}; it is copied, never linked, into new drafts.
    """

    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="skp_template")
    rhk = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "templat SKP jabatan"
        verbose_name_plural = "templat SKP jabatan"

    def __str__(self) -> str:
        return f"Templat SKP {self.position}"


class PeriodOpening(InstansiOwned):
    """A bulk opening of a period (all employees or one OPD), run by the worker, with progress."""

    period = models.ForeignKey(PerformancePeriod, on_delete=models.CASCADE, related_name="openings")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sumber = models.CharField(
        "sumber draf", max_length=16, choices=SumberDraf.choices, default=SumberDraf.SKP_SEBELUMNYA
    )
    status = models.CharField(
        max_length=16, choices=StatusPembukaan.choices, default=StatusPembukaan.MENUNGGU
    )
    total = models.PositiveIntegerField(default=0)
    selesai = models.PositiveIntegerField(default=0)
    dibuat = models.PositiveIntegerField(default=0)
    dilewati = models.PositiveIntegerField(default=0)
    pesan = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "pembukaan periode"
        verbose_name_plural = "pembukaan periode"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Pembukaan {self.period} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(self.selesai * 100 / self.total))
