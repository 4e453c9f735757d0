"""A month of attendance for the demo region (called by `demo.extend_demo`).

The schedules, roster, rules, machine and PINs are created as an admin would; leave and punches
are drawn at random with a fixed seed, then the daily records are computed by the same service
that runs after every real import, so the demo shows what the product would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from itertools import cycle, islice

from django.db import connection
from django.utils import timezone

from ekinerja.core.bulk import insert_rows
from ekinerja.org.choices import JenisJabatan, JenisUnit
from ekinerja.org.models import Instansi, Unit
from ekinerja.people.hierarchy import RANK
from ekinerja.people.models import Assignment

from . import timing
from .choices import JenisCuti, JenisJadwal, JenisKategori, StatusPengajuan
from .daystatus import DEFAULT_RULES
from .models import (
    AttendanceBand,
    AttendancePolicy,
    DailyAttendance,
    Device,
    DevicePin,
    LeaveRequest,
    Punch,
    ScheduleAssignment,
    ScheduleDay,
    SchedulePeriod,
    ShiftRoster,
    SumberPresensi,
    UnknownPunch,
    WorkSchedule,
)
from .schedules import load_schedule_book
from .services_daily import recompute_attendance

DAYS_BACK = 30
SHIFT_CYCLE = ("pagi", "pagi", "siang", "siang", "malam", "malam", None, None)
# The first day of Ramadan 1448 H by the astronomical calendar; the Government's decision each
# year replaces it (domain 7.1), which is why the period is data an admin edits.
RAMADAN_1448 = (dt.date(2027, 2, 8), dt.date(2027, 3, 9))
PUNCH_COLUMNS = (
    "instansi_id", "employee_id", "waktu", "sumber", "device_id", "state", "kunci", "created_at",
)  # fmt: skip


def _week_rows(schedule: WorkSchedule, week: timing.WeekSchedule) -> list[ScheduleDay]:
    rows = []
    for hari, hours in enumerate(week.days):
        if hours is None:
            continue
        begin, finish = hours.breaks[0] if hours.breaks else (None, None)
        rows.append(ScheduleDay(
            jadwal=schedule, hari=hari, jam_masuk=hours.start, jam_pulang=hours.end,
            istirahat_mulai=begin, istirahat_selesai=finish,
        ))  # fmt: skip
    return rows


SIX_DAY_WEEK = timing.WeekSchedule(
    *[timing.DaySchedule(dt.time(7, 30), dt.time(14, 15), [(dt.time(12), dt.time(12, 30))])] * 6
)


def _schedules(instansi: Instansi, start: dt.date) -> str:
    """The Perpres week for the whole tree, six days for Puskesmas, shifts for RSUD."""
    perpres = WorkSchedule.objects.create(instansi=instansi, nama="Perpres 21/2023")
    six = WorkSchedule.objects.create(instansi=instansi, nama="Enam hari kerja (Puskesmas)")
    ramadan = WorkSchedule.objects.create(instansi=instansi, nama="Ramadan (Perpres 21/2023)")
    shifts = WorkSchedule.objects.create(
        instansi=instansi, nama="Shift RSUD", jenis=JenisJadwal.SHIFT
    )
    rows = _week_rows(perpres, timing.PERPRES_21_2023_WEEK)
    rows += _week_rows(six, SIX_DAY_WEEK) + _week_rows(ramadan, timing.RAMADAN_WEEK)
    rows += [
        ScheduleDay(
            jadwal=shifts,
            kode=code,
            jam_masuk=hours.start,
            jam_pulang=hours.end,
            lewat_tengah_malam=hours.overnight,
        )
        for code, hours in timing.DEFAULT_SHIFTS.items()
    ]
    ScheduleDay.objects.bulk_create(rows)
    units = Unit.objects.filter(instansi=instansi)
    assignments = [
        ScheduleAssignment(instansi=instansi, unit=unit, jadwal=perpres, berlaku_mulai=start)
        for unit in units.filter(parent__isnull=True)
    ]
    assignments += [
        ScheduleAssignment(instansi=instansi, unit=unit, jadwal=six, berlaku_mulai=start)
        for unit in units.filter(jenis=JenisUnit.PUSKESMAS)
    ]
    rsud = list(units.filter(jenis=JenisUnit.RSUD))
    assignments += [
        ScheduleAssignment(instansi=instansi, unit=unit, jadwal=shifts, berlaku_mulai=start)
        for unit in rsud
    ]
    # The hospital's management keeps office hours while its wards run shifts.
    heads = Assignment.objects.active_on(start).filter(
        position__unit__in=rsud, position__is_unit_head=True
    )
    assignments += [
        ScheduleAssignment(
            instansi=instansi, employee_id=employee_id, jadwal=perpres, berlaku_mulai=start
        )
        for employee_id in heads.values_list("employee_id", flat=True).distinct()
    ]
    ScheduleAssignment.objects.bulk_create(assignments)
    SchedulePeriod.objects.create(
        instansi=instansi, nama="Ramadan 1448 H (perkiraan)", mulai=RAMADAN_1448[0],
        selesai=RAMADAN_1448[1], jadwal=ramadan,
    )  # fmt: skip
    return f"{len(assignments)} penetapan jadwal"


def _policy(instansi: Instansi, start: dt.date) -> None:
    policy = AttendancePolicy.objects.create(instansi=instansi, berlaku_mulai=start)
    AttendanceBand.objects.bulk_create(
        AttendanceBand(
            policy=policy,
            jenis=kind,
            kode=band.code,
            menit_dari=band.min_minutes,
            menit_sampai=band.max_minutes,
        )
        for kind, bands in (
            (JenisKategori.TL, DEFAULT_RULES.tl_bands),
            (JenisKategori.PSW, DEFAULT_RULES.psw_bands),
        )
        for band in bands
    )


def _seats(instansi: Instansi, day: dt.date) -> dict[int, int]:
    """employee -> unit of their primary seat, political office excluded."""
    rows = (
        Assignment.objects.active_on(day)
        .filter(position__instansi=instansi)
        .exclude(position__jenis_jabatan=JenisJabatan.KEPALA_DAERAH)
        .values_list("employee_id", "position__unit_id", "jenis", "mulai")
    )
    units: dict[int, int] = {}
    for employee_id, unit_id, _jenis, _mulai in sorted(rows, key=lambda r: (RANK[r[2]], r[3])):
        units.setdefault(employee_id, unit_id)
    return dict(sorted(units.items()))


def _rosters(instansi: Instansi, seats: dict[int, int], first: dt.date, last: dt.date) -> int:
    """A rotating pagi-siang-malam-libur roster for everyone the RSUD schedule covers."""
    book = load_schedule_book(instansi.pk, first, last)
    codes = {
        row.kode: row.pk
        for row in ScheduleDay.objects.filter(jadwal__instansi=instansi, kode__gt="")
    }
    rows = []
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    for employee_id, unit_id in seats.items():
        schedule_id = book.schedule_id(employee_id, unit_id, first)
        if schedule_id is None or book.kinds[schedule_id] != JenisJadwal.SHIFT:
            continue
        pattern = islice(cycle(SHIFT_CYCLE), employee_id % len(SHIFT_CYCLE), None)
        for day, code in zip(days, pattern, strict=False):
            rows.append(ShiftRoster(
                instansi=instansi, employee_id=employee_id, tanggal=day,
                shift_id=codes[code] if code else None,
            ))  # fmt: skip
    ShiftRoster.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _leave(
    instansi: Instansi, seats: dict[int, int], first: dt.date, today: dt.date, rng: random.Random
) -> dict[int, set[dt.date]]:
    """Approved cuti tahunan for about one in twenty, a few sick days and trips, and some
    requests still waiting for the supervisor."""
    away: dict[int, set[dt.date]] = {}
    rows = []
    span_days = (today - first).days
    for employee_id in seats:
        draw = rng.random()
        if draw < 0.05:
            jenis, length, status = JenisCuti.TAHUNAN, rng.randint(1, 3), StatusPengajuan.DISETUJUI
        elif draw < 0.06:
            jenis, length, status = JenisCuti.SAKIT, rng.randint(1, 2), StatusPengajuan.DISETUJUI
        elif draw < 0.08:
            jenis, length, status = JenisCuti.DINAS_LUAR, 1, StatusPengajuan.DISETUJUI
        elif draw < 0.09:
            jenis, length, status = JenisCuti.TAHUNAN, rng.randint(1, 2), StatusPengajuan.DIAJUKAN
        else:
            continue
        if status == StatusPengajuan.DIAJUKAN:
            start = today + dt.timedelta(days=rng.randint(3, 20))
        else:
            start = first + dt.timedelta(days=rng.randrange(max(1, span_days - 3)))
        end = start + dt.timedelta(days=length - 1)
        if status == StatusPengajuan.DISETUJUI and jenis != JenisCuti.DINAS_LUAR:
            away[employee_id] = {start + dt.timedelta(days=n) for n in range(length)}
        rows.append(LeaveRequest(
            instansi=instansi, employee_id=employee_id, jenis=jenis, mulai=start, selesai=end,
            status=status, jumlah_hari=length, keterangan=_REASONS[jenis],
            diputus_at=timezone.now() if status == StatusPengajuan.DISETUJUI else None,
        ))  # fmt: skip
    LeaveRequest.objects.bulk_create(rows, batch_size=2000)
    return away


_REASONS = {
    JenisCuti.TAHUNAN: "Keperluan keluarga",
    JenisCuti.SAKIT: "Demam, surat keterangan dokter terlampir",
    JenisCuti.DINAS_LUAR: "Rapat koordinasi di provinsi",
}


def _arrival_offset(rng: random.Random) -> int:
    """Minutes after the start (negative: early). Most arrive early; a tail is late."""
    draw = rng.random()
    if draw < 0.80:
        return -rng.randint(0, 45)
    if draw < 0.92:
        return rng.randint(1, 30)
    if draw < 0.96:
        return rng.randint(31, 60)
    if draw < 0.98:
        return rng.randint(61, 90)
    return rng.randint(91, 180)


def _leaving_offset(rng: random.Random) -> int | None:
    """Minutes after the end; None when the leaving punch was forgotten."""
    draw = rng.random()
    if draw < 0.01:
        return None
    if draw < 0.09:
        return -rng.randint(1, 75)
    return rng.randint(0, 60)


def _punch_rows(
    instansi: Instansi,
    seats: dict[int, int],
    away: dict[int, set[dt.date]],
    first: dt.date,
    today: dt.date,
    device: Device,
    rng: random.Random,
) -> list[tuple]:
    from .calendar import holidays_between

    book = load_schedule_book(instansi.pk, first, today)
    holidays = holidays_between(instansi.pk, first, today)
    zones = dict(Unit.objects.filter(instansi=instansi).values_list("id", "zona_waktu"))
    roster: dict[int, dict[dt.date, int | None]] = {}
    for employee_id, tanggal, shift_id in ShiftRoster.objects.filter(
        instansi=instansi, tanggal__range=(first, today)
    ).values_list("employee_id", "tanggal", "shift_id"):
        roster.setdefault(employee_id, {})[tanggal] = shift_id
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    created = adapt(now)
    rows = []
    days = [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]
    for employee_id, unit_id in seats.items():
        zone = zones.get(unit_id, timing.WIB)
        careless = rng.random() < 0.1  # a few people account for most of the lateness
        for day in days:
            applied = book.applied(employee_id, unit_id, day, roster.get(employee_id))
            if applied.hours is None or day in away.get(employee_id, ()):
                continue
            if not applied.shift and day in holidays:
                continue
            if rng.random() < (0.06 if careless else 0.015):  # absent without a word
                continue
            start, end = applied.hours.bounds(day, zone)
            offset = _arrival_offset(rng) + (rng.randint(0, 20) if careless else 0)
            stamps = [start + dt.timedelta(minutes=offset, seconds=rng.randint(0, 59))]
            leaving = _leaving_offset(rng)
            if leaving is not None:
                stamps.append(end + dt.timedelta(minutes=leaving, seconds=rng.randint(0, 59)))
            for stamp in stamps:
                if stamp < now:
                    rows.append((
                        instansi.pk, employee_id, adapt(stamp.astimezone(dt.UTC)),
                        SumberPresensi.MESIN, device.pk, "0", "", created,
                    ))  # fmt: skip
    return rows


def extend_attendance(instansi: Instansi, *, seed: int, today: dt.date) -> str:
    if WorkSchedule.objects.filter(instansi=instansi).exists():
        # Schedules are what an admin sets up first; a region that has them keeps its data.
        return "Presensi   : jadwal sudah ada, data presensi demo tidak ditambahkan"
    rng = random.Random(seed + 5)
    start = dt.date(today.year, 1, 1)
    now_day = timezone.localdate()
    first = now_day - dt.timedelta(days=DAYS_BACK)
    assignments = _schedules(instansi, start)
    _policy(instansi, start)
    seats = _seats(instansi, now_day)
    roster_rows = _rosters(instansi, seats, first, now_day + dt.timedelta(days=14))
    root = Unit.objects.filter(instansi=instansi, parent__isnull=True).first()
    device = Device.objects.create(
        instansi=instansi, nama="Mesin lobi kantor bupati", serial="DEMO-0001", unit=root
    )
    # PINs handed out centrally: the employee's number in the system.
    DevicePin.objects.bulk_create(
        (DevicePin(instansi=instansi, pin=str(pk), employee_id=pk) for pk in seats),
        batch_size=2000,
    )
    away = _leave(instansi, seats, first, now_day, rng)
    rows = _punch_rows(instansi, seats, away, first, now_day, device, rng)
    insert_rows(Punch, PUNCH_COLUMNS, rows)
    # Two punches of a PIN nobody registered yet, waiting on the unknown-PIN page.
    yesterday = timezone.now() - dt.timedelta(days=1)
    UnknownPunch.objects.bulk_create(
        UnknownPunch(
            instansi=instansi,
            key="9001",
            waktu=yesterday - dt.timedelta(hours=h),
            device=device,
            line=n + 1,
            batch="demo.dat",
        )
        for n, h in enumerate((9, 1))
    )
    written = recompute_attendance(list(seats), first, now_day)
    statuses = Counter(
        DailyAttendance.objects.filter(instansi=instansi).values_list("status", flat=True)
    )
    late = statuses["terlambat"]
    return (
        f"Presensi   : {len(rows)} presensi mesin, {written} catatan harian "
        f"({late} terlambat, {statuses['tanpa_keterangan']} tanpa keterangan), "
        f"{assignments}, {roster_rows} roster shift"
    )
