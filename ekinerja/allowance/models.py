"""TPP: the region's policy versions, monthly runs with one line per employee, and the
monthly inputs the policy may read (hukuman disiplin, counted items such as tidak apel)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ekinerja.core.closing import month_label
from ekinerja.org.models import InstansiOwned, Unit
from ekinerja.people.models import Employee

from .choices import JenisRun, ProsesRun, StatusKebijakan, StatusRun


class TppPolicy(InstansiOwned):
    """One version of the region's TPP rules, the validated document of docs/tpp-policy.md.

    A version in force (`berlaku`) applies from `berlaku_mulai` until the next one; a proposal
    (`usulan`) is only ever used by simulations."""

    nama = models.CharField("nama", max_length=200)
    berlaku_mulai = models.DateField("berlaku mulai")
    status = models.CharField(
        "status", max_length=12, choices=StatusKebijakan.choices, default=StatusKebijakan.BERLAKU
    )
    dokumen = models.JSONField("dokumen kebijakan")
    catatan = models.TextField("catatan", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kebijakan TPP"
        verbose_name_plural = "kebijakan TPP"
        ordering = ["-berlaku_mulai", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "berlaku_mulai"],
                condition=Q(status=StatusKebijakan.BERLAKU),
                name="tpp_kebijakan_berlaku_sekali_per_tanggal",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.berlaku_mulai:%d-%m-%Y})"


class TppRun(InstansiOwned):
    """The TPP of one month for the instansi or one OPD, computed by the worker.

    An official run is a draft until finalised (its employees' months are then closed, see
    core.closing); a simulation is never finalised."""

    policy = models.ForeignKey(TppPolicy, on_delete=models.PROTECT, related_name="runs")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="OPD"
    )
    tahun = models.PositiveSmallIntegerField("tahun")
    bulan = models.PositiveSmallIntegerField("bulan")
    jenis = models.CharField(
        "jenis", max_length=12, choices=JenisRun.choices, default=JenisRun.RESMI
    )
    status = models.CharField(
        "status", max_length=12, choices=StatusRun.choices, default=StatusRun.DRAF
    )
    proses = models.CharField(
        "proses", max_length=12, choices=ProsesRun.choices, default=ProsesRun.MENUNGGU
    )
    # A simulation's baseline: the same month and scope under the policy in force.
    pembanding = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    selesai = models.PositiveIntegerField(default=0)
    jumlah_pegawai = models.PositiveIntegerField(default=0)
    jumlah_bruto = models.DecimalField(max_digits=16, decimal_places=0, default=0)
    jumlah_bersih = models.DecimalField(max_digits=16, decimal_places=0, default=0)
    pesan = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "perhitungan TPP"
        verbose_name_plural = "perhitungan TPP"
        ordering = ["-tahun", "-bulan", "-id"]
        # One official run per month for the instansi and per OPD; simulations may be many.
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tahun", "bulan"],
                condition=Q(unit__isnull=True, jenis=JenisRun.RESMI),
                name="tpp_run_resmi_instansi_sekali",
            ),
            models.UniqueConstraint(
                fields=["instansi", "tahun", "bulan", "unit"],
                condition=Q(unit__isnull=False, jenis=JenisRun.RESMI),
                name="tpp_run_resmi_opd_sekali",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "tahun", "bulan"])]

    def __str__(self) -> str:
        return f"TPP {self.bulan:02d}/{self.tahun} ({self.get_jenis_display()})"

    @property
    def label(self) -> str:
        return month_label(self.tahun, self.bulan)

    @property
    def is_final(self) -> bool:
        return self.status == StatusRun.FINAL


class TppLine(models.Model):
    """One employee's TPP in a run, with who they were and the full breakdown (calc.Result)."""

    run = models.ForeignKey(TppRun, on_delete=models.CASCADE, related_name="lines")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="tpp_lines")
    opd = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    nama = models.CharField(max_length=200)
    nip = models.CharField(max_length=18, blank=True)
    golongan = models.CharField(max_length=8, blank=True)
    status_pegawai = models.CharField(max_length=16, blank=True)
    jabatan = models.CharField(max_length=255, blank=True)
    kelas_jabatan = models.PositiveSmallIntegerField(null=True)
    besaran = models.DecimalField(max_digits=14, decimal_places=0)
    kinerja_persen = models.DecimalField(max_digits=6, decimal_places=2)
    disiplin_persen = models.DecimalField(max_digits=6, decimal_places=2)
    bruto = models.DecimalField(max_digits=14, decimal_places=0)
    bpjs_pegawai = models.DecimalField(max_digits=14, decimal_places=0)
    bpjs_pemberi_kerja = models.DecimalField(max_digits=14, decimal_places=0)
    pajak = models.DecimalField(max_digits=14, decimal_places=0)
    bersih = models.DecimalField(max_digits=14, decimal_places=0)
    rincian = models.JSONField(default=dict)

    class Meta:
        verbose_name = "baris TPP"
        verbose_name_plural = "baris TPP"
        constraints = [
            models.UniqueConstraint(fields=["run", "employee"], name="tpp_line_sekali_per_run")
        ]
        indexes = [models.Index(fields=["employee", "run"])]

    def __str__(self) -> str:
        return f"{self.nama} {self.run}"


class HukumanDisiplin(InstansiOwned):
    """A disciplinary sanction in force from `mulai` to `selesai`; its `jenis` is a code the
    policy's `hukuman_disiplin` table gives a % cut for."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="hukuman")
    jenis = models.CharField("jenis hukuman", max_length=60)
    nomor_sk = models.CharField("nomor SK", max_length=100, blank=True)
    mulai = models.DateField("berlaku mulai")
    selesai = models.DateField("berakhir")
    keterangan = models.CharField("keterangan", max_length=255, blank=True)

    class Meta:
        verbose_name = "hukuman disiplin"
        verbose_name_plural = "hukuman disiplin"
        ordering = ["-mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=models.F("mulai")), name="hukuman_tanggal_urut"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jenis} {self.mulai:%d-%m-%Y}"


class CatatanBulanan(InstansiOwned):
    """A counted monthly item the policy's `disiplin.lainnya` may cut for (tidak apel, tidak
    rapat, LHKASN belum disampaikan), entered or imported by an admin."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField("tahun")
    bulan = models.PositiveSmallIntegerField("bulan")
    kode = models.CharField("kode", max_length=40)
    jumlah = models.PositiveSmallIntegerField("jumlah")

    class Meta:
        verbose_name = "catatan bulanan TPP"
        verbose_name_plural = "catatan bulanan TPP"
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "tahun", "bulan", "kode"], name="catatan_bulanan_unik"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.bulan:02d}/{self.tahun}: {self.jumlah}"
