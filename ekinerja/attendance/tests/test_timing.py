"""Day timing: schedules (Perpres 21/2023, Ramadan, shifts), punch choice across time zones
and midnight, late/early minutes and the TL/PSW band edges. Pure; no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.attendance.timing import (
    DEFAULT_PSW_BANDS,
    DEFAULT_SHIFTS,
    DEFAULT_TL_BANDS,
    PERPRES_21_2023_WEEK,
    RAMADAN_WEEK,
    WIB,
    WIT,
    WITA,
    Band,
    BandTableError,
    DaySchedule,
    PunchWindows,
    ScheduleError,
    band_for,
    evaluate_day,
    pick_punches,
    ramadan,
    schedule_for,
)

UTC = dt.UTC
MONDAY = dt.date(2026, 3, 2)
FRIDAY = dt.date(2026, 3, 6)
SATURDAY = dt.date(2026, 3, 7)
# Test data only: Ramadan dates are announced each year and reach the app as configuration.
RAMADAN_2026 = ramadan(dt.date(2026, 2, 18), dt.date(2026, 3, 19))
MONDAY_AFTER_RAMADAN = dt.date(2026, 3, 23)
OFFICE_DAY = PERPRES_21_2023_WEEK.monday
assert OFFICE_DAY is not None


def at(day: dt.date, hh: int, mm: int, zone: str = WIB, ss: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm, ss), tzinfo=ZoneInfo(zone))


def office_day(
    punches: list[dt.datetime], day: dt.date = MONDAY, zone: str = WIB, **kwargs: object
):
    """Evaluate ``day`` under the schedule the default calendar gives it."""
    schedule = schedule_for(day)
    assert schedule is not None
    return evaluate_day(schedule, punches, zone, day=day, **kwargs)  # type: ignore[arg-type]


# --- Schedules -------------------------------------------------------------------------------


def test_perpres_week_is_37_and_a_half_hours_with_friday_break_of_90_minutes():
    assert PERPRES_21_2023_WEEK.working_minutes == 37 * 60 + 30
    friday = schedule_for(FRIDAY)
    assert friday is not None
    assert (friday.start, friday.end, friday.break_minutes) == (
        dt.time(7, 30),
        dt.time(16, 30),
        90,
    )
    assert friday.working_minutes == 450
    assert schedule_for(SATURDAY) is None
    assert schedule_for(SATURDAY + dt.timedelta(days=1)) is None


def test_ramadan_week_is_32_and_a_half_hours_with_friday_break_of_60_minutes():
    assert RAMADAN_WEEK.working_minutes == 32 * 60 + 30
    friday = schedule_for(FRIDAY, periods=[RAMADAN_2026])
    assert friday is not None
    assert (friday.start, friday.end, friday.break_minutes) == (dt.time(8), dt.time(15, 30), 60)
    monday = schedule_for(MONDAY, periods=[RAMADAN_2026])
    assert monday is not None
    assert monday.break_minutes == 30


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (dt.date(2026, 2, 17), dt.time(7, 30)),  # the day before Ramadan
        (dt.date(2026, 2, 18), dt.time(8, 0)),  # first day, inclusive
        (MONDAY, dt.time(8, 0)),
        (dt.date(2026, 3, 19), dt.time(8, 0)),  # last day, inclusive
        (MONDAY_AFTER_RAMADAN, dt.time(7, 30)),
    ],
)
def test_ramadan_applies_by_date_range(day: dt.date, start: dt.time):
    schedule = schedule_for(day, periods=[RAMADAN_2026])
    assert schedule is not None
    assert schedule.start == start


def test_ramadan_start_decides_lateness():
    schedule = schedule_for(MONDAY, periods=[RAMADAN_2026])
    assert schedule is not None
    result = evaluate_day(schedule, [at(MONDAY, 8, 5), at(MONDAY, 15, 0)], WIB, day=MONDAY)
    assert (result.late, result.tl_code) == (5, "TL1")
    plain = office_day([at(MONDAY, 8, 5), at(MONDAY, 16, 0)])
    assert (plain.late, plain.tl_code) == (35, "TL2")


def test_roster_beats_period_and_week_and_none_is_a_day_off():
    roster = {MONDAY: DEFAULT_SHIFTS["malam"], FRIDAY: None, SATURDAY: DEFAULT_SHIFTS["pagi"]}
    assert schedule_for(MONDAY, periods=[RAMADAN_2026], roster=roster) == DEFAULT_SHIFTS["malam"]
    assert schedule_for(FRIDAY, roster=roster) is None
    assert schedule_for(SATURDAY, roster=roster) == DEFAULT_SHIFTS["pagi"]
    assert schedule_for(dt.date(2026, 3, 3), roster=roster) == OFFICE_DAY


def test_overlapping_periods_are_refused_for_the_days_they_share():
    other = ramadan(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    with pytest.raises(ScheduleError, match="lebih dari satu periode"):
        schedule_for(MONDAY, periods=[RAMADAN_2026, other])


def test_shift_minutes_including_overnight():
    assert [DEFAULT_SHIFTS[name].working_minutes for name in ("pagi", "siang", "malam")] == [
        420,
        420,
        600,
    ]
    night = DaySchedule(
        dt.time(21), dt.time(7), [(dt.time(23, 30), dt.time(0, 30))], overnight=True
    )
    assert night.working_minutes == 540
    assert DaySchedule(dt.time(8), dt.time(8), overnight=True).working_minutes == 24 * 60


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": dt.time(21), "end": dt.time(7)}, "overnight=True"),
        ({"start": dt.time(8), "end": dt.time(10), "overnight": True}, "tengah malam"),
        (
            {"start": dt.time(8), "end": dt.time(16), "breaks": [(dt.time(7), dt.time(8))]},
            "di dalam jam kerja",
        ),
        (
            {
                "start": dt.time(8),
                "end": dt.time(16),
                "breaks": [(dt.time(12), dt.time(13)), (dt.time(12, 30), dt.time(13, 30))],
            },
            "tumpang tindih",
        ),
    ],
)
def test_bad_schedules_are_refused(kwargs: dict[str, object], message: str):
    with pytest.raises(ScheduleError, match=message):
        DaySchedule(**kwargs)  # type: ignore[arg-type]


# --- Punches ---------------------------------------------------------------------------------


def test_overnight_shift_leaving_on_the_next_day():
    night = DEFAULT_SHIFTS["malam"]
    next_day = MONDAY + dt.timedelta(days=1)
    result = evaluate_day(night, [at(next_day, 6, 30), at(MONDAY, 21, 10)], WIB, day=MONDAY)
    assert result.arrival == dt.time(21, 10)
    assert result.leaving == dt.time(6, 30)
    assert result.leaving_at is not None
    assert result.leaving_at.date() == next_day
    assert (result.late, result.early) == (10, 30)
    assert (result.tl_code, result.psw_code) == ("TL1", "PSW1")


def test_overnight_shift_ignores_the_previous_nights_leaving():
    night = DEFAULT_SHIFTS["malam"]
    previous_leaving = at(MONDAY, 7, 2)  # belongs to Sunday night's shift
    pair = pick_punches(
        night,
        MONDAY,
        [previous_leaving, at(MONDAY, 20, 55), at(MONDAY, 7, 5) + dt.timedelta(days=1)],
        WIB,
    )
    assert pair.arrival == at(MONDAY, 20, 55)
    assert pair.leaving == at(MONDAY + dt.timedelta(days=1), 7, 5)


@pytest.mark.parametrize(
    ("zone", "arrival", "late", "code"),
    [
        (WIB, dt.time(7, 45), 15, "TL1"),
        (WITA, dt.time(8, 45), 75, "TL3"),
        (WIT, dt.time(9, 45), 135, "TL4"),
    ],
)
def test_utc_punch_is_read_in_the_units_zone(zone: str, arrival: dt.time, late: int, code: str):
    punches = [dt.datetime(2026, 3, 2, 0, 45, tzinfo=UTC), at(MONDAY, 16, 0, zone)]
    result = office_day(punches, zone=zone)
    assert (result.arrival, result.late, result.tl_code) == (arrival, late, code)
    assert (result.early, result.psw_code) == (0, None)


def test_punches_in_mixed_zones_are_one_timeline():
    # A WITA unit whose device reports in UTC and whose mobile app reports in WIB.
    punches = [
        dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC),  # 16:00 WITA
        at(MONDAY, 6, 40, WIB),  # 07:40 WITA
    ]
    result = office_day(punches, zone=WITA)
    assert (result.arrival, result.leaving) == (dt.time(7, 40), dt.time(16, 0))
    assert (result.late, result.early) == (10, 0)


def test_duplicate_punch_counts_once():
    same = at(MONDAY, 7, 40)
    result = office_day([same, same.astimezone(UTC), same])
    assert (result.arrival, result.late) == (dt.time(7, 40), 10)
    # Had the duplicate survived, it would have been taken as the leaving punch.
    assert result.missing_out
    assert result.psw_code == "PSW4"


def test_first_arrival_and_last_leaving_win():
    result = office_day(
        [at(MONDAY, 7, 20), at(MONDAY, 7, 35), at(MONDAY, 12, 0), at(MONDAY, 16, 5)]
    )
    assert (result.arrival, result.leaving) == (dt.time(7, 20), dt.time(16, 5))
    assert (result.late, result.early, result.tl_code, result.psw_code) == (0, 0, None, None)


@pytest.mark.parametrize(
    ("punch", "arrival", "leaving"),
    [
        (at(MONDAY, 4, 29), None, None),  # before the arrival window opens (07:30 − 3 h)
        (at(MONDAY, 4, 30), dt.time(4, 30), None),
        (at(MONDAY, 15, 59), dt.time(15, 59), None),
        (at(MONDAY, 16, 0), None, dt.time(16, 0)),  # a lone punch at the end is a leaving
        (at(MONDAY, 22, 0), None, dt.time(22, 0)),  # 6 h after the end, inclusive
        (at(MONDAY, 22, 1), None, None),
    ],
)
def test_window_edges(punch: dt.datetime, arrival: dt.time | None, leaving: dt.time | None):
    result = office_day([punch])
    assert (result.arrival, result.leaving) == (arrival, leaving)


def test_windows_are_configurable():
    narrow = PunchWindows(
        arrival_opens_before_start=dt.timedelta(hours=1),
        arrival_closes_after_end=dt.timedelta(hours=-4),
    )
    result = office_day([at(MONDAY, 6, 0), at(MONDAY, 13, 0)], windows=narrow)
    assert result.missing_in
    assert result.leaving == dt.time(13, 0)


def test_missing_arrival_and_leaving_take_the_highest_band():
    no_punch = office_day([])
    assert (no_punch.missing_in, no_punch.missing_out) == (True, True)
    assert (no_punch.late, no_punch.early) == (None, None)
    assert (no_punch.tl_code, no_punch.psw_code) == ("TL4", "PSW4")
    only_leaving = office_day([at(MONDAY, 16, 0)])
    assert (only_leaving.tl_code, only_leaving.psw_code) == ("TL4", None)
    only_arrival = office_day([at(MONDAY, 7, 0)])
    assert (only_arrival.tl_code, only_arrival.psw_code) == (None, "PSW4")


def test_missing_punch_code_is_the_callers_choice():
    result = office_day([], missing_tl_code="TM", missing_psw_code="PSW3")
    assert (result.tl_code, result.psw_code) == ("TM", "PSW3")
    assert band_for(None, DEFAULT_TL_BANDS, missing_code="TL2") == "TL2"


def test_naive_punch_is_refused():
    with pytest.raises(ScheduleError, match="zona waktu"):
        office_day([dt.datetime(2026, 3, 2, 7, 30)])


def test_unknown_zone_is_refused():
    with pytest.raises(ScheduleError, match="Zona waktu tidak dikenal"):
        office_day([], zone="Asia/Atlantis")


# --- Minutes and bands -----------------------------------------------------------------------

BAND_EDGES = [
    (0, None),
    (1, "1"),
    (30, "1"),
    (31, "2"),
    (60, "2"),
    (61, "3"),
    (90, "3"),
    (91, "4"),
]


@pytest.mark.parametrize(("minutes", "level"), BAND_EDGES)
def test_late_band_edges(minutes: int, level: str | None):
    arrival = at(MONDAY, 7, 30) + dt.timedelta(minutes=minutes)
    result = office_day([arrival, at(MONDAY, 16, 0)])
    assert result.late == minutes
    assert result.tl_code == (None if level is None else f"TL{level}")


@pytest.mark.parametrize(("minutes", "level"), BAND_EDGES)
def test_early_band_edges(minutes: int, level: str | None):
    leaving = at(MONDAY, 16, 0) - dt.timedelta(minutes=minutes)
    result = office_day([at(MONDAY, 7, 30), leaving])
    assert result.early == minutes
    assert result.psw_code == (None if level is None else f"PSW{level}")


@pytest.mark.parametrize(
    ("arrival", "leaving", "late", "early"),
    [
        (at(MONDAY, 7, 30, ss=59), at(MONDAY, 16, 0), 0, 0),
        (at(MONDAY, 7, 31), at(MONDAY, 15, 59, ss=30), 1, 1),
    ],
)
def test_seconds_are_dropped_before_counting(
    arrival: dt.datetime, leaving: dt.datetime, late: int, early: int
):
    result = office_day([arrival, leaving])
    assert (result.late, result.early) == (late, early)


@pytest.mark.parametrize(("minutes", "late"), [(5, 0), (10, 0), (11, 11)])
def test_grace_forgives_lateness_within_it(minutes: int, late: int):
    result = office_day([at(MONDAY, 7, 30) + dt.timedelta(minutes=minutes)], grace=10)
    assert result.late == late


def test_friday_end_decides_early_leaving():
    # 16:00 is on time Monday to Thursday but 30 minutes early on a Friday.
    result = office_day([at(FRIDAY, 7, 30), at(FRIDAY, 16, 0)], day=FRIDAY)
    assert (result.early, result.psw_code) == (30, "PSW1")
    assert result.schedule.breaks == ((dt.time(11, 30), dt.time(13, 0)),)


@given(st.integers(min_value=1, max_value=10_000))
def test_every_positive_minute_has_exactly_one_band(minutes: int):
    for table in (DEFAULT_TL_BANDS, DEFAULT_PSW_BANDS):
        code = band_for(minutes, table)
        matches = [
            b.code
            for b in table
            if b.min_minutes <= minutes and (b.max_minutes is None or minutes <= b.max_minutes)
        ]
        assert matches == [code]


def test_regional_band_table_is_used():
    # A region with two bands and a one-hour first step.
    bands = [Band("T1", 1, 60), Band("T2", 61, None)]
    result = office_day([at(MONDAY, 8, 30)], bands_tl=bands)
    assert (result.late, result.tl_code) == (60, "T1")


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([], "tidak boleh kosong"),
        ([Band("TL1", 0, 30), Band("TL2", 31, None)], "dimulai dari 1 menit"),
        ([Band("TL1", 1, 30), Band("TL2", 32, None)], "celah"),
        ([Band("TL1", 1, 30), Band("TL2", 30, None)], "tumpang tindih"),
        ([Band("TL1", 1, None), Band("TL2", 31, None)], "Hanya kategori terakhir"),
        ([Band("TL1", 1, 30), Band("TL2", 31, 60)], "tanpa batas atas"),
        ([Band("TL1", 1, 30), Band("TL2", 31, 20), Band("TL3", 21, None)], "lebih kecil"),
        ([Band("TL1", 1, 30), Band("TL1", 31, None)], "lebih dari sekali"),
        ([Band(" ", 1, None)], "kode tidak boleh kosong"),
    ],
)
def test_bad_band_tables_are_refused(bands: list[Band], message: str):
    with pytest.raises(BandTableError, match=message):
        band_for(10, bands)
    with pytest.raises(ValueError):
        office_day([at(MONDAY, 7, 40)], bands_tl=bands)


def test_negative_minutes_are_refused():
    with pytest.raises(BandTableError, match="negatif"):
        band_for(-1, DEFAULT_TL_BANDS)
