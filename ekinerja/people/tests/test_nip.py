import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.people.nip import NipError, format_nip, normalize_nip, parse_ni_pppk, parse_nip

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("nip", "birth", "gender"),
    [
        ("198501012010011001", dt.date(1985, 1, 1), "L"),
        ("19920229 201503 2 007", dt.date(1992, 2, 29), "P"),  # leap day, typed with spaces
    ],
)
def test_real_looking_nips_are_accepted(nip, birth, gender):
    parts = parse_nip(nip, today=TODAY)
    assert parts.tanggal_lahir == birth and parts.jenis_kelamin == gender


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19850101201001100", "harus 18 digit, bukan 17"),
        ("1985010120100110011", "harus 18 digit, bukan 19"),
        ("19850A01201001100 1", "hanya boleh berisi angka"),
        ("198502302010011001", "tidak ada"),  # 30 February
        ("199002292015032007", "tidak ada"),  # 29 February 1990
        ("198513012010011001", "tidak ada"),  # month 13
        ("198501012010131001", "Bulan TMT CPNS"),
        ("198501012010013001", "jenis kelamin"),
        ("198501012010010001", "jenis kelamin"),
        ("200001012010011001", "sebelum usia 18"),
        ("198501012027011001", "masa depan"),
    ],
)
def test_wrong_nips_are_rejected_with_a_reason(nip, message):
    with pytest.raises(NipError, match=message):
        parse_nip(nip, today=TODAY)


def test_ni_pppk_is_validated_on_its_own_structure():
    parts = parse_ni_pppk("200012312024211001", today=dt.date(2025, 1, 10))
    assert parts.is_pppk and parts.tanggal_lahir == dt.date(2000, 12, 31)
    assert parts.tahun_pengangkatan == 2024 and parts.jenis_kelamin == "L"
    with pytest.raises(NipError, match="Digit ke-13"):
        parse_ni_pppk("200012312024111001", today=TODAY)
    with pytest.raises(NipError, match="jenis kelamin"):
        parse_ni_pppk("200012312024213001", today=TODAY)


def test_formatting_round_trips():
    assert format_nip("198501012010011001") == "19850101 201001 1 001"
    assert normalize_nip("19850101 201001 1 001") == "198501012010011001"


@given(
    birth=st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2000, 12, 31)),
    years_later=st.integers(min_value=19, max_value=25),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from("12"),
    seq=st.integers(min_value=1, max_value=999),
)
def test_any_nip_built_from_valid_parts_parses_back_to_them(birth, years_later, month, gender, seq):
    nip = f"{birth:%Y%m%d}{birth.year + years_later}{month:02d}{gender}{seq:03d}"
    parts = parse_nip(nip, today=TODAY)
    assert parts.tanggal_lahir == birth
    assert parts.bulan_pengangkatan == month
    assert parts.jenis_kelamin == {"1": "L", "2": "P"}[gender]
    assert parts.nomor_urut == seq


@given(st.text(max_size=30))
def test_parser_never_crashes_on_garbage(raw):
    with contextlib.suppress(NipError):
        parse_nip(raw, today=TODAY)
