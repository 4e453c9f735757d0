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
