"""The pure leave arithmetic: the cuti tahunan buckets (N, N-1, N-2 with the 18/24 caps), the
working-day count and the per-kind rules."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.attendance import leave_rules as lr
from ekinerja.attendance.choices import NOT_FOR_PPPK, JenisCuti
from ekinerja.people.choices import StatusKepegawaian

D = dt.date
TODAY = D(2026, 11, 2)


def hak(years, used, **opening):
    balances = lr.annual_balances(years[0], years[1], used, **opening)
    return [(b.tahun, b.hak, b.sisa) for b in balances]


@pytest.mark.parametrize(
    ("case", "used", "opening", "expected_last"),
    [
        # (name, used per year 2024..2026, opening N-1/N-2 before 2024, (hak, sisa) of 2026)
        ("nothing carried, nothing taken", {}, {}, (24, 24)),
        ("all taken every year", {2024: 12, 2025: 12, 2026: 0}, {}, (12, 12)),
        # 2025 had only its own 12 and took 2: 6 of the 10 left carry into 2026.
        ("some taken last year", {2024: 12, 2025: 2}, {}, (18, 18)),
        ("last year carry capped at 6", {2024: 12, 2025: 0}, {}, (18, 18)),
        ("two untouched years reach 24", {2024: 0, 2025: 0}, {}, (24, 24)),
        ("this year's use lowers sisa", {2024: 12, 2025: 12, 2026: 5}, {}, (12, 7)),
    ],
)
def test_bucket_table(case, used, opening, expected_last):
    last = lr.annual_balances(2024, 2026, used, **opening)[-1]
    assert (last.hak, last.sisa) == expected_last, case


def test_oldest_bucket_is_drawn_first():
    # 2024 untouched: 2025 has 12 + 6. Taking 6 in 2025 uses the 6 carried from 2024,
    # so the 2025 own allowance stays whole and 6 of it carries into 2026.
    b2025, b2026 = lr.annual_balances(2025, 2026, {2025: 6}, opening_n1=12)
    assert (b2025.sisa_n1, b2025.akhir_n1, b2025.akhir_n0) == (6, 0, 12)
    assert (b2026.sisa_n1, b2026.sisa_n2, b2026.hak) == (6, 0, 18)


def test_opening_balance_is_capped():
    first = lr.annual_balances(2026, 2026, {}, opening_n1=10, opening_n2=9)[0]
    assert (first.sisa_n1, first.sisa_n2, first.hak) == (6, 6, 24)


def test_region_numbers_are_parameters():
    generous = lr.AnnualRules(jatah=14, batas_satu_tahun=20, batas_dua_tahun=26)
    rows = lr.annual_balances(2025, 2026, {}, rules_for=lambda _y: generous)
    assert [r.hak for r in rows] == [14, 20]
    # No carry at all when the caps equal the allowance.
    flat = lr.AnnualRules(jatah=12, batas_satu_tahun=12, batas_dua_tahun=12)
    assert [r.hak for r in lr.annual_balances(2024, 2026, {}, rules_for=lambda _y: flat)] == [
        12,
        12,
        12,
    ]


def test_overdraft_is_reported_not_negative():
    only = lr.annual_balances(2026, 2026, {2026: 15})[0]
    assert (only.sisa, only.lebih) == (0, 3)


@given(
    used=st.dictionaries(st.integers(2020, 2026), st.integers(0, 30), max_size=7),
    n1=st.integers(0, 30),
    n2=st.integers(0, 30),
)
def test_entitlement_stays_within_the_caps(used, n1, n2):
    for balance in lr.annual_balances(2020, 2026, used, opening_n1=n1, opening_n2=n2):
        assert 12 <= balance.hak <= 24
        assert balance.sisa_n1 <= 6 and balance.sisa_n2 <= 6
        assert balance.sisa + min(balance.digunakan, balance.hak) == balance.hak


@given(used=st.dictionaries(st.integers(2020, 2026), st.integers(0, 30), max_size=7))
def test_taking_more_never_raises_a_later_entitlement(used):
    base = lr.annual_balances(2020, 2026, used)
    more = dict(used)
    more[2023] = more.get(2023, 0) + 1
    assert all(
        m.hak <= b.hak for b, m in zip(base, lr.annual_balances(2020, 2026, more), strict=True)
    )


def test_count_working_days():
    working = {D(2026, 11, 2), D(2026, 11, 3), D(2026, 11, 9)}
    assert lr.count_working_days(D(2026, 11, 2), D(2026, 11, 8), working) == 2
    assert lr.count_working_days(D(2026, 11, 8), D(2026, 11, 2), working) == 0


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(D(2026, 1, 31), 1, D(2026, 2, 28)), (D(2026, 11, 15), 3, D(2027, 2, 15)),
     (D(2024, 2, 29), 12, D(2025, 2, 28))],
)  # fmt: skip
def test_add_months(day, months, expected):
    assert lr.add_months(day, months) == expected


def req(jenis, mulai, selesai=None, sehari_penuh=True, has_attachment=False):
    return lr.Request(jenis, mulai, selesai or mulai, sehari_penuh, has_attachment)


@pytest.mark.parametrize(
    ("case", "request_", "status", "perempuan", "message"),
    [
        ("ok tahunan", req("tahunan", D(2026, 11, 9)), "PNS", False, None),
        ("cuti besar PPPK", req("besar", D(2026, 11, 9)), "PPPK", False, "bagi PPPK"),
        ("CLTN PPPK", req("cltn", D(2026, 11, 9), has_attachment=True), "PPPK", False, "PPPK"),
        ("cuti besar CPNS", req("besar", D(2026, 11, 9)), "CPNS", False, "hanya untuk PNS"),
        ("pejabat negara", req("izin", D(2026, 11, 9)), "PEJABAT_NEGARA", False, "pegawai ASN"),
        ("melahirkan pria", req("melahirkan", D(2026, 11, 9)), "PNS", False, "perempuan"),
        ("melahirkan 3 bulan", req("melahirkan", D(2026, 11, 9), D(2027, 2, 8)), "PPPK", True,
         None),
        ("melahirkan > 3 bulan", req("melahirkan", D(2026, 11, 9), D(2027, 2, 9)), "PNS", True,
         "paling lama 3 bulan"),
        ("alasan penting > 1 bulan", req("alasan_penting", D(2026, 11, 9), D(2026, 12, 9)), "PNS",
         False, "paling lama 1 bulan"),
        ("past tahunan", req("tahunan", D(2026, 10, 30)), "PNS", False, "sudah lewat"),
        ("sakit 1 day back, no note", req("sakit", D(2026, 10, 30)), "PNS", False, None),
        ("sakit 2 days needs note", req("sakit", D(2026, 10, 29), D(2026, 10, 30)), "PNS", False,
         "surat keterangan dokter"),
        ("sakit too far back", req("sakit", D(2026, 10, 2)), "PNS", False, "paling awal"),
        ("tahunan across years", req("tahunan", D(2026, 12, 30), D(2027, 1, 4)), "PNS", False,
         "ajukan terpisah"),
        ("half-day tahunan", req("tahunan", D(2026, 11, 9), sehari_penuh=False), "PNS", False,
         "hari penuh"),
        ("half-day izin", req("izin", D(2026, 11, 9), sehari_penuh=False), "PPPK", False, None),
        ("half-day izin two days", req("izin", D(2026, 11, 9), D(2026, 11, 10), False), "PNS",
         False, "satu tanggal"),
        ("dinas luar without letter", req("dinas_luar", D(2026, 11, 9)), "PNS", False, "lampiran"),
        ("dates reversed", req("izin", D(2026, 11, 9), D(2026, 11, 6)), "PNS", False,
         "tidak boleh sebelum"),
        ("unknown kind", req("libur", D(2026, 11, 9)), "PNS", False, "tidak dikenal"),
        ("wfh", req("wfh", D(2026, 11, 9)), "PPPK", False, None),
        ("tahunan a year ahead", req("tahunan", D(2027, 11, 2)), "PNS", False, None),
        ("tahunan past a year ahead", req("tahunan", D(2027, 11, 3)), "PNS", False,
         "mulai paling lambat 02-11-2027"),
        ("CLTN of 3 years a year ahead", req("cltn", D(2027, 11, 2), D(2030, 11, 1),
         has_attachment=True), "PNS", False, None),
        ("izin ending 2 years ahead", req("izin", D(2026, 11, 9), D(2028, 11, 3)), "PNS", False,
         "selesai paling lambat 02-11-2028"),
        ("sakit in year 9999", req("sakit", D(9999, 12, 1)), "PNS", False, "paling lambat"),
        ("sakit ending in year 9999", req("sakit", D(2026, 11, 9), D(9999, 12, 31)), "PNS",
         False, "selesai paling lambat"),
    ],
)  # fmt: skip
def test_request_rules(case, request_, status, perempuan, message):
    errors = lr.request_errors(request_, status=status, perempuan=perempuan, today=TODAY)
    if message is None:
        assert errors == [], case
    else:
        assert any(message in e for e in errors), (case, errors)


def test_rules_agree_with_the_choices():
    assert set(lr.KINDS) == set(JenisCuti.values)
    pppk_refused = {
        k for k, rule in lr.KINDS.items() if StatusKepegawaian.PPPK not in rule.statuses
    }
    assert pppk_refused == set(NOT_FOR_PPPK)
    assert {lr.PNS, lr.CPNS, lr.PPPK, lr.PEJABAT_NEGARA} == set(StatusKepegawaian.values)


def test_overlaps():
    others = [(D(2026, 11, 2), D(2026, 11, 4)), (D(2026, 11, 10), D(2026, 11, 10))]
    assert lr.overlaps(D(2026, 11, 4), D(2026, 11, 9), others) == [others[0]]
    assert lr.overlaps(D(2026, 11, 5), D(2026, 11, 9), others) == []
