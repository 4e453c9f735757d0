"""The compliance arithmetic on hand-made values."""

import datetime as dt
from decimal import Decimal

import pytest

from ekinerja.dashboard import compliance as c

D = dt.date


@pytest.mark.parametrize(
    ("kedudukan", "opds", "expected"),
    [
        ("aktif", [1], ""),
        ("aktif", [1, 1], ""),  # a new seat in the same OPD is no mutasi
        ("aktif", [1, 2], "mutasi"),
        ("tugas_belajar", [1], "tugas_belajar"),
        ("cltn", [1, 2], "cltn"),  # kedudukan wins over mutasi
        ("pensiun", [1], "pensiun"),
        ("mpp", [1], "mpp"),
    ],
)
def test_exception_reason(kedudukan, opds, expected):
    assert c.exception_reason(kedudukan, opds) == expected


def test_every_exception_has_a_label():
    assert set(c.EXCEPTED_KEDUDUKAN) | {"mutasi"} == set(c.EXCEPTION_LABELS)


def test_days_in_seat_stop_at_the_seat_end_and_the_cutoff():
    working = [D(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10)]
    assert c.days_in_seat(working, D(2026, 3, 3), None, D(2026, 3, 31)) == working[1:]
    assert c.days_in_seat(working, D(2026, 1, 1), D(2026, 3, 4), D(2026, 3, 31)) == working[:3]
    assert c.days_in_seat(working, D(2026, 1, 1), None, D(2026, 3, 5)) == working[:4]


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(0, 0, None), (1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")), (5, 5, Decimal("100.0"))],
)
def test_percent(part, whole, expected):
    assert c.percent(part, whole) == expected


T = c.Thresholds(skp_persen=90, isian_persen=80, tunggakan_persen=10)


def counts(**values):
    base = dict(
        pegawai=10, skp_disetujui=9, hari_wajib=200, hari_terisi=160,
        aktivitas_diajukan=100, tunggakan=10,
    )  # fmt: skip
    base.update(values)
    return c.OpdCounts(**base)


def test_an_opd_exactly_at_every_threshold_complies():
    assert c.assess(counts(), T) == c.Compliance(patuh=True)


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"skp_disetujui": 8}, "SKP disetujui 80,0% (ambang 90%)"),
        ({"hari_terisi": 159}, "pengisian aktivitas 79,5% (ambang 80%)"),
        ({"tunggakan": 11}, "tunggakan validasi 11,0% dari aktivitas diajukan (paling banyak 10%)"),
    ],
)
def test_each_threshold_missed_is_named(values, reason):
    result = c.assess(counts(**values), T)
    assert not result.patuh
    assert result.alasan == (reason,)


def test_an_opd_with_nobody_counted_has_nothing_to_comply_with():
    assert c.assess(c.OpdCounts(), T).patuh


def test_no_submitted_activities_is_no_backlog():
    assert c.assess(counts(aktivitas_diajukan=0, tunggakan=0), T).patuh


@pytest.mark.parametrize(
    ("go_live", "waves", "expected"),
    [
        (None, False, True),  # a region without waves uses the system everywhere
        (None, True, False),  # in a region with waves, an unscheduled OPD has not started
        (D(2026, 3, 31), True, True),
        (D(2026, 4, 1), True, False),
    ],
)
def test_is_live(go_live, waves, expected):
    assert c.is_live(go_live, D(2026, 3, 31), uses_waves=waves) is expected
