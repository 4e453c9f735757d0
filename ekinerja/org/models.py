"""The region, its units and its positions.

Every row belongs to one Instansi (a Pemda), so several regions can share one deployment.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .choices import (
    JENIS_JPT,
    JENJANG_PER_JENIS,
    Eselon,
    JenisInstansi,
    JenisJabatan,
    JenisUnit,
    Jenjang,
    ZonaWaktu,
)
from .logo import validate_logo


class UkuranKertas(models.TextChoices):
    A4 = "a4", "A4 (210 × 297 mm)"
    F4 = "f4", "F4 / folio (215 × 330 mm)"


class Instansi(models.Model):
    kode = models.CharField("kode", max_length=16, unique=True)
    nama = models.CharField("nama", max_length=200)
    jenis = models.CharField("jenis", max_length=16, choices=JenisInstansi.choices)
    nama_daerah = models.CharField("nama daerah", max_length=120)
    ibu_kota = models.CharField("ibu kota", max_length=120, blank=True)
    alamat = models.CharField("alamat", max_length=255, blank=True)
    zona_waktu = models.CharField(
        "zona waktu", max_length=32, choices=ZonaWaktu.choices, default=ZonaWaktu.WIB
    )
    logo = models.FileField(
        "logo kop surat", upload_to="kop/", blank=True, validators=[validate_logo],
        help_text="PNG atau SVG, paling besar 512 KB; tercetak di kop setiap dokumen.",
    )  # fmt: skip
    ukuran_kertas = models.CharField(
        "ukuran kertas dokumen", max_length=2, choices=UkuranKertas.choices,
        default=UkuranKertas.A4,
    )  # fmt: skip

    class Meta:
        verbose_name = "instansi"
        verbose_name_plural = "instansi"
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class InstansiOwned(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, verbose_name="instansi")

    class Meta:
        abstract = True


class Unit(InstansiOwned):
    """A node of the unit tree: OPD, bidang/bagian, seksi, UPT, kecamatan, kelurahan."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="unit induk",
    )
    kode = models.CharField("kode unit", max_length=32)
    nama = models.CharField("nama unit", max_length=200)
    singkatan = models.CharField("singkatan", max_length=40, blank=True)
    jenis = models.CharField("jenis unit", max_length=24, choices=JenisUnit.choices)
    zona_waktu = models.CharField(
        "zona waktu", max_length=32, choices=ZonaWaktu.choices, default=ZonaWaktu.WIB
    )
    alamat = models.CharField("alamat", max_length=255, blank=True)
    latitude = models.DecimalField("lintang", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("bujur", max_digits=9, decimal_places=6, null=True, blank=True)
    radius_m = models.PositiveIntegerField("radius presensi (m)", null=True, blank=True)
    urutan = models.PositiveIntegerField("urutan", default=0)
    aktif = models.BooleanField("aktif", default=True)

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["urutan", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"], name="unit_kode_unik_per_instansi"
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="unit_lokasi_lengkap",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="unit_latitude_valid",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="unit_longitude_valid",
            ),
            models.CheckConstraint(
                condition=Q(radius_m__isnull=True) | Q(radius_m__gt=0), name="unit_radius_positif"
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "Unit tidak boleh menjadi induk dirinya sendiri."})
        if self.parent and self.parent.instansi_id != self.instansi_id:
            raise ValidationError({"parent": "Unit induk harus berada pada instansi yang sama."})
        if self.radius_m and not self.has_location:
            raise ValidationError({"radius_m": "Radius presensi memerlukan lintang dan bujur."})


class Position(InstansiOwned):
    """A jabatan: one seat in the position tree, held over time through assignments."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="positions", verbose_name="unit kerja"
    )
    reports_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="direct_reports",
        verbose_name="atasan langsung (jabatan)",
    )
    kode = models.CharField("kode jabatan", max_length=40)
    nama = models.CharField("nama jabatan", max_length=255)
    jenis_jabatan = models.CharField("jenis jabatan", max_length=32, choices=JenisJabatan.choices)
    jenjang = models.CharField("jenjang", max_length=16, choices=Jenjang.choices, blank=True)
    kelas_jabatan = models.PositiveSmallIntegerField("kelas jabatan", null=True, blank=True)
    eselon = models.CharField("eselon", max_length=8, choices=Eselon.choices, blank=True)
    is_unit_head = models.BooleanField("kepala unit", default=False)
    aktif = models.BooleanField("aktif", default=True)

    class Meta:
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"
        ordering = ["unit__urutan", "-kelas_jabatan", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "kode"], name="jabatan_kode_unik_per_instansi"
            ),
            models.CheckConstraint(
                condition=Q(kelas_jabatan__isnull=True)
                | Q(kelas_jabatan__gte=1, kelas_jabatan__lte=17),
                name="jabatan_kelas_1_17",
            ),
            # Only the Kepala Daerah, a political office, stands outside kelas jabatan.
            models.CheckConstraint(
                condition=Q(jenis_jabatan=JenisJabatan.KEPALA_DAERAH)
                | Q(kelas_jabatan__isnull=False),
                name="jabatan_asn_berkelas",
            ),
        ]
        indexes = [models.Index(fields=["reports_to"], name="jabatan_reports_to_idx")]

    def __str__(self) -> str:
        return self.nama

    @property
    def is_political(self) -> bool:
        return self.jenis_jabatan == JenisJabatan.KEPALA_DAERAH

    @property
    def is_jpt(self) -> bool:
        return self.jenis_jabatan in JENIS_JPT

    @property
    def is_fungsional(self) -> bool:
        return self.jenis_jabatan in JENJANG_PER_JENIS

    @property
    def jenis_lengkap(self) -> str:
        label = self.get_jenis_jabatan_display()
        if self.jenjang:
            return f"{label} {self.get_jenjang_display()}"
        return label

    def clean(self) -> None:
        errors = position_field_errors(
            jenis_jabatan=self.jenis_jabatan,
            jenjang=self.jenjang,
            kelas_jabatan=self.kelas_jabatan,
        )
        if self.reports_to_id and self.reports_to_id == self.pk:
            errors["reports_to"] = "Jabatan tidak boleh melapor kepada dirinya sendiri."
        if self.unit_id and self.unit.instansi_id != self.instansi_id:
            errors["unit"] = "Unit harus berada pada instansi yang sama."
        if errors:
            raise ValidationError(errors)


def position_field_errors(
    *, jenis_jabatan: str, jenjang: str, kelas_jabatan: int | None
) -> dict[str, str]:
    """Cross-field rules of a position, shared by the model form and the importer."""
    errors: dict[str, str] = {}
    allowed = JENJANG_PER_JENIS.get(JenisJabatan(jenis_jabatan)) if jenis_jabatan else None
    if allowed is not None and jenjang not in allowed:
        errors["jenjang"] = "Jabatan fungsional wajib memiliki jenjang yang sesuai jenisnya."
    if allowed is None and jenjang:
        errors["jenjang"] = "Jenjang hanya untuk jabatan fungsional."
    if jenis_jabatan == JenisJabatan.KEPALA_DAERAH:
        if kelas_jabatan is not None:
            errors["kelas_jabatan"] = "Kepala Daerah tidak memiliki kelas jabatan."
    elif kelas_jabatan is None or not 1 <= kelas_jabatan <= 17:
        errors["kelas_jabatan"] = "Kelas jabatan harus 1 sampai 17."
    return errors
