"""Attendance: leave, the daily record of each employee, the calendar, schedules, the rules
(tolerances and TL/PSW bands) and the punches that feed the daily record.

DailyAttendance is derived: `services_daily.recompute_attendance` rebuilds it from punches,
approved leave, schedules and the calendar whenever one of them changes."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from ekinerja.core.constraints import unique_with_optional
from ekinerja.org.models import InstansiOwned
from ekinerja.people.models import Employee

from .choices import JenisCuti, JenisJadwal, JenisKategori, StatusKehadiran, StatusPengajuan


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
    # Working days the request covers, counted when it is made (holidays and days off excluded);
    # kept so the balance does not move when a holiday is added later.
    jumlah_hari = models.PositiveSmallIntegerField("jumlah hari kerja", default=0)
    alamat_selama_cuti = models.CharField("alamat selama cuti", max_length=255, blank=True)
    lampiran = models.FileField("lampiran", upload_to="cuti/%Y/%m/", blank=True)
    diajukan_oleh = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    diputus_oleh = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="diputus oleh",
    )  # fmt: skip
    diputus_at = models.DateTimeField("diputus pada", null=True, blank=True)
    alasan_keputusan = models.TextField("alasan keputusan", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cuti/izin"
        verbose_name_plural = "cuti/izin"
        ordering = ["-mulai"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=F("mulai")), name="cuti_tanggal_urut"),
        ]
        indexes = [
            models.Index(fields=["employee", "mulai"], name="cuti_pegawai_mulai"),
            models.Index(fields=["instansi", "status", "mulai"], name="cuti_status_mulai"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.mulai:%d-%m-%Y} s.d. {self.selesai:%d-%m-%Y}"


class LeaveOpeningBalance(InstansiOwned):
    """Unused cuti tahunan from the years before the region used E-Kinerja, entered once by
    BKPSDM; later years are computed from the leave recorded here."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="leave_openings", verbose_name="pegawai"
    )
    tahun = models.PositiveSmallIntegerField("tahun mulai dihitung")
    sisa_tahun_lalu = models.PositiveSmallIntegerField("sisa cuti tahun N-1", default=0)
    sisa_dua_tahun_lalu = models.PositiveSmallIntegerField("sisa cuti tahun N-2", default=0)

    class Meta:
        verbose_name = "saldo awal cuti tahunan"
        verbose_name_plural = "saldo awal cuti tahunan"
        constraints = [
            models.UniqueConstraint(fields=["employee"], name="saldo_awal_cuti_unik"),
        ]

    def __str__(self) -> str:
        return f"Saldo awal {self.tahun}"


class DailyAttendance(InstansiOwned):
    """One employee's attendance on one day: status, arrival and leaving (local unit time)."""

    # No single-column indexes: the (employee, tanggal) constraint and the (instansi, tanggal)
    # index serve those lookups, and a month's recompute rewrites 200,000 rows at once.
    instansi = models.ForeignKey(
        "org.Instansi", on_delete=models.PROTECT, verbose_name="instansi", db_index=False
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="attendance", db_index=False
    )
    tanggal = models.DateField("tanggal")
    status = models.CharField("status", max_length=20, choices=StatusKehadiran.choices)
    jam_datang = models.TimeField("jam datang", null=True, blank=True)
    jam_pulang = models.TimeField("jam pulang", null=True, blank=True)
    # What the day was measured against, kept so a recap explains itself.
    jadwal = models.CharField("jadwal", max_length=80, blank=True)
    jam_masuk_jadwal = models.TimeField("jam masuk jadwal", null=True, blank=True)
    jam_pulang_jadwal = models.TimeField("jam pulang jadwal", null=True, blank=True)
    menit_terlambat = models.PositiveIntegerField("menit terlambat", null=True, blank=True)
    menit_pulang_cepat = models.PositiveIntegerField("menit pulang cepat", null=True, blank=True)
    kode_tl = models.CharField("kategori TL", max_length=8, blank=True)
    kode_psw = models.CharField("kategori PSW", max_length=8, blank=True)
    tanpa_presensi_masuk = models.BooleanField("tidak presensi masuk", default=False)
    tanpa_presensi_pulang = models.BooleanField("tidak presensi pulang", default=False)
    jenis_cuti = models.CharField(
        "jenis cuti/izin", max_length=20, choices=JenisCuti.choices, blank=True
    )
    keterangan = models.CharField("keterangan", max_length=200, blank=True)
    dihitung_at = models.DateTimeField("dihitung pada", null=True, blank=True)

    class Meta:
        verbose_name = "kehadiran harian"
        verbose_name_plural = "kehadiran harian"
        ordering = ["-tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "tanggal"], name="kehadiran_unik_per_hari"),
        ]
        indexes = [models.Index(fields=["instansi", "tanggal"], name="kehadiran_instansi_tanggal")]

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
    # Only a hash of the API token is kept; the token itself is shown once when issued.
    token_hash = models.CharField("hash token API", max_length=64, blank=True, db_index=True)
    token_awalan = models.CharField("awalan token", max_length=8, blank=True)
    # The token stores only what its issuer could upload by hand (api.py), so who issued it
    # is part of what the token is allowed to do.
    token_diterbitkan_oleh = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="token diterbitkan oleh",
    )  # fmt: skip
    aktif = models.BooleanField("aktif", default=True)
    terakhir_kirim_at = models.DateTimeField("terakhir mengirim", null=True, blank=True)

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
    # Web/phone check-ins: where the phone said it was, how sure it was, and the verdict.
    latitude = models.DecimalField("lintang", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("bujur", max_digits=9, decimal_places=6, null=True, blank=True)
    akurasi_m = models.PositiveIntegerField("akurasi (m)", null=True, blank=True)
    jarak_m = models.PositiveIntegerField("jarak ke kantor (m)", null=True, blank=True)
    di_luar_lokasi = models.BooleanField("di luar lokasi", default=False)
    keterangan_lokasi = models.CharField("keterangan lokasi", max_length=200, blank=True)
    # A retried tap or a resent request carries the same key and lands once.
    kunci = models.CharField("kunci idempoten", max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "presensi"
        verbose_name_plural = "presensi"
        ordering = ["-waktu"]
        # A log is re-sent whole every time; the same punch must land once.
        constraints = [
            models.UniqueConstraint(fields=["employee", "waktu"], name="presensi_unik"),
            models.UniqueConstraint(
                fields=["employee", "kunci"], condition=~Q(kunci=""), name="presensi_kunci_unik"
            ),
        ]

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
        # A PIN belongs to its machine: PIN 5 on two machines in the same second is two
        # people. Rows without a machine still collide with each other, hence the Coalesce
        # (a plain unique index treats NULLs as distinct).
        constraints = [
            models.UniqueConstraint(
                F("instansi"), F("key"), F("waktu"), Coalesce(F("device"), Value(0)),
                name="presensi_tak_dikenal_mesin_unik",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.key} {self.waktu:%Y-%m-%d %H:%M:%S}"


# --- schedules (issue 5 item 2) ------------------------------------------------------------------


class WorkSchedule(InstansiOwned):
    """A named set of working hours: a weekly pattern (hours per weekday) or a set of shifts
    that a roster assigns day by day (RSUD, Puskesmas rawat inap)."""

    nama = models.CharField("nama", max_length=80)
    jenis = models.CharField(
        "jenis", max_length=10, choices=JenisJadwal.choices, default=JenisJadwal.MINGGUAN
    )
    keterangan = models.CharField("keterangan", max_length=255, blank=True)

    class Meta:
        verbose_name = "jadwal kerja"
        verbose_name_plural = "jadwal kerja"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "nama"], name="jadwal_nama_unik"),
        ]

    def __str__(self) -> str:
        return self.nama


class ScheduleDay(models.Model):
    """Hours of one weekday of a weekly schedule, or of one shift of a shift schedule."""

    jadwal = models.ForeignKey(WorkSchedule, on_delete=models.CASCADE, related_name="hari")
    # 0 = Senin … 6 = Minggu for a weekly schedule; empty for a shift.
    hari = models.PositiveSmallIntegerField(
        "hari",
        null=True,
        blank=True,
        choices=[
            (0, "Senin"), (1, "Selasa"), (2, "Rabu"), (3, "Kamis"),
            (4, "Jumat"), (5, "Sabtu"), (6, "Minggu"),
        ],
    )  # fmt: skip
    kode = models.CharField("kode shift", max_length=16, blank=True)
    jam_masuk = models.TimeField("jam masuk")
    jam_pulang = models.TimeField("jam pulang")
    lewat_tengah_malam = models.BooleanField("lewat tengah malam", default=False)
    istirahat_mulai = models.TimeField("istirahat mulai", null=True, blank=True)
    istirahat_selesai = models.TimeField("istirahat selesai", null=True, blank=True)

    class Meta:
        verbose_name = "jam kerja"
        verbose_name_plural = "jam kerja"
        ordering = ["jadwal", "hari", "jam_masuk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jadwal", "hari"], condition=Q(hari__isnull=False), name="jam_hari_unik"
            ),
            models.UniqueConstraint(
                fields=["jadwal", "kode"], condition=~Q(kode=""), name="jam_shift_unik"
            ),
            models.CheckConstraint(
                condition=Q(hari__isnull=False) | ~Q(kode=""), name="jam_hari_atau_shift"
            ),
            models.CheckConstraint(
                condition=Q(istirahat_mulai__isnull=True, istirahat_selesai__isnull=True)
                | Q(istirahat_mulai__isnull=False, istirahat_selesai__isnull=False),
                name="jam_istirahat_lengkap",
            ),
        ]

    def __str__(self) -> str:
        label = self.kode or self.get_hari_display()
        return f"{label} {self.jam_masuk:%H:%M}–{self.jam_pulang:%H:%M}"


class ScheduleAssignment(InstansiOwned):
    """Which schedule a unit (and the units below it) or one employee works, over a period.
    An employee's own row overrides the unit's."""

    jadwal = models.ForeignKey(
        WorkSchedule, on_delete=models.PROTECT, related_name="penetapan", verbose_name="jadwal"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name="unit kerja",
    )  # fmt: skip
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name="pegawai",
    )  # fmt: skip
    berlaku_mulai = models.DateField("berlaku mulai")
    berlaku_sampai = models.DateField("berlaku sampai", null=True, blank=True)

    class Meta:
        verbose_name = "penetapan jadwal"
        verbose_name_plural = "penetapan jadwal"
        ordering = ["-berlaku_mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True, employee__isnull=False)
                | Q(unit__isnull=False, employee__isnull=True),
                name="penetapan_unit_atau_pegawai",
            ),
            models.CheckConstraint(
                condition=Q(berlaku_sampai__isnull=True)
                | Q(berlaku_sampai__gte=F("berlaku_mulai")),
                name="penetapan_tanggal_urut",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jadwal} mulai {self.berlaku_mulai:%d-%m-%Y}"


class SchedulePeriod(InstansiOwned):
    """A weekly schedule that replaces the normal one between two dates for everybody on a
    weekly schedule (Ramadan, announced each year). Shift rosters are not affected."""

    nama = models.CharField("nama", max_length=80)
    mulai = models.DateField("mulai")
    selesai = models.DateField("selesai")
    jadwal = models.ForeignKey(
        WorkSchedule, on_delete=models.PROTECT, related_name="periode", verbose_name="jadwal"
    )

    class Meta:
        verbose_name = "periode jadwal khusus"
        verbose_name_plural = "periode jadwal khusus"
        ordering = ["-mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=F("mulai")), name="periode_jadwal_urut"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} {self.mulai:%d-%m-%Y} s.d. {self.selesai:%d-%m-%Y}"


class ShiftRoster(InstansiOwned):
    """One employee's shift on one day; no shift is a day off in the roster."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="roster", verbose_name="pegawai",
        db_index=False,
    )  # fmt: skip
    tanggal = models.DateField("tanggal")
    shift = models.ForeignKey(
        ScheduleDay, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="shift", help_text="Kosong berarti libur pada roster.",
    )  # fmt: skip

    class Meta:
        verbose_name = "roster shift"
        verbose_name_plural = "roster shift"
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "tanggal"], name="roster_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.shift or 'libur'}"


# --- rules: tolerances, windows and the TL/PSW bands ---------------------------------------------


class AttendancePolicy(InstansiOwned):
    """An instansi's attendance rules from a date on. Without a row the defaults of domain.md
    apply (no tolerance, TL/PSW 1–30/31–60/61–90/≥91, 12 days of cuti tahunan)."""

    berlaku_mulai = models.DateField("berlaku mulai")
    toleransi_terlambat = models.PositiveSmallIntegerField("toleransi terlambat (menit)", default=0)
    toleransi_pulang_cepat = models.PositiveSmallIntegerField(
        "toleransi pulang cepat (menit)", default=0
    )
    masuk_dibuka_sebelum = models.PositiveSmallIntegerField(
        "presensi masuk dibuka sebelum jam masuk (menit)", default=180
    )
    pulang_ditutup_setelah = models.PositiveSmallIntegerField(
        "presensi pulang ditutup setelah jam pulang (menit)", default=360
    )
    radius_bawaan_m = models.PositiveIntegerField("radius bawaan (m)", default=100)
    akurasi_maks_m = models.PositiveIntegerField(
        "akurasi GPS terburuk yang diterima (m)", default=150
    )
    jatah_cuti_tahunan = models.PositiveSmallIntegerField("jatah cuti tahunan (hari)", default=12)
    batas_cuti_satu_tahun = models.PositiveSmallIntegerField(
        "batas cuti tahunan dengan sisa 1 tahun (hari)", default=18
    )
    batas_cuti_dua_tahun = models.PositiveSmallIntegerField(
        "batas cuti tahunan bila 2 tahun tidak diambil (hari)", default=24
    )
    cuti_bersama_mengurangi = models.BooleanField(
        "cuti bersama mengurangi cuti tahunan", default=False
    )

    class Meta:
        verbose_name = "aturan presensi"
        verbose_name_plural = "aturan presensi"
        ordering = ["-berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "berlaku_mulai"], name="aturan_presensi_unik"
            ),
        ]

    def __str__(self) -> str:
        return f"Aturan presensi mulai {self.berlaku_mulai:%d-%m-%Y}"


class AttendanceBand(models.Model):
    """One TL or PSW band of a policy: whole minutes from `menit_dari` to `menit_sampai`."""

    policy = models.ForeignKey(AttendancePolicy, on_delete=models.CASCADE, related_name="kategori")
    jenis = models.CharField("jenis", max_length=3, choices=JenisKategori.choices)
    kode = models.CharField("kode", max_length=8)
    menit_dari = models.PositiveIntegerField("dari menit")
    menit_sampai = models.PositiveIntegerField("sampai menit", null=True, blank=True)

    class Meta:
        verbose_name = "kategori TL/PSW"
        verbose_name_plural = "kategori TL/PSW"
        ordering = ["jenis", "menit_dari"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "jenis", "kode"], name="kategori_kode_unik"),
        ]

    def __str__(self) -> str:
        upper = "" if self.menit_sampai is None else f"–{self.menit_sampai}"
        return f"{self.kode} {self.menit_dari}{upper} menit"
