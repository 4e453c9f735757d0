"""Leave and the daily attendance record of each employee.

This is the part other apps read (activity entry rules and anomaly flags, later TPP). The
punches, schedules and calendars that produce the daily record come with the attendance issue;
until then rows are written by that work's services, the admin, or the demo."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from ekinerja.core.constraints import unique_with_optional
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
        # National rows have no instansi: one national row per day and kind, and one per
        # instansi, day and kind for regional additions.
        constraints = unique_with_optional(
            ["instansi", "tanggal", "jenis"], "instansi",
            name_without="libur_nasional_unik", name_with="libur_daerah_unik",
        )  # fmt: skip
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


# --- fingerprint machines and punches (issue 5 item 2) -------------------------------------------


class SumberPresensi(models.TextChoices):
    MESIN = "mesin", "Mesin sidik jari"
    API = "api", "API"
    WEB = "web", "Web"


class Device(InstansiOwned):
    """A fingerprint machine; its zone turns the naive times it records into instants."""

    nama = models.CharField("nama", max_length=120)
    serial = models.CharField("nomor seri", max_length=64)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name="unit kerja",
    )
    # The machine's own clock zone, not the server's: a device in a WITA office writes WITA.
    zona_waktu = models.CharField("zona waktu", max_length=32, default="Asia/Jakarta")

    class Meta:
        verbose_name = "mesin presensi"
        verbose_name_plural = "mesin presensi"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "serial"], name="mesin_serial_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.serial})"


class DevicePin(InstansiOwned):
    """Which employee a PIN enrolled on a machine belongs to.

    Without a device the mapping holds on every machine of the instansi, which is the usual
    case when PINs are handed out centrally; a device-specific row overrides it.
    """

    device = models.ForeignKey(
        Device,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pins",
        verbose_name="mesin",
        help_text="Kosong bila PIN berlaku di semua mesin instansi.",
    )
    pin = models.CharField("PIN", max_length=32)
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="device_pins", verbose_name="pegawai"
    )

    class Meta:
        verbose_name = "PIN mesin"
        verbose_name_plural = "PIN mesin"
        ordering = ["pin"]
        # A PIN without a device applies to every device of the instansi.
        constraints = unique_with_optional(
            ["instansi", "device", "pin"], "device",
            name_without="pin_instansi_unik", name_with="pin_mesin_unik",
        )  # fmt: skip

    def __str__(self) -> str:
        return f"PIN {self.pin}"


class Punch(InstansiOwned):
    """One clock-in or clock-out of a known employee, stored as a UTC instant."""

    # The (employee, waktu) constraint's index already serves lookups by employee.
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="punches",
        verbose_name="pegawai",
        db_index=False,
    )
    waktu = models.DateTimeField("waktu")
    sumber = models.CharField("sumber", max_length=8, choices=SumberPresensi.choices)
    device = models.ForeignKey(
        Device,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="punches",
        verbose_name="mesin",
    )
    state = models.CharField("status mesin", max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "presensi"
        verbose_name_plural = "presensi"
        ordering = ["-waktu"]
        # A log is re-sent whole every time; the same punch must land once.
        constraints = [
            models.UniqueConstraint(fields=["employee", "waktu"], name="presensi_unik"),
        ]
        indexes = [models.Index(fields=["employee", "waktu"], name="presensi_pegawai_waktu")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.waktu:%Y-%m-%d %H:%M:%S}"


class UnknownPunch(InstansiOwned):
    """A punch whose PIN/NIP matched nobody, kept so it can be assigned once the PIN is
    registered instead of being silently dropped."""

    key = models.CharField("PIN/NIP", max_length=32)
    waktu = models.DateTimeField("waktu")
    device = models.ForeignKey(
        Device,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unknown_punches",
        verbose_name="mesin",
    )
    line = models.PositiveIntegerField("baris")
    batch = models.CharField("berkas", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "presensi tak dikenal"
        verbose_name_plural = "presensi tak dikenal"
        ordering = ["-waktu"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "key", "waktu"], name="presensi_tak_dikenal_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.waktu:%Y-%m-%d %H:%M:%S}"
