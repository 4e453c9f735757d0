"""The talent rules: every cell of the 9-box and its numbering, the kinerja fold of each
predikat, which evaluation stands for the year, the potensi score at and around its edges,
and the checks on a region's policy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.appraisal.choices import JenisEvaluasi
from ekinerja.appraisal.rules import Predikat
from ekinerja.talent.rules import (
    GRID,
    KOTAK_BY_NOMOR,
    CompetenceFacts,
    Jenjang,
    Komponen,
    Level,
    PotensiPolicy,
    SetEvaluation,
    Sumber,
    highest_jenjang,
    kinerja_evaluation,
    kinerja_level,
    kotak,
    policy_errors,
    potensi,
    potensi_level,
    training_score,
)

R, M, T = Level.RENDAH, Level.MENENGAH, Level.TINGGI
D = Decimal


@pytest.mark.parametrize(
    ("kinerja", "potensi_", "nomor", "label"),
    [
        (R, R, 1, "Kinerja di bawah ekspektasi dan potensi rendah"),
        (M, R, 2, "Kinerja sesuai ekspektasi dan potensi rendah"),
        (R, M, 3, "Kinerja di bawah ekspektasi dan potensi menengah"),
        (T, R, 4, "Kinerja di atas ekspektasi dan potensi rendah"),
        (M, M, 5, "Kinerja sesuai ekspektasi dan potensi menengah"),
        (R, T, 6, "Kinerja di bawah ekspektasi dan potensi tinggi"),
        (T, M, 7, "Kinerja di atas ekspektasi dan potensi menengah"),
        (M, T, 8, "Kinerja sesuai ekspektasi dan potensi tinggi"),
        (T, T, 9, "Kinerja di atas ekspektasi dan potensi tinggi"),
    ],
)
def test_every_cell_of_the_nine_box(kinerja, potensi_, nomor, label):
    box = kotak(kinerja, potensi_)
    assert (box.nomor, box.label) == (nomor, label)
    assert KOTAK_BY_NOMOR[nomor] is box


def test_the_grid_is_drawn_with_potensi_tinggi_on_top_and_kinerja_rising_to_the_right():
    assert [[box.nomor for box in row] for row in GRID] == [[6, 8, 9], [3, 5, 7], [1, 2, 4]]


def test_levels_given_as_stored_text_are_accepted():
    assert kotak(Level("tinggi"), Level("rendah")).nomor == 4


@pytest.mark.parametrize(
    ("predikat", "level"),
    [
        (Predikat.SANGAT_BAIK, T),
        (Predikat.BAIK, M),
        (Predikat.BUTUH_PERBAIKAN, R),
        (Predikat.KURANG, R),
        (Predikat.SANGAT_KURANG, R),
        ("sangat_baik", T),
    ],
)
def test_kinerja_from_predikat(predikat, level):
    assert kinerja_level(predikat) is level


def test_an_unknown_predikat_is_refused():
    with pytest.raises(ValueError):
        kinerja_level("")


def test_the_sources_are_the_evaluation_kinds_of_appraisal():
    assert {s.value for s in Sumber} == set(JenisEvaluasi.values)


def ev(jenis: str, periode_ke: int, predikat: str, urutan: int) -> SetEvaluation:
    return SetEvaluation(Sumber(jenis), periode_ke, Predikat(predikat), urutan)


ANNUAL_SB = ev("tahunan", 0, "sangat_baik", 10)
Q1_KURANG = ev("periodik", 1, "kurang", 11)
Q3_BAIK = ev("periodik", 3, "baik", 5)
Q3_LATER = ev("periodik", 3, "butuh_perbaikan", 7)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([Q1_KURANG, ANNUAL_SB, Q3_BAIK], ANNUAL_SB),  # the annual one wins over any period
        ([Q1_KURANG, Q3_BAIK], Q3_BAIK),  # else the latest period, whatever the row order
        ([Q3_BAIK, Q1_KURANG], Q3_BAIK),
        ([Q3_BAIK, Q3_LATER], Q3_LATER),  # two rows of one period (SKP versions): the later
        (
            [ev("tahunan", 0, "baik", 3), ev("tahunan", 0, "kurang", 4)],
            ev("tahunan", 0, "kurang", 4),
        ),
        ([], None),  # not yet evaluated
    ],
)
def test_which_evaluation_stands_for_the_year(rows, expected):
    assert kinerja_evaluation(rows) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["sma", "s1", "d3"], Jenjang.S1),
        (["s2", "s1"], Jenjang.S2),
        (["sd"], Jenjang.SD),
        (["d4"], Jenjang.D4),
        ([], None),
    ],
)
def test_highest_jenjang(values, expected):
    assert highest_jenjang(values) is expected


@pytest.mark.parametrize(
    ("jp", "target", "expected"),
    [
        (0, 20, D("0.00")),
        (10, 20, D("50.00")),
        (20, 20, D("100.00")),
        (45, 20, D("100.00")),  # capped
        (7, 30, D("23.33")),
        (1, 3, D("33.33")),
        (2, 3, D("66.67")),  # half up
    ],
)
def test_training_score(jp, target, expected):
    assert training_score(jp, target) == expected


DEFAULT = PotensiPolicy()
P, DI, A = Komponen.PENDIDIKAN, Komponen.DIKLAT, Komponen.ASESMEN


@pytest.mark.parametrize(
    ("facts", "skor", "level", "tanpa"),
    [
        # S-1 75 x 30% + 20 JP of 20: 100 x 20% + 75 x 50%
        (CompetenceFacts(Jenjang.S1, 20, D(75)), D("80.00"), T, ()),  # exactly the tinggi edge
        (CompetenceFacts(Jenjang.S1, 10, D(75)), D("70.00"), M, ()),
        (CompetenceFacts(Jenjang.D3, 0, D(84)), D("60.00"), M, (DI,)),  # exactly the menengah edge
        (CompetenceFacts(Jenjang.D3, 0, D("83.98")), D("59.99"), R, (DI,)),
        (CompetenceFacts(Jenjang.S2, 15, D("59.99")), D("72.00"), M, ()),  # 71.995 rounds up
        (CompetenceFacts(Jenjang.SMA, 0, None), D("12.00"), R, (DI, A)),
        (CompetenceFacts(None, 0, None), D("0.00"), R, (P, DI, A)),
        (CompetenceFacts(Jenjang.S3, 40, D(100)), D("100.00"), T, ()),
        (CompetenceFacts(None, 8, D(0)), D("8.00"), R, (P,)),  # a score of 0 is still a result
    ],
)
def test_potensi_with_the_default_policy(facts, skor, level, tanpa):
    result = potensi(facts, DEFAULT)
    assert (result.skor, result.level, result.tanpa_data) == (skor, level, tanpa)
    assert result.lengkap is (not tanpa)


def test_potensi_follows_a_regional_policy():
    policy = PotensiPolicy(
        bobot_pendidikan=50, bobot_diklat=50, bobot_asesmen=0, batas_menengah=D(40),
        batas_tinggi=D(70), target_jp=40, skor_pendidikan={"s1": 80},
    )  # fmt: skip
    result = potensi(CompetenceFacts(Jenjang.S1, 20, D(10)), policy)
    assert (result.skor_pendidikan, result.skor_diklat, result.skor_asesmen) == (
        D("80.00"), D("50.00"), D("10.00"),
    )  # fmt: skip
    assert (result.skor, result.level) == (D("65.00"), M)
    # A jenjang the policy gives no score to counts 0, but the record is there.
    other = potensi(CompetenceFacts(Jenjang.S2, 40, None), policy)
    assert (other.skor, other.tanpa_data) == (D("50.00"), (A,))


def test_an_assessment_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match="0 sampai 100"):
        potensi(CompetenceFacts(None, 0, D(101)), DEFAULT)


@pytest.mark.parametrize(
    ("skor", "level"),
    [(D("79.99"), M), (D(80), T), (D(60), M), (D("59.99"), R), (D(0), R), (D(100), T)],
)
def test_potensi_level_edges(skor, level):
    assert potensi_level(skor, DEFAULT) is level


SUM = "Jumlah bobot pendidikan, diklat dan asesmen harus 100, bukan 90."
MENENGAH = "Batas potensi menengah harus lebih dari 0 dan kurang dari 100."
TINGGI = "Batas potensi tinggi harus lebih dari batas menengah dan paling tinggi 100."
SKOR = "Skor pendidikan harus bilangan bulat 0 sampai 100 (jenjang s1)."


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, None, None),
        ({"bobot_asesmen": 40}, "bobot_asesmen", SUM),
        (
            {"bobot_diklat": 120, "bobot_asesmen": -50},
            "bobot_diklat",
            "Bobot harus 0 sampai 100, bukan 120.",
        ),
        ({"batas_menengah": D(0)}, "batas_menengah", MENENGAH),
        ({"batas_tinggi": D(60)}, "batas_tinggi", TINGGI),
        ({"batas_tinggi": D(101)}, "batas_tinggi", TINGGI),
        ({"target_jp": 0}, "target_jp", "Target jam pelajaran setahun paling sedikit 1 JP."),
        ({"skor_pendidikan": {"s4": 10}}, "skor_pendidikan", "Jenjang tidak dikenal: s4."),
        ({"skor_pendidikan": {"s1": 101}}, "skor_pendidikan", SKOR),
        ({"skor_pendidikan": {"s1": "75"}}, "skor_pendidikan", SKOR),
        ({"skor_pendidikan": {"s1": True}}, "skor_pendidikan", SKOR),
    ],
)
def test_policy_errors(changes, field, message):
    errors = policy_errors(PotensiPolicy(**changes))
    if field is None:
        assert errors == {}
    else:
        assert errors[field] == message


scores = st.decimals(min_value=0, max_value=100, places=2)
hours = st.integers(min_value=0, max_value=500)
jenjang = st.one_of(st.none(), st.sampled_from(list(Jenjang)))


@given(jenjang, hours, st.one_of(st.none(), scores))
def test_potensi_stays_within_0_and_100(pendidikan, jp, nilai):
    result = potensi(CompetenceFacts(pendidikan, jp, nilai), DEFAULT)
    assert D(0) <= result.skor <= D(100)
    assert result.level is potensi_level(result.skor, DEFAULT)


@given(jenjang, hours, hours, scores, scores)
def test_more_hours_or_a_better_assessment_never_lower_potensi(pendidikan, jp1, jp2, n1, n2):
    low = potensi(CompetenceFacts(pendidikan, min(jp1, jp2), min(n1, n2)), DEFAULT)
    high = potensi(CompetenceFacts(pendidikan, max(jp1, jp2), max(n1, n2)), DEFAULT)
    assert low.skor <= high.skor
