"""Daily activities, the rules that govern them (data per instansi, by effective date), and the
activity catalogue per position."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from ekinerja.org.models import InstansiOwned, Position
from ekinerja.people.models import Employee
from ekinerja.planning.models import Indikator

from .choices import DasarTargetMenit, StatusAktivitas


class ActivityPolicy(InstansiOwned):
    """The activity rules of an instansi from a date on. The field defaults are the usual
    regional values (domain.md 4, all [I]); each region sets its own rows."""

    berlaku_mulai = models.DateField("berlaku mulai")
    mundur_hari = models.PositiveSmallIntegerField("batas pengisian mundur (hari)", default=7)
    bulan_sama = models.BooleanField("hanya dalam bulan yang sama", default=True)
    tanggal_tutup = models.PositiveSmallIntegerField(
        "tanggal penutupan bulan sebelumnya", default=10
    )
    batas_menit_harian = models.PositiveSmallIntegerField(
        "menit maksimal yang diakui per hari", default=420
    )
    wajib_presensi = models.BooleanField("hanya pada hari dengan presensi", default=False)
    dasar_target = models.CharField(
        "dasar target menit", max_length=16, choices=DasarTargetMenit.choices,
        default=DasarTargetMenit.TETAP,
    )  # fmt: skip
    target_menit_bulanan = models.PositiveIntegerField("target menit per bulan", default=6750)
    menit_per_hari_kerja = models.PositiveSmallIntegerField("menit per hari kerja", default=300)
    batas_hari_validasi = models.PositiveSmallIntegerField(
        "hari sebelum validasi beralih ke atasan pejabat penilai", default=5
    )
    # Thresholds of the anomaly flags shown to the validator; flags inform, they never refuse.
    anomali_menit_entri = models.PositiveSmallIntegerField(
        "satu entri dianggap terlalu panjang di atas (menit)", default=240
    )
    anomali_hari_salin = models.PositiveSmallIntegerField(
        "uraian sama dianggap disalin bila muncul pada (hari dalam sebulan)", default=5
    )
    anomali_rekan_salin = models.PositiveSmallIntegerField(
        "uraian sama dianggap disalin bila diisi oleh (pegawai pada hari yang sama)", default=3
    )

    class Meta:
        verbose_name = "aturan aktivitas"
        verbose_name_plural = "aturan aktivitas"
        ordering = ["instansi", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "berlaku_mulai"], name="aturan_aktivitas_unik_per_tanggal"
            ),
            models.CheckConstraint(
                condition=Q(tanggal_tutup__gte=1, tanggal_tutup__lte=28),
                name="aturan_tanggal_tutup_1_28",
            ),
            models.CheckConstraint(
                condition=Q(batas_menit_harian__gte=1, batas_menit_harian__lte=1440),
                name="aturan_batas_menit_harian",
            ),
        ]

    def __str__(self) -> str:
        return f"Aturan aktivitas sejak {self.berlaku_mulai:%d-%m-%Y}"


class CatalogItem(InstansiOwned):
    """An uraian tugas of a position from the job analysis, with its norma waktu."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="katalog")
    uraian = models.CharField("uraian tugas", max_length=500)
    norma_waktu = models.PositiveIntegerField("norma waktu (menit per output)")
    satuan_hasil = models.CharField("satuan hasil", max_length=60)
    # The beban kerja of the job analysis (ABK): outputs a year for the whole position. Empty
    # when the position has no workload analysis yet; the ABK page counts only filled rows.
    volume_tahunan = models.PositiveIntegerField(
        "volume beban kerja per tahun", null=True, blank=True
    )
    aktif = models.BooleanField("aktif", default=True)

    class Meta:
        verbose_name = "katalog aktivitas"
        verbose_name_plural = "katalog aktivitas"
        ordering = ["position", "uraian"]
        constraints = [
            models.UniqueConstraint(fields=["position", "uraian"], name="katalog_unik"),
            models.CheckConstraint(condition=Q(norma_waktu__gt=0), name="katalog_norma_positif"),
        ]

    def __str__(self) -> str:
        return self.uraian[:80]


class Activity(InstansiOwned):
    """One piece of work on one day, from a start time to an end time."""

    # No index of its own: (employee, tanggal) serves every lookup by employee, and a second
    # index on the same column lured PostgreSQL's planner away from the composite one.
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="activities", db_index=False
    )
    tanggal = models.DateField("tanggal")
    mulai = models.TimeField("jam mulai")
    selesai = models.TimeField("jam selesai")
    menit = models.PositiveSmallIntegerField("durasi (menit)")
    # Null means "tugas tambahan / lainnya": work that serves no period target of the SKP.
    indikator = models.ForeignKey(
        Indikator, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    catalog_item = models.ForeignKey(
        CatalogItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uraian = models.TextField("uraian kegiatan")
    # `rules.normalise_uraian(uraian)`, written by the services: the copied-description flags
    # group by it through an index instead of normalising every row of a day.
    uraian_norm = models.CharField(max_length=255, default="", editable=False)
    jumlah_output = models.DecimalField("jumlah output", max_digits=10, decimal_places=2)
    satuan = models.CharField("satuan output", max_length=60)
    bukti_tautan = models.URLField("tautan bukti", blank=True, max_length=500)
    bukti_berkas = models.FileField("berkas bukti", upload_to="bukti/%Y/%m/", blank=True)
    status = models.CharField(
        "status", max_length=16, choices=StatusAktivitas.choices, default=StatusAktivitas.DIAJUKAN
    )
    alasan = models.TextField("alasan penolakan/pengembalian", blank=True)
    validated_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    # When it was last sent for validation (entry or resubmission after a return); the deadline
    # after which it moves to the atasan pejabat penilai runs from here.
    diajukan_at = models.DateTimeField("diajukan pada", default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "aktivitas harian"
        verbose_name_plural = "aktivitas harian"
        ordering = ["-tanggal", "-mulai"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gt=F("mulai")), name="aktivitas_jam_urut"),
            models.CheckConstraint(condition=Q(jumlah_output__gte=0), name="aktivitas_output"),
        ]
        indexes = [
            models.Index(fields=["employee", "tanggal"], name="aktivitas_pegawai_tanggal"),
            models.Index(fields=["status", "tanggal"], name="aktivitas_status_tanggal"),
            models.Index(
                fields=["instansi", "tanggal", "uraian_norm"], name="aktivitas_uraian_harian"
            ),
            # The validation queue reads only pending rows; this keeps it small however many
            # approved rows a year brings.
            models.Index(
                fields=["employee", "diajukan_at"],
                condition=Q(status="diajukan"),
                name="aktivitas_menunggu",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal} {self.mulai:%H:%M}-{self.selesai:%H:%M} {self.uraian[:40]}"


class ActivityFavorite(InstansiOwned):
    """An activity an employee enters often, kept to fill the entry form in one tap."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="favorit")
    nama = models.CharField("nama singkat", max_length=80)
    uraian = models.TextField("uraian kegiatan")
    menit = models.PositiveSmallIntegerField("durasi biasa (menit)")
    indikator = models.ForeignKey(
        Indikator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    catalog_item = models.ForeignKey(
        CatalogItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    jumlah_output = models.DecimalField("jumlah output", max_digits=10, decimal_places=2)
    satuan = models.CharField("satuan output", max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "aktivitas favorit"
        verbose_name_plural = "aktivitas favorit"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "nama"], name="favorit_unik_per_pegawai"),
            models.CheckConstraint(condition=Q(menit__gt=0), name="favorit_menit_positif"),
        ]

    def __str__(self) -> str:
        return self.nama
