"""Monitoring: the region's thresholds (data by effective date), each OPD's go-live date, and the
month's figures per OPD and per employee, precomputed by a job so the dashboards read a few
hundred rows instead of millions of activities."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from ekinerja.org.models import InstansiOwned, Unit
from ekinerja.people.models import Employee


class MonitoringPolicy(InstansiOwned):
    """The monitoring rules of an instansi from a date on. The defaults are the national figure
    for effective working time (PermenPANRB 1/2020, domain.md 5) and thresholds chosen by us
    [I]; each region sets its own rows."""

    berlaku_mulai = models.DateField("berlaku mulai")
    jke_menit_tahunan = models.PositiveIntegerField(
        "jam kerja efektif per tahun (menit)", default=75000
    )
    hari_tunggakan = models.PositiveSmallIntegerField(
        "aktivitas menunggu validasi dianggap tunggakan setelah (hari)", default=3
    )
    ambang_skp_persen = models.PositiveSmallIntegerField(
        "ambang patuh: pegawai dengan SKP disetujui (%)", default=90
    )
    ambang_isian_persen = models.PositiveSmallIntegerField(
        "ambang patuh: tingkat pengisian aktivitas (%)", default=80
    )
    ambang_tunggakan_persen = models.PositiveSmallIntegerField(
        "ambang patuh: tunggakan validasi paling banyak (% aktivitas diajukan)", default=10
    )
    # Thresholds of the maturity levels (docs/maturity.md); an empty object means the defaults
    # in dashboard/maturity.py. Checked by that module before saving.
    ambang_kematangan = models.JSONField("ambang tingkat kematangan", default=dict, blank=True)
    # Bands of Prestasi Kerja Jabatan for ABK (domain.md 5, [U]); empty means dashboard/abk.py's.
    pita_prestasi_jabatan = models.JSONField(
        "pita prestasi kerja jabatan", default=dict, blank=True
    )

    class Meta:
        verbose_name = "aturan pemantauan"
        verbose_name_plural = "aturan pemantauan"
        ordering = ["instansi", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "berlaku_mulai"], name="aturan_pemantauan_unik"
            ),
            models.CheckConstraint(
                condition=Q(jke_menit_tahunan__gt=0), name="aturan_pemantauan_jke_positif"
            ),
        ]

    def __str__(self) -> str:
        return f"Aturan pemantauan sejak {self.berlaku_mulai:%d-%m-%Y}"


class OpdGoLive(InstansiOwned):
    """When an OPD started using E-Kinerja: regions roll out in waves, and compliance counts
    only from this date."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="go_live", verbose_name="OPD"
    )
    gelombang = models.PositiveSmallIntegerField("gelombang")
    tanggal_mulai = models.DateField("tanggal mulai (go-live)")
    catatan = models.CharField("catatan", max_length=255, blank=True)

    class Meta:
        verbose_name = "jadwal penerapan OPD"
        verbose_name_plural = "jadwal penerapan OPD"
        ordering = ["tanggal_mulai", "unit__nama"]

    def __str__(self) -> str:
        return f"{self.unit} (gelombang {self.gelombang}, {self.tanggal_mulai:%d-%m-%Y})"


class StatusPenyegaran(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu"
    BERJALAN = "berjalan", "Sedang dihitung"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"


class MonitoringRefresh(InstansiOwned):
    """One computation of a month's figures for an instansi: the dashboards show its time."""

    tahun = models.PositiveSmallIntegerField("tahun")
    bulan = models.PositiveSmallIntegerField("bulan")
    status = models.CharField(
        "status", max_length=12, choices=StatusPenyegaran.choices, default=StatusPenyegaran.MENUNGGU
    )
    diminta_at = models.DateTimeField("diminta pada")
    dihitung_at = models.DateTimeField("dihitung pada", null=True, blank=True)
    durasi_ms = models.PositiveIntegerField("durasi (ms)", default=0)
    jumlah_pegawai = models.PositiveIntegerField(default=0)
    pesan = models.TextField(blank=True)

    class Meta:
        verbose_name = "penghitungan pemantauan"
        verbose_name_plural = "penghitungan pemantauan"
        ordering = ["-diminta_at"]
        indexes = [
            models.Index(
                fields=["instansi", "tahun", "bulan", "-diminta_at"], name="pantau_refresh_idx"
            )
        ]


class OpdMonth(InstansiOwned):
    """The month's figures of one OPD (its whole subtree), from the latest computation."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name="OPD")
    tahun = models.PositiveSmallIntegerField("tahun")
    bulan = models.PositiveSmallIntegerField("bulan")
    dihitung_at = models.DateTimeField("dihitung pada")
    go_live = models.DateField("go-live", null=True, blank=True)
    sudah_live = models.BooleanField("sudah go-live", default=False)
    pegawai = models.PositiveIntegerField("pegawai dihitung", default=0)
    dikecualikan = models.PositiveIntegerField("pegawai dikecualikan", default=0)
    skp_disetujui = models.PositiveIntegerField("pegawai dengan SKP disetujui", default=0)
    hari_wajib = models.PositiveIntegerField("hari kerja wajib isi", default=0)
    hari_terisi = models.PositiveIntegerField("hari dengan aktivitas disetujui", default=0)
    presensi_wajib = models.PositiveIntegerField("hari kerja wajib hadir", default=0)
    presensi_hadir = models.PositiveIntegerField("hari hadir", default=0)
    aktivitas_diajukan = models.PositiveIntegerField("aktivitas diajukan", default=0)
    tunggakan = models.PositiveIntegerField("tunggakan validasi", default=0)
    menit_disetujui = models.BigIntegerField("menit disetujui", default=0)
    predikat = models.JSONField("sebaran predikat", default=dict)
    tpp_total = models.DecimalField("TPP diterima", max_digits=16, decimal_places=0, default=0)
    tpp_status = models.CharField("status TPP", max_length=24, blank=True)
    tingkat_kematangan = models.PositiveSmallIntegerField("tingkat kematangan", default=0)
    kematangan = models.JSONField("rincian kematangan", default=dict)

    class Meta:
        verbose_name = "rekap pemantauan OPD"
        verbose_name_plural = "rekap pemantauan OPD"
        constraints = [
            models.UniqueConstraint(fields=["unit", "tahun", "bulan"], name="pantau_opd_unik"),
        ]
        indexes = [models.Index(fields=["instansi", "tahun", "bulan"], name="pantau_opd_idx")]


class EmployeeMonth(InstansiOwned):
    """The month's figures of one employee, for drilling down from an OPD to a unit to a person.
    `pengecualian` names why they are left out of compliance (tugas belajar, CLTN, pensiun,
    mutasi...); empty means they count."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    opd = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField("tahun")
    bulan = models.PositiveSmallIntegerField("bulan")
    pengecualian = models.CharField("dikecualikan karena", max_length=40, blank=True)
    skp_disetujui = models.BooleanField("SKP disetujui", default=False)
    hari_wajib = models.PositiveSmallIntegerField(default=0)
    hari_terisi = models.PositiveSmallIntegerField(default=0)
    presensi_wajib = models.PositiveSmallIntegerField(default=0)
    presensi_hadir = models.PositiveSmallIntegerField(default=0)
    aktivitas_diajukan = models.PositiveIntegerField(default=0)
    tunggakan = models.PositiveIntegerField(default=0)
    menit_disetujui = models.PositiveIntegerField(default=0)
    target_menit = models.PositiveIntegerField(default=0)
    predikat = models.CharField(max_length=24, blank=True)
    tpp = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)

    class Meta:
        verbose_name = "rekap pemantauan pegawai"
        verbose_name_plural = "rekap pemantauan pegawai"
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "tahun", "bulan"], name="pantau_pegawai_unik"
            ),
        ]
        indexes = [models.Index(fields=["opd", "tahun", "bulan"], name="pantau_pegawai_opd_idx")]
