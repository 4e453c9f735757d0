"""The pure part of the digest: the entry window's closing days, the atasan from maps, the
grouping of an e-mail."""

import datetime as dt

import pytest

from ekinerja.activity.rules import Rules
from ekinerja.notifications.rules import (
    Item,
    atasan_from,
    closing_days,
    days_left_text,
    group,
    last_entry_day,
    names,
    quote,
    subject,
    tanggal,
)

D = dt.date


@pytest.mark.parametrize(
    ("rules", "day", "expected"),
    [
        # 7 days back: on 10 March, 3 and 4 March drop out by 12 March.
        (Rules(), D(2026, 3, 10), [D(2026, 3, 3), D(2026, 3, 4)]),
        # Early in the month the same-month rule hides the previous month entirely.
        (Rules(), D(2026, 3, 2), []),
        # On the last day of the month every past day of it closes tomorrow.
        (Rules(mundur_hari=3), D(2026, 3, 31), [D(2026, 3, 28), D(2026, 3, 29), D(2026, 3, 30)]),
        # Without the same-month rule the window simply slides.
        (Rules(mundur_hari=3, bulan_sama=False), D(2026, 4, 1), [D(2026, 3, 29), D(2026, 3, 30)]),
        (Rules(mundur_hari=0), D(2026, 3, 10), []),
    ],
)
def test_closing_days(rules, day, expected):
    assert closing_days(rules, day) == expected


def test_last_entry_day():
    assert last_entry_day(Rules(), D(2026, 3, 4), D(2026, 3, 10)) == D(2026, 3, 11)
    assert last_entry_day(Rules(mundur_hari=3), D(2026, 3, 30), D(2026, 3, 31)) == D(2026, 3, 31)


def test_days_left_text():
    day = D(2026, 3, 10)
    assert [days_left_text(day + dt.timedelta(days=n), day) for n in (0, 1, 3)] == [
        "hari ini", "besok", "3 hari lagi",
    ]  # fmt: skip


def test_atasan_from_maps():
    # Positions: 1 <- 2 <- 3 <- 4 (4 reports to 3 ...); 3 is vacant.
    reports_to = {1: None, 2: 1, 3: 2, 4: 3}
    in_charge = {1: 100, 2: 200, 4: 400}
    # 400 is evaluated (escalated past the vacant 3) by 200, leading from position 2.
    penilai = {400: (200, 2), 200: (100, 1)}
    assert atasan_from(penilai, in_charge, reports_to) == {400: 100}


def test_atasan_skips_the_employee_and_the_penilai_themselves():
    # 200 also acts (Plt) in position 1 above their own seat: the atasan is further up.
    reports_to = {0: None, 1: 0, 2: 1, 4: 2}
    in_charge = {0: 50, 1: 200, 2: 200, 4: 400}
    assert atasan_from({400: (200, 2)}, in_charge, reports_to) == {400: 50}


def test_group_orders_kinds_and_keeps_item_order():
    items = [
        Item(1, "b", "B1", "", "", "k1"),
        Item(1, "a", "A1", "", "", "k2"),
        Item(1, "b", "B2", "", "", "k3"),
    ]
    groups = group(items, ["a", "b"], {"a": "Jenis A", "b": "Jenis B"})
    assert [(g.label, [i.title for i in g.items]) for g in groups] == [
        ("Jenis A", ["A1"]), ("Jenis B", ["B1", "B2"]),
    ]  # fmt: skip


def test_texts():
    assert tanggal(D(2026, 11, 22)) == "22 November 2026"
    assert subject(1, D(2026, 3, 10)) == "E-Kinerja: 1 pemberitahuan untuk Anda, 10 Maret 2026"
    assert quote("a  b\nc") == "a b c"
    assert len(quote("x" * 500)) == 120 and quote("x" * 500).endswith("…")
    counts = {f"P{i}": i for i in range(1, 8)}
    assert names(counts) == "P7 (7), P6 (6), P5 (5), P4 (4), P3 (3) dan 2 pegawai lain"
    assert names(counts, with_counts=False) == "P1, P2, P3, P4, P5 dan 2 pegawai lain"
