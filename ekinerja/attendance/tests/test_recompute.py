"""Daily attendance rebuilt from punches, schedules, leave and the calendar (issue 5 item 4)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from ekinerja.attendance.choices import (
    JenisCuti,
    JenisJadwal,
    JenisKategori,
    StatusKehadiran,
    StatusPengajuan,
)
from ekinerja.attendance.models import (
    AttendanceBand,
    AttendancePolicy,
    DailyAttendance,
    Holiday,
    JenisLibur,
    LeaveRequest,
    Punch,
    ScheduleAssignment,
    ScheduleDay,
    SchedulePeriod,
    ShiftRoster,
    SumberPresensi,
    WorkSchedule,
)
from ekinerja.attendance.services_daily import recompute_attendance

MONDAY = dt.date(2026, 11, 2)
LATER = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)  # every day of November has settled
WIB = ZoneInfo("Asia/Jakarta")

pytestmark = pytest.mark.django_db


def punch(employee, local: str, zone: ZoneInfo = WIB) -> None:
    moment = dt.datetime.fromisoformat(local).replace(tzinfo=zone)
    Punch.objects.create(
        instansi=employee.instansi, employee=employee, waktu=moment, sumber=SumberPresensi.MESIN
    )


def record(employee, day: dt.date) -> DailyAttendance | None:
    return DailyAttendance.objects.filter(employee=employee, tanggal=day).first()


def run(employees, first: dt.date, last: dt.date | None = None, now=LATER) -> int:
    return recompute_attendance([e.pk for e in employees], first, last or first, now=now)


@pytest.mark.parametrize(
    ("arrival", "late", "code", "status"),
    [
        ("07:30", 0, "", StatusKehadiran.HADIR),
        ("07:31", 1, "TL1", StatusKehadiran.TERLAMBAT),
        ("08:00", 30, "TL1", StatusKehadiran.TERLAMBAT),
        ("08:01", 31, "TL2", StatusKehadiran.TERLAMBAT),
        ("08:30", 60, "TL2", StatusKehadiran.TERLAMBAT),
        ("08:31", 61, "TL3", StatusKehadiran.TERLAMBAT),
        ("09:00", 90, "TL3", StatusKehadiran.TERLAMBAT),
        ("09:01", 91, "TL4", StatusKehadiran.TERLAMBAT),
    ],
)
def test_band_edges_through_the_daily_record(personas, arrival, late, code, status):
    ani = personas.ani
    punch(ani, f"2026-11-02 {arrival}:45")  # seconds never add a minute
    punch(ani, "2026-11-02 16:05")
    assert run([ani], MONDAY) == 1
    row = record(ani, MONDAY)
    assert (row.menit_terlambat, row.kode_tl, row.status) == (late, code, status)
    assert row.jam_masuk_jadwal == dt.time(7, 30) and row.jam_pulang_jadwal == dt.time(16, 0)
    assert row.jadwal == "Perpres 21/2023 (bawaan)"
    assert row.kode_psw == "" and row.menit_pulang_cepat == 0


def test_friday_ends_later_and_early_leaving_gets_its_band(personas):
    ani = personas.ani
    friday = MONDAY + dt.timedelta(days=4)
    punch(ani, "2026-11-06 07:20")
    punch(ani, "2026-11-06 15:59")  # Friday ends 16:30
    run([ani], friday)
    row = record(ani, friday)
    assert (row.status, row.menit_pulang_cepat, row.kode_psw) == (
        StatusKehadiran.PULANG_CEPAT, 31, "PSW2",
    )  # fmt: skip


def test_no_punch_is_tanpa_keterangan_and_a_missing_leaving_punch_is_psw4(personas):
    ani, intan = personas.ani, personas.intan
    punch(intan, "2026-11-02 07:10")
    run([ani, intan], MONDAY)
    absent = record(ani, MONDAY)
    assert absent.status == StatusKehadiran.TANPA_KETERANGAN
    assert absent.tanpa_presensi_masuk and absent.tanpa_presensi_pulang
    half = record(intan, MONDAY)
    assert (half.status, half.kode_psw, half.tanpa_presensi_pulang) == (
        StatusKehadiran.PULANG_CEPAT, "PSW4", True,
    )  # fmt: skip


def test_a_day_in_progress_is_not_judged_before_its_window_closes(personas):
    ani = personas.ani
    punch(ani, "2026-11-02 07:25")
    noon = dt.datetime(2026, 11, 2, 12, 0, tzinfo=WIB)
    run([ani, personas.intan], MONDAY, now=noon)
    row = record(ani, MONDAY)
    assert (row.status, row.kode_psw, row.tanpa_presensi_pulang) == (
        StatusKehadiran.HADIR, "", False,
    )  # fmt: skip
    assert record(personas.intan, MONDAY) is None  # no punch yet today: nothing to say
    assert run([ani], MONDAY + dt.timedelta(days=1), now=noon) == 0  # the future is empty


def test_weekend_has_no_row_and_a_holiday_is_libur(personas):
    ani = personas.ani
    Holiday.objects.create(tanggal=MONDAY, nama="Libur uji", jenis=JenisLibur.LIBUR_NASIONAL)
    run([ani], MONDAY, MONDAY + dt.timedelta(days=6))
    row = record(ani, MONDAY)
    assert (row.status, row.keterangan) == (StatusKehadiran.LIBUR, "Libur uji")
    assert record(ani, MONDAY + dt.timedelta(days=5)) is None
    assert DailyAttendance.objects.filter(employee=ani).count() == 5


def leave(employee, jenis, first, last, status=StatusPengajuan.DISETUJUI, full=True):
    return LeaveRequest.objects.create(
        instansi=employee.instansi, employee=employee, jenis=jenis, mulai=first, selesai=last,
        status=status, sehari_penuh=full,
    )  # fmt: skip


def test_approved_leave_sets_the_status_and_pending_leave_does_not(personas):
    ani, intan = personas.ani, personas.intan
    tuesday = MONDAY + dt.timedelta(days=1)
    leave(ani, JenisCuti.TAHUNAN, MONDAY, tuesday)
    leave(intan, JenisCuti.SAKIT, MONDAY, MONDAY, status=StatusPengajuan.DIAJUKAN)
    run([ani, intan], MONDAY, tuesday)
    assert record(ani, MONDAY).status == StatusKehadiran.CUTI
    assert record(ani, tuesday).jenis_cuti == JenisCuti.TAHUNAN
    assert record(intan, MONDAY).status == StatusKehadiran.TANPA_KETERANGAN


@pytest.mark.parametrize(
    ("jenis", "status"),
    [
        (JenisCuti.SAKIT, StatusKehadiran.SAKIT),
        (JenisCuti.IZIN, StatusKehadiran.IZIN),
        (JenisCuti.MELAHIRKAN, StatusKehadiran.CUTI),
        (JenisCuti.DINAS_LUAR, StatusKehadiran.DINAS_LUAR),
        (JenisCuti.DIKLAT, StatusKehadiran.DINAS_LUAR),
    ],
)
def test_each_kind_of_leave_maps_to_its_status(personas, jenis, status):
    leave(personas.ani, jenis, MONDAY, MONDAY)
    run([personas.ani], MONDAY)
    row = record(personas.ani, MONDAY)
    assert (row.status, row.jenis_cuti) == (status, jenis)


def test_wfh_is_measured_by_its_punches_and_a_few_hours_izin_excuses_the_band(personas):
    ani, intan = personas.ani, personas.intan
    leave(ani, JenisCuti.WFH, MONDAY, MONDAY)
    punch(ani, "2026-11-02 07:45")
    punch(ani, "2026-11-02 16:00")
    leave(intan, JenisCuti.IZIN, MONDAY, MONDAY, full=False)
    punch(intan, "2026-11-02 10:00")
    punch(intan, "2026-11-02 16:00")
    run([ani, intan], MONDAY)
    wfh = record(ani, MONDAY)
    assert (wfh.status, wfh.kode_tl, wfh.jenis_cuti) == (StatusKehadiran.TERLAMBAT, "TL1", "wfh")
    excused = record(intan, MONDAY)
    assert (excused.status, excused.menit_terlambat, excused.kode_tl) == (
        StatusKehadiran.HADIR, 150, "",
    )  # fmt: skip
    assert excused.keterangan == "Izin sebagian hari"


def week_schedule(instansi, nama, start, end, friday_end=None, days=range(5)):
    schedule = WorkSchedule.objects.create(instansi=instansi, nama=nama)
    for hari in days:
        ScheduleDay.objects.create(
            jadwal=schedule, hari=hari, jam_masuk=start,
            jam_pulang=friday_end if (hari == 4 and friday_end) else end,
        )  # fmt: skip
    return schedule


def test_ramadan_period_moves_the_start_to_eight(personas):
    ani = personas.ani
    ramadan = week_schedule(
        personas.instansi, "Ramadan", dt.time(8), dt.time(15), friday_end=dt.time(15, 30)
    )
    SchedulePeriod.objects.create(
        instansi=personas.instansi, nama="Ramadan 1448 H", mulai=MONDAY,
        selesai=MONDAY + dt.timedelta(days=2), jadwal=ramadan,
    )  # fmt: skip
    wednesday, thursday = MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=3)
    for day in (wednesday, thursday):
        punch(ani, f"{day} 07:55")
        punch(ani, f"{day} 15:10")
    run([ani], wednesday, thursday)
    assert (record(ani, wednesday).status, record(ani, wednesday).jadwal) == (
        StatusKehadiran.HADIR, "Ramadan",
    )  # fmt: skip
    after = record(ani, thursday)  # back on 07:30–16:00 the day after the period
    assert (after.menit_terlambat, after.kode_tl, after.kode_psw) == (25, "TL1", "PSW2")


def test_unit_schedule_is_inherited_and_an_employee_override_wins(personas):
    ani, intan = personas.ani, personas.intan
    six_day = week_schedule(
        personas.instansi, "Enam hari", dt.time(7, 30), dt.time(14, 45), days=range(6)
    )
    late_start = week_schedule(personas.instansi, "Mulai siang", dt.time(9), dt.time(17))
    ScheduleAssignment.objects.create(
        instansi=personas.instansi, unit=personas.units["dinkes"], jadwal=six_day,
        berlaku_mulai=dt.date(2026, 1, 1),
    )  # fmt: skip
    ScheduleAssignment.objects.create(
        instansi=personas.instansi, employee=intan, jadwal=late_start,
        berlaku_mulai=MONDAY, berlaku_sampai=MONDAY,
    )  # fmt: skip
    for employee in (ani, intan):
        punch(employee, "2026-11-02 08:50")
        punch(employee, "2026-11-02 17:00")
    saturday = MONDAY + dt.timedelta(days=5)
    run([ani, intan], MONDAY, saturday)
    assert (record(ani, MONDAY).jadwal, record(ani, MONDAY).kode_tl) == ("Enam hari", "TL3")
    assert (record(intan, MONDAY).jadwal, record(intan, MONDAY).status) == (
        "Mulai siang", StatusKehadiran.HADIR,
    )  # fmt: skip
    assert record(ani, saturday).status == StatusKehadiran.TANPA_KETERANGAN  # 6-day week
    assert record(intan, MONDAY + dt.timedelta(days=1)).jadwal == "Enam hari"  # override ended


def test_overnight_shift_across_midnight_and_its_punch_is_not_reused(personas):
    ani = personas.ani
    shifts = WorkSchedule.objects.create(
        instansi=personas.instansi, nama="Shift RSUD", jenis=JenisJadwal.SHIFT
    )
    pagi = ScheduleDay.objects.create(
        jadwal=shifts, kode="pagi", jam_masuk=dt.time(7), jam_pulang=dt.time(14)
    )
    malam = ScheduleDay.objects.create(
        jadwal=shifts, kode="malam", jam_masuk=dt.time(21), jam_pulang=dt.time(7),
        lewat_tengah_malam=True,
    )  # fmt: skip
    ScheduleAssignment.objects.create(
        instansi=personas.instansi, employee=ani, jadwal=shifts, berlaku_mulai=MONDAY
    )
    tuesday, wednesday = MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)
    ShiftRoster.objects.create(
        instansi=personas.instansi, employee=ani, tanggal=MONDAY, shift=malam
    )
    ShiftRoster.objects.create(
        instansi=personas.instansi, employee=ani, tanggal=tuesday, shift=pagi
    )
    ShiftRoster.objects.create(instansi=personas.instansi, employee=ani, tanggal=wednesday)
    punch(ani, "2026-11-02 20:55")
    punch(ani, "2026-11-03 07:02")  # leaves the night shift; must not open the morning one
    punch(ani, "2026-11-03 14:05")
    run([ani], tuesday, wednesday)  # the night before is read, not written
    assert record(ani, MONDAY) is None
    morning = record(ani, tuesday)
    assert morning.jadwal == "Shift RSUD" and morning.jam_masuk_jadwal == dt.time(7)
    assert (morning.status, morning.jam_datang, morning.kode_tl) == (
        StatusKehadiran.TERLAMBAT, None, "TL4",
    )  # fmt: skip
    assert record(ani, wednesday) is None  # off in the roster
    run([ani], MONDAY)
    night = record(ani, MONDAY)
    assert (night.status, night.jam_datang, night.jam_pulang) == (
        StatusKehadiran.HADIR, dt.time(20, 55), dt.time(7, 2),
    )  # fmt: skip


def test_shift_units_work_through_holidays(personas):
    ani = personas.ani
    shifts = WorkSchedule.objects.create(
        instansi=personas.instansi, nama="Shift IGD", jenis=JenisJadwal.SHIFT
    )
    pagi = ScheduleDay.objects.create(
        jadwal=shifts, kode="pagi", jam_masuk=dt.time(7), jam_pulang=dt.time(14)
    )
    ScheduleAssignment.objects.create(
        instansi=personas.instansi, unit=personas.units["dinkes"], jadwal=shifts,
        berlaku_mulai=MONDAY,
    )  # fmt: skip
    ShiftRoster.objects.create(instansi=personas.instansi, employee=ani, tanggal=MONDAY, shift=pagi)
    Holiday.objects.create(tanggal=MONDAY, nama="Libur uji", jenis=JenisLibur.LIBUR_NASIONAL)
    punch(ani, "2026-11-02 06:50")
    punch(ani, "2026-11-02 14:00")
    run([ani, personas.intan], MONDAY)
    assert record(ani, MONDAY).status == StatusKehadiran.HADIR
    assert record(personas.intan, MONDAY) is None  # shift worker without a roster entry


@pytest.mark.parametrize(
    ("zone", "utc_arrival", "late"),
    [("Asia/Makassar", "2026-11-01T23:35:00", 5), ("Asia/Jayapura", "2026-11-01T22:29:00", 0)],
)
def test_units_in_wita_and_wit_read_punches_in_their_own_zone(personas, zone, utc_arrival, late):
    ani = personas.ani
    unit = personas.units["surveilans"]
    unit.zona_waktu = zone
    unit.save()
    Punch.objects.create(
        instansi=ani.instansi, employee=ani, sumber=SumberPresensi.MESIN,
        waktu=dt.datetime.fromisoformat(utc_arrival).replace(tzinfo=dt.UTC),
    )  # fmt: skip
    punch(ani, "2026-11-02 16:00", ZoneInfo(zone))
    run([ani], MONDAY)
    row = record(ani, MONDAY)
    assert row.menit_terlambat == late and row.jam_pulang == dt.time(16)


def test_a_regional_policy_sets_tolerance_and_its_own_bands(personas):
    ani = personas.ani
    policy = AttendancePolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), toleransi_terlambat=5
    )
    for kode, low, high in (("T1", 1, 15), ("T2", 16, None)):
        AttendanceBand.objects.create(
            policy=policy, jenis=JenisKategori.TL, kode=kode, menit_dari=low, menit_sampai=high
        )
    punch(ani, "2026-11-02 07:35")
    punch(ani, "2026-11-03 07:50")
    for day in ("2026-11-02", "2026-11-03"):
        punch(ani, f"{day} 16:00")
    run([ani], MONDAY, MONDAY + dt.timedelta(days=1))
    assert record(ani, MONDAY).kode_tl == ""  # inside the tolerance
    assert record(ani, MONDAY + dt.timedelta(days=1)).kode_tl == "T2"


def test_recompute_replaces_rows_and_is_repeatable(personas):
    ani = personas.ani
    punch(ani, "2026-11-02 07:40")
    run([ani], MONDAY)
    assert record(ani, MONDAY).kode_tl == "TL1"
    Punch.objects.filter(employee=ani).delete()
    punch(ani, "2026-11-02 07:00")
    punch(ani, "2026-11-02 16:00")
    run([ani], MONDAY)
    run([ani], MONDAY)
    assert DailyAttendance.objects.filter(employee=ani).count() == 1
    assert record(ani, MONDAY).status == StatusKehadiran.HADIR


def test_query_count_does_not_grow_with_employees_or_days(personas, django_assert_max_num_queries):
    everyone = [personas.ani, personas.intan, personas.budi, personas.eka, personas.dodi]
    with django_assert_max_num_queries(20):
        run(everyone, MONDAY, MONDAY + dt.timedelta(days=27))
