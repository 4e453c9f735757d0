"""Maturity levels from hand-made measures (no database), and the threshold JSON."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.dashboard.maturity import (
    THRESHOLD_KEYS,
    Assessment,
    OpdMeasures,
    Thresholds,
    assess,
    format_percent,
    level_counts,
    validate_thresholds,
)

# An OPD that passes every level with the default thresholds: 4 of 5 employees (80%) fill
# >= 80% of their days, 8 of 10 activities linked, and so on.
FULL = OpdMeasures(
    isian_pegawai=((20, 20), (18, 20), (16, 20), (17, 20), (5, 20)),
    aktivitas_disetujui=10,
    aktivitas_terkait=8,
    skp_disetujui=5,
    skp_target_lengkap=4,
    tahun=2026,
    ada_perjanjian_kinerja=True,
    rhk_utama=10,
    rhk_terhubung=9,
    jabatan_terisi=5,
    jabatan_ber_abk=5,
    rhk_jpt=4,
    rhk_jpt_renstra=4,
    pegawai_wajib_evaluasi=5,
    pegawai_dievaluasi=4,
    periode_evaluasi="Februari 2026",
    tpp_final="Februari 2026",
    tpp_dicari="Maret 2026 atau Februari 2026",
)


def but(**changes: object) -> OpdMeasures:
    return dataclasses.replace(FULL, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("measures", "level"),
    [
        (FULL, 6),
        (OpdMeasures(), 0),
        # L1: 3 of 5 (60%) < 75%; everything above is still assessed but not reached.
        (but(isian_pegawai=((20, 20), (18, 20), (16, 20), (5, 20), (5, 20))), 0),
        # 15/20 = 75% of days is under the 80% habit threshold.
        (but(isian_pegawai=((15, 20),) * 5), 0),
        # employees with no working day are left out, not counted as failing
        (but(isian_pegawai=((20, 20), (16, 20), (16, 20), (16, 20), (0, 0))), 6),
        (but(aktivitas_terkait=6), 1),  # 60% < 70%
        (but(aktivitas_terkait=7), 6),  # exactly 70% passes
        (but(aktivitas_disetujui=0, aktivitas_terkait=0), 1),  # no data fails
        (but(skp_target_lengkap=3), 2),
        (but(ada_perjanjian_kinerja=False), 3),
        (but(rhk_terhubung=7), 3),
        (but(jabatan_ber_abk=3), 4),
        (but(rhk_jpt=0, rhk_jpt_renstra=0), 4),
        (but(pegawai_dievaluasi=3), 5),
        (but(periode_evaluasi=""), 5),
        (but(tpp_final=""), 5),
        # a gap low down caps the level even when every higher level passes
        (but(skp_target_lengkap=0), 2),
    ],
)
def test_level(measures: OpdMeasures, level: int) -> None:
    assert assess(measures).tingkat == level


def test_every_level_is_assessed_past_the_first_failure() -> None:
    result = assess(but(aktivitas_terkait=0))
    assert [lv.lulus for lv in result.levels] == [True, False, True, True, True, True]
    assert [lv.tercapai for lv in result.levels] == [True, False, False, False, False, False]
    assert result.label == "L1"


def test_sentences_say_why() -> None:
    result = assess(but(isian_pegawai=((20, 20), (16, 20), (10, 20), (2, 20))))
    check = result.check("pegawai_terbiasa")
    assert check is not None and not check.lulus
    assert check.alasan == (
        "2 dari 4 pegawai (50%) mengisi aktivitas pada ≥80% hari kerja; ambang 75%."
    )
    assert check.nilai == Decimal(50) and check.ambang == Decimal(75)
    tpp = assess(but(tpp_final="")).check("tpp_final")
    assert tpp is not None
    assert tpp.alasan == (
        "Belum ada TPP resmi final Maret 2026 atau Februari 2026 yang mencakup OPD ini."
    )
    pk = assess(but(ada_perjanjian_kinerja=False)).check("perjanjian_kinerja")
    assert pk is not None and pk.alasan == "Belum ada Perjanjian Kinerja 2026 untuk OPD ini."
    evaluated = assess(FULL).check("pegawai_dievaluasi")
    assert evaluated is not None
    assert evaluated.alasan == (
        "4 dari 5 pegawai (80%) sudah ditetapkan evaluasinya untuk Februari 2026; ambang 80%."
    )
    empty = assess(OpdMeasures()).check("aktivitas_terkait_skp")
    assert empty is not None and empty.nilai is None
    assert empty.alasan == "Belum ada aktivitas disetujui pada bulan ini."


def test_exact_counts_decide_not_rounded_percentages() -> None:
    # 2 of 3 is 66,666...%: shown as 66,7% and failing a 66,7% threshold.
    thresholds = Thresholds(aktivitas_terkait_skp=Decimal("66.7"))
    check = assess(but(aktivitas_disetujui=3, aktivitas_terkait=2), thresholds).check(
        "aktivitas_terkait_skp"
    )
    assert check is not None and not check.lulus
    assert "(66,7%)" in check.alasan


def test_thresholds_change_the_level() -> None:
    strict = Thresholds(pegawai_terbiasa=Decimal(100))
    assert assess(FULL, strict).tingkat == 0
    lenient = Thresholds(skp_target_periodik=Decimal(50))
    assert assess(but(skp_target_lengkap=3), lenient).tingkat == 6


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal(80), "80%"), (Decimal("62.5"), "62,5%"), (Decimal("66.66"), "66,7%"),
     (Decimal(0), "0%"), (Decimal("99.96"), "100%")],
)  # fmt: skip
def test_format_percent(value: Decimal, text: str) -> None:
    assert format_percent(value) == text


def test_json_round_trip() -> None:
    result = assess(but(rhk_terhubung=7))
    stored = result.as_json()
    assert stored["tingkat"] == 3 and stored["label"] == "L3"
    assert len(stored["levels"]) == 6
    first = stored["levels"][0]["checks"][0]
    assert first["nilai"] == "80.0" and first["ambang"] == "75"
    assert first["nilai_teks"] == "80%" and first["ambang_teks"] == "≥ 75%"
    pk = stored["levels"][3]["checks"][0]
    assert pk["nilai"] is None and pk["ambang_teks"] == "ada"
    again = Assessment.from_json(stored)
    assert again.tingkat == 3
    assert [lv.lulus for lv in again.levels] == [lv.lulus for lv in result.levels]
    assert again.as_json() == stored


@pytest.mark.parametrize("stored", [{}, {"tingkat": 9}, {"levels": None}])
def test_from_json_of_nothing_is_level_zero(stored: dict[str, object]) -> None:
    result = Assessment.from_json(stored)
    assert result.tingkat == 0 and result.levels == ()
    assert result.label == "Belum L1"


def test_level_counts() -> None:
    assert level_counts([0, 3, 3, 6, 9]) == [1, 0, 0, 2, 0, 0, 1]


# --- thresholds JSON -----------------------------------------------------------------------


def test_defaults_for_empty_json() -> None:
    for raw in ({}, None, ""):
        thresholds, errors = validate_thresholds(raw)
        assert thresholds == Thresholds() and errors == []


def test_overrides_are_applied() -> None:
    thresholds, errors = validate_thresholds(
        {"pegawai_terbiasa": 60, "aktivitas_terkait_skp": "55,5", "rhk_jpt_renstra": 100.0}
    )
    assert errors == []
    assert thresholds.pegawai_terbiasa == Decimal(60)
    assert thresholds.aktivitas_terkait_skp == Decimal("55.5")
    assert thresholds.rhk_jpt_renstra == Decimal(100)
    assert thresholds.hari_terisi_pegawai == Thresholds().hari_terisi_pegawai


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"pegawai_rajin": 50}, "Kunci 'pegawai_rajin' tidak dikenal"),
        ({"pegawai_terbiasa": 101}, "Nilai 'pegawai_terbiasa' harus berupa angka persen"),
        ({"pegawai_terbiasa": -1}, "Nilai 'pegawai_terbiasa' harus berupa angka persen"),
        ({"pegawai_terbiasa": "banyak"}, "Nilai 'pegawai_terbiasa' harus berupa angka persen"),
        ({"pegawai_terbiasa": True}, "Nilai 'pegawai_terbiasa' harus berupa angka persen"),
        ({"pegawai_terbiasa": None}, "Nilai 'pegawai_terbiasa' harus berupa angka persen"),
        ({"pegawai_terbiasa": "NaN"}, "Nilai 'pegawai_terbiasa' harus berupa angka persen"),
        ([75], "harus berupa objek JSON"),
    ],
)
def test_bad_thresholds(raw: object, message: str) -> None:
    thresholds, errors = validate_thresholds(raw)
    assert len(errors) == 1 and message in errors[0]
    # the bad entry keeps its default; nothing half-applied
    assert thresholds == Thresholds()


def test_good_keys_survive_a_bad_one() -> None:
    thresholds, errors = validate_thresholds({"pegawai_terbiasa": 50, "x": 1})
    assert thresholds.pegawai_terbiasa == Decimal(50)
    assert len(errors) == 1 and "pegawai_terbiasa" in errors[0]  # the known keys are listed


def test_every_key_is_documented() -> None:
    text = (Path(__file__).resolve().parents[3] / "docs" / "maturity.md").read_text("utf-8")
    assert all(f"`{key}`" in text for key in THRESHOLD_KEYS)


# --- properties ----------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=50)


@st.composite
def measures(draw: st.DrawFn) -> OpdMeasures:
    def pair() -> tuple[int, int]:
        total = draw(counts)
        return draw(st.integers(min_value=0, max_value=total)), total

    days = draw(st.lists(st.tuples(counts, counts).map(lambda t: (min(t), max(t))), max_size=8))
    activities, skps, rhks, seats, jpt, evaluated = (pair() for _ in range(6))
    return OpdMeasures(
        isian_pegawai=tuple(days),
        aktivitas_terkait=activities[0], aktivitas_disetujui=activities[1],
        skp_target_lengkap=skps[0], skp_disetujui=skps[1],
        ada_perjanjian_kinerja=draw(st.booleans()),
        rhk_terhubung=rhks[0], rhk_utama=rhks[1],
        jabatan_ber_abk=seats[0], jabatan_terisi=seats[1],
        rhk_jpt_renstra=jpt[0], rhk_jpt=jpt[1],
        pegawai_dievaluasi=evaluated[0], pegawai_wajib_evaluasi=evaluated[1],
        periode_evaluasi=draw(st.sampled_from(["", "Maret 2026"])),
        tpp_final=draw(st.sampled_from(["", "Maret 2026"])),
    )  # fmt: skip


@given(measures())
def test_level_is_the_run_of_passing_levels(m: OpdMeasures) -> None:
    result = assess(m)
    passing = [level.lulus for level in result.levels]
    expected = passing.index(False) if False in passing else 6
    assert result.tingkat == expected
    assert [level.tercapai for level in result.levels] == [n < expected for n in range(6)]
    assert Assessment.from_json(result.as_json()).as_json() == result.as_json()


@given(measures(), st.sampled_from(THRESHOLD_KEYS))
def test_a_stricter_threshold_never_raises_the_level(m: OpdMeasures, key: str) -> None:
    stricter = dataclasses.replace(Thresholds(), **{key: Decimal(100)})
    assert assess(m, stricter).tingkat <= assess(m).tingkat
