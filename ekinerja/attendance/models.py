"""Leave and the daily attendance record of each employee.

This is the part other apps read (activity entry rules and anomaly flags, later TPP). The
punches, schedules and calendars that produce the daily record come with the attendance issue;
until then rows are written by that work's services, the admin, or the demo."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from ekinerja.org.models import InstansiOwned
from ekinerja.people.models import Employee

from .choices import JenisCuti, StatusKehadiran, StatusPengajuan


class LeaveRequest(InstansiOwned):
    """Cuti, izin, dinas luar or diklat over a range of days."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leave")
    jenis = models.CharField("jenis", max_length=20, choices=JenisCuti.choices)
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai")
    # A half-day permission (izin beberapa jam) does not close the day for activities.
    sehari_penuh = models.BooleanField("sehari penuh", default=True)
    status = models.CharField(
        "status", max_length=16, choices=StatusPengajuan.choices, default=StatusPengajuan.DIAJUKAN
    )
    keterangan = models.TextField("keterangan", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cuti/izin"
        verbose_name_plural = "cuti/izin"
        ordering = ["-mulai"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=F("mulai")), name="cuti_tanggal_urut"),
        ]
        indexes = [models.Index(fields=["employee", "mulai"], name="cuti_pegawai_mulai")]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.mulai:%d-%m-%Y} s.d. {self.selesai:%d-%m-%Y}"


class DailyAttendance(InstansiOwned):
    """One employee's attendance on one day: status, arrival and leaving (local unit time)."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="attendance")
    tanggal = models.DateField("tanggal")
    status = models.CharField("status", max_length=20, choices=StatusKehadiran.choices)
    jam_datang = models.TimeField("jam datang", null=True, blank=True)
    jam_pulang = models.TimeField("jam pulang", null=True, blank=True)

    class Meta:
        verbose_name = "kehadiran harian"
        verbose_name_plural = "kehadiran harian"
        ordering = ["-tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "tanggal"], name="kehadiran_unik_per_hari"),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal} {self.get_status_display()}"


# --- the calendar (issue 5 item 1) ---------------------------------------------------------------


class JenisLibur(models.TextChoices):
    LIBUR_NASIONAL = "libur_nasional", "Libur nasional"
    CUTI_BERSAMA = "cuti_bersama", "Cuti bersama"
    LIBUR_DAERAH = "libur_daerah", "Libur daerah"


class Holiday(models.Model):
    """A day off: national (instansi empty, shared by every region) or a regional addition.

    National rows come from the SKB 3 Menteri of each year (`holidays_data.py` or an import);
    a region adds its own rows (libur daerah, or a local cuti bersama) under its instansi.
    """

    instansi = models.ForeignKey(
        "org.Instansi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="instansi",
        help_text="Kosong untuk libur nasional yang berlaku di semua instansi.",
    )
    tanggal = models.DateField("tanggal")
    nama = models.CharField("nama", max_length=200)
    jenis = models.CharField("jenis", max_length=20, choices=JenisLibur.choices)

    class Meta:
        verbose_name = "hari libur"
        verbose_name_plural = "hari libur"
        ordering = ["tanggal"]
        # NULL instansi never collides in a plain unique index, so national rows get their own
        # partial constraint; both work the same on SQLite and PostgreSQL.
        constraints = [
            models.UniqueConstraint(
                fields=["tanggal", "jenis"],
                condition=Q(instansi__isnull=True),
                name="libur_nasional_unik",
            ),
            models.UniqueConstraint(
                fields=["instansi", "tanggal", "jenis"],
                condition=Q(instansi__isnull=False),
                name="libur_daerah_unik",
            ),
        ]
        indexes = [models.Index(fields=["tanggal"], name="libur_tanggal")]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class WorkWeek(InstansiOwned):
    """The working-week pattern of a unit from a date on: 5 days (Mon–Fri) or 6 (Mon–Sat).

    Units without a row take the pattern of the nearest ancestor that has one; a tree without
    any row works five days (`calendar.workweek_for_units`).
    """

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="work_weeks", verbose_name="unit kerja"
    )
    berlaku_mulai = models.DateField("berlaku mulai")
    hari_kerja = models.PositiveSmallIntegerField(
        "hari kerja", choices=[(5, "5 hari (Senin–Jumat)"), (6, "6 hari (Senin–Sabtu)")], default=5
    )

    class Meta:
        verbose_name = "pola hari kerja"
        verbose_name_plural = "pola hari kerja"
        ordering = ["unit", "-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "berlaku_mulai"], name="pola_kerja_unik"),
            models.CheckConstraint(condition=Q(hari_kerja__in=(5, 6)), name="pola_kerja_5_6"),
        ]

    def __str__(self) -> str:
        return f"{self.hari_kerja} hari kerja mulai {self.berlaku_mulai:%d-%m-%Y}"
