"""The evaluation rules: every cell of the predikat matrix, the suggestion and its deviation
rule, each organisational predikat's curve, the unit head's rating and angka kredit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ekinerja.appraisal.rules import (
    DEFAULT_CURVE,
    CurveCheck,
    EvaluationError,
    Predikat,
    PredikatOrganisasi,
    Rating,
    angka_kredit,
    check_curve,
    check_rating,
    head_rating,
    predikat,
    suggest_rating,
    whole_people,
)

A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH
SB, BK, BP, KR, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)
Org = PredikatOrganisasi


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        (A, B, KR), (A, S, BK), (A, A, SB),
        (S, B, KR), (S, S, BK), (S, A, BK),
        (B, B, SK), (B, S, BP), (B, A, BP),
    ],
)  # fmt: skip
def test_every_cell_of_the_predikat_matrix(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) is expected


def test_ratings_stored_as_text_are_accepted():
    assert predikat(Rating("di_atas"), Rating("di_atas")) is SB


@pytest.mark.parametrize(
    ("feedback", "expected"),
    [
        ([], None),
        ([S], S),
        ([A, A, B], S),  # (3 + 3 + 1) / 3 = 2.33
        ([A, S], A),  # 2.5 rounds half up
        ([B, S], S),  # 1.5 rounds half up
        ([B, B, S], B),  # 1.33
        ([A, A, A, S], A),  # 2.75
    ],
)
def test_suggestion_is_the_rounded_mean_of_feedback(feedback, expected):
    assert suggest_rating(feedback) == expected


def test_a_rating_that_differs_from_the_suggestion_needs_a_reason():
    message = check_rating(chosen=A, suggested=S, reason="  ", aspect="Hasil Kerja")
    assert message == (
        "Rating Hasil Kerja (Di Atas Ekspektasi) berbeda dari saran sistem "
        "(Sesuai Ekspektasi); tuliskan alasannya."
    )
    assert check_rating(chosen=A, suggested=S, reason="Proyek X selesai lebih awal",
                        aspect="Hasil Kerja") is None  # fmt: skip
    assert check_rating(chosen=S, suggested=S, reason="", aspect="Hasil Kerja") is None
    assert check_rating(chosen=B, suggested=None, reason="", aspect="Perilaku Kerja") is None


def counts(**by_name: int) -> dict[Predikat, int]:
    return {Predikat(name): n for name, n in by_name.items()}


def texts(findings) -> list[str]:
    return [finding.check.text for finding in findings]


def test_istimewa_allows_up_to_seventy_percent_sangat_baik():
    assert check_curve(Org.ISTIMEWA, counts(sangat_baik=7, baik=3)) == []
    [finding] = check_curve(Org.ISTIMEWA, counts(sangat_baik=8, baik=2))
    assert finding.message == (
        "Kurva distribusi: Sangat Baik paling banyak 70% (paling banyak 7 orang dari 10); "
        "saat ini 8 orang."
    )


def test_baik_needs_some_butuh_perbaikan_or_kurang():
    assert texts(check_curve(Org.BAIK, counts(sangat_baik=3, baik=7))) == [
        "harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang"
    ]
    assert check_curve(Org.BAIK, counts(sangat_baik=2, baik=7, butuh_perbaikan=1)) == []
    assert check_curve(Org.BAIK, counts(sangat_baik=2, baik=7, kurang=1)) == []
    # Sangat Kurang does not count towards the requirement.
    assert texts(check_curve(Org.BAIK, counts(baik=7, sangat_kurang=3))) == [
        "harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang"
    ]


def test_baik_caps_baik_at_seventy_percent():
    assert texts(check_curve(Org.BAIK, counts(baik=8, kurang=2))) == ["Baik paling banyak 70%"]


def test_butuh_perbaikan_row():
    assert check_curve(Org.BUTUH_PERBAIKAN, counts(butuh_perbaikan=6, sangat_baik=1, baik=3)) == []
    assert texts(
        check_curve(Org.BUTUH_PERBAIKAN, counts(butuh_perbaikan=5, sangat_baik=2, baik=3))
    ) == ["Butuh Perbaikan paling sedikit 60%", "Sangat Baik paling banyak 10%"]


def test_kurang_row():
    fits = counts(kurang=6, butuh_perbaikan=1, sangat_baik=1, baik=2)
    assert check_curve(Org.KURANG, fits) == []
    assert texts(check_curve(Org.KURANG, counts(kurang=6, baik=4))) == [
        "Butuh Perbaikan paling sedikit 10%"
    ]
    assert texts(check_curve(Org.KURANG, counts(kurang=5, butuh_perbaikan=5))) == [
        "Kurang paling sedikit 60%"
    ]


def test_sangat_kurang_row_forbids_sangat_baik():
    fits = counts(sangat_kurang=6, kurang=1, baik=3)
    assert check_curve(Org.SANGAT_KURANG, fits) == []
    assert texts(check_curve(Org.SANGAT_KURANG, counts(sangat_kurang=6, butuh_perbaikan=3,
                                                         sangat_baik=1))) == [
        "tidak boleh ada Sangat Baik"
    ]  # fmt: skip
    assert texts(check_curve(Org.SANGAT_KURANG, counts(sangat_kurang=9, baik=1))) == [
        "Kurang dan/atau Butuh Perbaikan paling sedikit 10%"
    ]


def test_small_units_round_shares_to_whole_people():
    # 70% of 7 is 4.9 -> 5; 60% of 7 is 4.2 -> 4; 10% of 7 is 0.7 -> 1; 10% of 4 is 0.4 -> 0.
    assert whole_people(Decimal("0.70"), 7) == 5
    assert whole_people(Decimal("0.60"), 7) == 4
    assert whole_people(Decimal("0.10"), 7) == 1
    assert whole_people(Decimal("0.10"), 4) == 0
    assert whole_people(Decimal("0.10"), 5) == 1  # 0.5 rounds half up
    assert check_curve(Org.ISTIMEWA, counts(sangat_baik=5, baik=2)) == []


def test_an_empty_unit_breaks_only_the_must_exist_check():
    assert check_curve(Org.ISTIMEWA, {}) == []
    assert texts(check_curve(Org.BAIK, {})) == [
        "harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang"
    ]


def test_shares_are_of_the_whole_unit_when_its_size_is_given():
    # Two of three evaluated as Baik: within 70% of 3 (2), over 70% of the 2 counted (1).
    assert texts(check_curve(Org.BAIK, counts(baik=2, kurang=0), population=3)) == [
        "harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang"
    ]
    assert "Baik paling banyak 70%" in texts(check_curve(Org.BAIK, counts(baik=2)))


def test_a_region_may_replace_the_curve():
    strict = dict(DEFAULT_CURVE)
    strict[Org.ISTIMEWA] = (
        CurveCheck(predikat=frozenset({SB}), max_share=Decimal("0.5"), text="Sangat Baik ≤ 50%"),
    )
    assert texts(check_curve(Org.ISTIMEWA, counts(sangat_baik=6, baik=4), strict)) == [
        "Sangat Baik ≤ 50%"
    ]


@pytest.mark.parametrize(
    ("org", "expected"),
    [(Org.ISTIMEWA, A), (Org.BAIK, S), (Org.BUTUH_PERBAIKAN, B), (Org.KURANG, B),
     (Org.SANGAT_KURANG, B)],
)  # fmt: skip
def test_the_unit_head_takes_the_organisations_rating(org, expected):
    assert head_rating(org) is expected


def test_the_head_mapping_is_data():
    lenient = {org: S for org in Org} | {Org.ISTIMEWA: A}
    assert head_rating(Org.KURANG, lenient) is S


@pytest.mark.parametrize(
    ("value", "koefisien", "months", "expected"),
    [
        (BK, "12.5", 2, "2.083"),  # BKN's example: 2/12 x 100% x 12.5 = 2.08
        (SB, "12.5", 12, "18.750"),
        (BK, "37.5", 12, "37.500"),
        (BP, "25", 12, "18.750"),
        (KR, "25", 6, "6.250"),
        (SK, "50", 1, "1.042"),
    ],
)
def test_angka_kredit(value, koefisien, months, expected):
    assert angka_kredit(value, Decimal(koefisien), months) == Decimal(expected)


@pytest.mark.parametrize("months", [0, 13, -1])
def test_angka_kredit_refuses_impossible_months(months):
    with pytest.raises(EvaluationError, match="Jumlah bulan harus 1 sampai 12"):
        angka_kredit(BK, Decimal("12.5"), months)
