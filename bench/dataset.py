"""The regional-scale dataset every benchmark shares, and the result type.

10,000 employees from `seed_demo --seed 1`. Benchmarks that need it call `ensure_dataset()`;
it is built once per database and reused (a marker row tells whether it is there).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command

EMPLOYEES = 10_000
SEED = 1


@dataclass
class Context:
    database: str


@dataclass
class Result:
    value: float
    unit: str
    target: float
    target_text: str
    met: bool
    notes: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self, *, name: str, database: str) -> dict:
        return {
            "name": name,
            "database": database,
            "value": round(self.value, 3),
            "unit": self.unit,
            "target": self.target,
            "target_text": self.target_text,
            "met": self.met,
            "notes": self.notes,
            **self.extra,
        }


def migrate_fresh() -> None:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


def ensure_dataset() -> None:
    from ekinerja.people.models import Employee

    call_command("migrate", interactive=False, verbosity=0)
    if Employee.objects.count() >= EMPLOYEES:
        return
    call_command("flush", interactive=False, verbosity=0)
    call_command("seed_demo", employees=EMPLOYEES, seed=SEED, allow_production=True, verbosity=0)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_ms(fn: Callable[[], object], *, warm: int, runs: int) -> float:
    for _ in range(warm):
        fn()
    return statistics.median(timed(fn) * 1000 for _ in range(runs))


# --- a year of activities (issue 4) ----------------------------------------------------------

ACTIVITY_ROWS = 10_000_000
# Four activities on every weekday: the usual shape of a filled day (domain.md 4).
YEAR_SLOTS = (
    ("07:30:00", "09:30:00", 120, "Menyusun rekapitulasi data bulanan"),
    ("09:30:00", "11:45:00", 135, "Melayani permohonan dan pengaduan masyarakat"),
    ("13:00:00", "14:30:00", 90, "Menginput data ke aplikasi"),
    ("14:30:00", "16:00:00", 90, "Memverifikasi kelengkapan berkas"),
)
_ACTIVITY_COLUMNS = (
    "instansi_id, employee_id, tanggal, mulai, selesai, menit, uraian, uraian_norm, "
    "jumlah_output, satuan, "
    "bukti_tautan, bukti_berkas, status, alasan, validated_at, diajukan_at, created_at, updated_at"
)


def ensure_activity_year() -> int:
    """At least ten million activities: a year of weekdays for every employee before the demo's
    own month, generated inside the database (seconds to minutes, not hours of Python). Mostly
    approved, one in 37 rejected, as a year that has been validated. Returns the row count."""
    import datetime as dt

    from django.db import connection
    from django.db.models import Min

    from ekinerja.activity.models import Activity

    ensure_dataset()
    count = Activity.objects.count()
    if count >= ACTIVITY_ROWS:
        # A migration may have rebuilt the table since it was filled (SQLite then forgets its
        # statistics and ignores the partial index of pending activities).
        call_command("refresh_statistics", verbosity=0)
        return count
    first = Activity.objects.aggregate(first=Min("tanggal"))["first"] or dt.date.today()
    end = first - dt.timedelta(days=1)
    start = end - dt.timedelta(days=364)
    slots = " UNION ALL ".join(
        f"SELECT '{m}' AS mulai, '{s}' AS selesai, {n} AS menit, '{u}' AS uraian"
        for m, s, n, u in YEAR_SLOTS
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""
                INSERT INTO activity_activity ({_ACTIVITY_COLUMNS})
                SELECT e.instansi_id, e.id, d::date, s.mulai::time, s.selesai::time, s.menit,
                       s.uraian || ' ' || (e.id %% 89), lower(s.uraian || ' ' || (e.id %% 89)),
                       1, 'dokumen', '', '',
                       CASE WHEN (e.id + extract(doy FROM d)::int) %% 37 = 0
                            THEN 'ditolak' ELSE 'disetujui' END,
                       '', d + s.selesai::time + interval '1 day', d + s.selesai::time,
                       d + s.selesai::time, d + s.selesai::time + interval '1 day'
                FROM people_employee e
                CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d
                CROSS JOIN ({slots}) AS s
                WHERE extract(isodow FROM d) < 6
                """,
                [start, end],
            )
            cursor.execute("ANALYZE activity_activity")
        else:
            cursor.execute(
                f"""
                WITH RECURSIVE days(d) AS (
                    SELECT date(%s) UNION ALL SELECT date(d, '+1 day') FROM days WHERE d < %s
                )
                INSERT INTO activity_activity ({_ACTIVITY_COLUMNS})
                SELECT e.instansi_id, e.id, days.d, s.mulai, s.selesai, s.menit,
                       s.uraian || ' ' || (e.id %% 89), lower(s.uraian || ' ' || (e.id %% 89)),
                       '1', 'dokumen', '', '',
                       CASE WHEN (e.id + CAST(strftime('%%j', days.d) AS INTEGER)) %% 37 = 0
                            THEN 'ditolak' ELSE 'disetujui' END,
                       '', datetime(days.d || ' ' || s.selesai, '+1 day'),
                       days.d || ' ' || s.selesai, days.d || ' ' || s.selesai,
                       datetime(days.d || ' ' || s.selesai, '+1 day')
                FROM people_employee e CROSS JOIN days CROSS JOIN ({slots}) AS s
                WHERE strftime('%%w', days.d) NOT IN ('0', '6')
                """,
                [start.isoformat(), end.isoformat()],
            )
            cursor.execute("ANALYZE")
    return Activity.objects.count()


# --- a month of punches (issue 5) ------------------------------------------------------------

PUNCH_DAYS = 22  # working days of a month, two punches each


def attendance_month() -> tuple[object, object, list]:
    """A whole month three months before today, clear of the demo's own last 30 days, and its
    first 22 weekdays (the benchmarks' working days; holidays do not matter to an import)."""
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=80)).replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    days = []
    day = first
    while day <= last and len(days) < PUNCH_DAYS:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return first, last, days


def ensure_pins() -> dict[int, str]:
    """Every employee of the region has an instansi-wide PIN (the demo hands them out; an older
    dataset may predate that). Returns employee id -> PIN."""
    from ekinerja.attendance.models import DevicePin
    from ekinerja.people.models import Employee

    ensure_dataset()
    pins = dict(DevicePin.objects.filter(device__isnull=True).values_list("employee_id", "pin"))
    missing = Employee.objects.exclude(pk__in=list(pins)).values_list("pk", "instansi_id")
    DevicePin.objects.bulk_create(
        [DevicePin(instansi_id=i, employee_id=pk, pin=str(pk)) for pk, i in missing],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return dict(DevicePin.objects.filter(device__isnull=True).values_list("employee_id", "pin"))


def punch_times(employee_id: int, day: object) -> tuple[str, str]:
    """A plausible arrival and leaving (local time) that varies by employee and day, with a
    tail of late arrivals and early departures."""
    import datetime as dt

    assert isinstance(day, dt.date)
    spread = (employee_id * 7919 + day.toordinal() * 104729) % 1000
    arrival = 6 * 3600 + 45 * 60 + spread * 6  # 06:45 to 08:25
    leaving = 15 * 3600 + 50 * 60 + ((spread * 37) % 1000) * 5  # 15:50 to 17:13
    return (
        f"{day} {arrival // 3600:02d}:{arrival // 60 % 60:02d}:{arrival % 60:02d}",
        f"{day} {leaving // 3600:02d}:{leaving // 60 % 60:02d}:{leaving % 60:02d}",
    )


def zkteco_month_log() -> bytes:
    """The month as one ZKTeco attendance log: PIN, time, verify mode, in/out state."""
    pins = ensure_pins()
    _first, _last, days = attendance_month()
    lines = []
    for employee_id, pin in sorted(pins.items()):
        for day in days:
            arrival, leaving = punch_times(employee_id, day)
            lines.append(f"{pin}\t{arrival}\t1\t0\t1\t0")
            lines.append(f"{pin}\t{leaving}\t1\t1\t1\t0")
    return ("\r\n".join(lines) + "\r\n").encode()


def ensure_attendance_month() -> int:
    """The month's punches stored for every employee (kept across runs); returns how many."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.utils import timezone

    from ekinerja.attendance.models import Punch
    from ekinerja.core.bulk import insert_rows
    from ekinerja.people.models import Employee

    ensure_dataset()
    first, last, days = attendance_month()
    span = (
        dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
    )
    stored = Punch.objects.filter(waktu__range=span).count()
    if stored >= EMPLOYEES * len(days) * 2:
        return stored
    Punch.objects.filter(waktu__range=span).delete()
    wib = ZoneInfo("Asia/Jakarta")
    adapt = connection.ops.adapt_datetimefield_value
    created = adapt(timezone.now())
    rows = []
    for employee_id, instansi_id in Employee.objects.values_list("pk", "instansi_id"):
        for day in days:
            for moment in punch_times(employee_id, day):
                at = dt.datetime.fromisoformat(moment).replace(tzinfo=wib).astimezone(dt.UTC)
                rows.append((instansi_id, employee_id, adapt(at), "mesin", "", "", created))
    columns = ("instansi_id", "employee_id", "waktu", "sumber", "state", "kunci", "created_at")
    insert_rows(Punch, columns, rows)
    return len(rows)
