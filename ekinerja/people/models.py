"""Employees, their accounts, their assignments to positions, and granted roles."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from ekinerja.org.models import Instansi, InstansiOwned, Position, Unit

from .choices import (
    GOLONGAN_CHOICES,
    PANGKAT_PNS,
    JenisKelamin,
    JenisPenugasan,
    Kategori,
    Kedudukan,
    Peran,
    StatusKepegawaian,
)
from .nip import format_nip


class User(AbstractUser):
    """A login. ASN sign in with their NIP as the username; others with an assigned name."""

    instansi = models.ForeignKey(
        Instansi, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "akun"
        verbose_name_plural = "akun"


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def in_service(self) -> EmployeeQuerySet:
        from .choices import KEDUDUKAN_MASIH_BEKERJA

        return self.filter(kedudukan__in=KEDUDUKAN_MASIH_BEKERJA)


class Employee(InstansiOwned):
    """A person who holds or held a position: an ASN (PNS, CPNS, PPPK) or a Kepala Daerah."""

    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="employee"
    )
    nip = models.CharField("NIP / NI PPPK", max_length=18, null=True, blank=True, unique=True)
    nama = models.CharField("nama", max_length=150)
    gelar_depan = models.CharField("gelar depan", max_length=40, blank=True)
    gelar_belakang = models.CharField("gelar belakang", max_length=60, blank=True)
    tempat_lahir = models.CharField("tempat lahir", max_length=80, blank=True)
    tanggal_lahir = models.DateField("tanggal lahir", null=True, blank=True)
    jenis_kelamin = models.CharField("jenis kelamin", max_length=1, choices=JenisKelamin.choices)
    status = models.CharField(
        "status kepegawaian", max_length=16, choices=StatusKepegawaian.choices
    )
    golongan = models.CharField("golongan", max_length=8, choices=GOLONGAN_CHOICES, blank=True)
    kategori = models.CharField(
        "kategori", max_length=24, choices=Kategori.choices, default=Kategori.UMUM
    )
    kedudukan = models.CharField(
        "kedudukan", max_length=32, choices=Kedudukan.choices, default=Kedudukan.AKTIF
    )
    email = models.EmailField("surel", blank=True)
    telepon = models.CharField("telepon", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = "pegawai"
        verbose_name_plural = "pegawai"
        ordering = ["nama", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=StatusKepegawaian.PEJABAT_NEGARA) | Q(nip__isnull=False),
                name="pegawai_asn_wajib_nip",
            ),
        ]
        indexes = [models.Index(fields=["instansi", "nama"], name="pegawai_instansi_nama_idx")]

    def __str__(self) -> str:
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        name = self.nama
        if self.gelar_depan:
            name = f"{self.gelar_depan} {name}"
        if self.gelar_belakang:
            name = f"{name}, {self.gelar_belakang}"
        return name

    @property
    def nip_tampil(self) -> str:
        return format_nip(self.nip) if self.nip else "-"

    @property
    def pangkat(self) -> str:
        return PANGKAT_PNS.get(self.golongan, "")

    @property
    def pangkat_golongan(self) -> str:
        if not self.golongan:
            return "-"
        if self.status == StatusKepegawaian.PPPK:
            return f"Golongan {self.golongan} (PPPK)"
        return f"{self.pangkat} ({self.golongan})"

    @property
    def is_asn(self) -> bool:
        return self.status != StatusKepegawaian.PEJABAT_NEGARA


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active_on(self, day: dt.date) -> AssignmentQuerySet:
        return self.filter(Q(mulai__lte=day) & (Q(selesai__isnull=True) | Q(selesai__gte=day)))

    def overlapping(self, first: dt.date, last: dt.date) -> AssignmentQuerySet:
        """Seats held on at least one day from ``first`` to ``last``."""
        return self.filter(Q(mulai__lte=last) & (Q(selesai__isnull=True) | Q(selesai__gte=first)))


class Assignment(models.Model):
    """An employee holding a position for a time: definitif, Plt or Plh."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="assignments", verbose_name="pegawai"
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="assignments", verbose_name="jabatan"
    )
    jenis = models.CharField(
        "jenis penugasan",
        max_length=16,
        choices=JenisPenugasan.choices,
        default=JenisPenugasan.DEFINITIF,
    )
    mulai = models.DateField("TMT mulai")
    selesai = models.DateField("selesai", null=True, blank=True)
    nomor_sk = models.CharField("nomor SK", max_length=100, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "penugasan jabatan"
        verbose_name_plural = "penugasan jabatan"
        ordering = ["-mulai", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="penugasan_tanggal_urut",
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "mulai"], name="penugasan_pegawai_idx"),
            models.Index(fields=["position", "jenis", "mulai"], name="penugasan_jabatan_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} - {self.get_jenis_display()} {self.position}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.mulai <= day and (self.selesai is None or self.selesai >= day)


class RoleGrant(models.Model):
    """A granted role: admin OPD over a unit subtree, or an instansi-wide role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    peran = models.CharField("peran", max_length=24, choices=Peran.choices)
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = "hak akses"
        verbose_name_plural = "hak akses"
        constraints = [
            models.CheckConstraint(
                condition=(Q(peran=Peran.ADMIN_OPD) & Q(unit__isnull=False))
                | (~Q(peran=Peran.ADMIN_OPD) & Q(unit__isnull=True)),
                name="hak_akses_unit_hanya_admin_opd",
            ),
            models.UniqueConstraint(
                fields=["user", "peran", "unit"],
                condition=Q(unit__isnull=False),
                name="hak_akses_unit_unik",
            ),
            models.UniqueConstraint(
                fields=["user", "peran"],
                condition=Q(unit__isnull=True),
                name="hak_akses_instansi_unik",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit.nama if self.unit_id and self.unit else self.instansi.nama
        return f"{self.get_peran_display()} - {scope}"
