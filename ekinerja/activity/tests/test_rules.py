import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.activity.rules import (
    Rules,
    Slot,
    capaian_percent,
    credited_minutes,
    date_errors,
    month_is_closed,
    monthly_target,
    normalise_uraian,
    slot_errors,
)

R = Rules()
D = dt.date
T = dt.time


@pytest.mark.parametrize(
    ("tanggal", "today", "message"),
    [
        (D(2026, 3, 11), D(2026, 3, 10), "akan datang"),
        (D(2026, 3, 2), D(2026, 3, 10), "7 hari ke belakang"),
        (D(2026, 2, 27), D(2026, 3, 2), "bulan berjalan"),
        (D(2026, 2, 27), D(2026, 3, 10), "sudah ditutup"),
    ],
)
def test_dates_outside_the_window_are_refused(tanggal, today, message):
    assert any(message in e for e in date_errors(R, tanggal, today))


@pytest.mark.parametrize(
    ("tanggal", "today"), [(D(2026, 3, 10), D(2026, 3, 10)), (D(2026, 3, 3), D(2026, 3, 10))]
)
def test_dates_inside_the_window_are_accepted(tanggal, today):
    assert date_errors(R, tanggal, today) == []


def test_the_previous_month_stays_open_until_the_closing_day_when_the_region_allows_it():
    lenient = Rules(bulan_sama=False)
    assert date_errors(lenient, D(2026, 2, 27), D(2026, 3, 2)) == []
    assert not month_is_closed(lenient, D(2026, 2, 27), D(2026, 3, 9))
    assert month_is_closed(lenient, D(2026, 2, 27), D(2026, 3, 10))
    assert month_is_closed(Rules(tanggal_tutup=5), D(2026, 12, 31), D(2027, 1, 5))


def test_overlapping_times_are_refused_and_touching_ones_accepted():
    day = [Slot(T(8, 0), T(9, 30))]
    assert "bertumpuk" in slot_errors(Slot(T(9, 0), T(10, 0)), day)[0]
    assert slot_errors(Slot(T(9, 30), T(10, 0)), day) == []
    assert "setelah jam mulai" in slot_errors(Slot(T(10, 0), T(10, 0)), [])[0]


def test_an_activity_cannot_end_later_today():
    now = dt.datetime(2026, 3, 10, 11, 0)
    errors = slot_errors(Slot(T(10, 0), T(12, 0)), [], now=now, tanggal=now.date())
    assert errors == ["Jam selesai belum terlewati."]


def test_credited_minutes_are_capped_per_day_and_capaian_at_100():
    assert credited_minutes({D(2026, 3, 2): 500, D(2026, 3, 3): 300}, 420) == 720
    assert capaian_percent(3375, 6750) == Decimal("50.00")
    assert capaian_percent(9000, 6750) == Decimal(100)
    assert monthly_target(dasar="per_hari_kerja", tetap=6750, per_hari=300, hari_kerja=21) == 6300


@given(st.lists(st.integers(min_value=0, max_value=1440), max_size=31), st.integers(1, 1440))
def test_credited_minutes_never_exceed_cap_times_days(minutes, cap):
    days = {D(2026, 1, 1) + dt.timedelta(days=i): m for i, m in enumerate(minutes)}
    assert credited_minutes(days, cap) <= cap * len(days)


def test_descriptions_are_compared_lowercased_with_blanks_collapsed():
    assert normalise_uraian("  Rekap\tData\n\nSurveilans  ") == "rekap data surveilans"
    assert normalise_uraian("Ä" * 300) == "ä" * 255
