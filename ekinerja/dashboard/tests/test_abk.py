"""ABK calculation on hand-made figures: beban, kebutuhan and its rounding, selisih, EJ and its
PJ band, the evidence scaled to a year, OPD totals, and the validation of stored bands."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.dashboard import abk
from ekinerja.dashboard.abk import (
    PITA_BAWAAN,
    JabatanInput,
    Pita,
    PitaTidakSah,
    TugasInput,
    annualise,
    band_of,
    opd_total,
    parse_bands,
    position_result,
    task_results,
)

JKE = 75_000
D = Decimal


def hasil(beban: int, ada: int, tugas: int = 1, bukti: int = 0, hari: int = 365, jke: int = JKE):
    data = JabatanInput(1, 9, tugas, beban, ada, bukti)
    return position_result(data, jke=jke, bands=PITA_BAWAAN, hari_cakupan=hari)


def test_beban_per_task_is_volume_times_norma_waktu():
    rows = task_results(
        [
            TugasInput("Menyusun laporan", 1200, 30, "laporan"),
            TugasInput("Verifikasi berkas", 300, 120, "berkas"),
            TugasInput("Pemantauan lapangan", 50, 240, "laporan"),
        ]
    )
    assert [r.beban_menit for r in rows] == [36_000, 36_000, 12_000]
    assert sum(r.beban_menit for r in rows) == 84_000


# beban (minutes/year), ada, JKE -> kebutuhan (to 4 places), rounded, selisih, EJ, PJ kode
CASES = [
    # 84,000 / 75,000 = 1.12 -> 1; two people: +1; EJ 84,000 / 150,000 = 0.56 -> D Sedang
    (84_000, 2, JKE, "1.1200", 1, 1, "0.56", "D"),
    # exactly two people of work, one present: -1; EJ 2.00 -> A
    (150_000, 1, JKE, "2.0000", 2, -1, "2.00", "A"),
    # 1.5 rounds half up to 2; EJ 112,500 / 150,000 = 0.75 -> C
    (112_500, 2, JKE, "1.5000", 2, 0, "0.75", "C"),
    # 1.45 rounds down to 1 (rounded once per position, not per task)
    (108_750, 1, JKE, "1.4500", 1, 0, "1.45", "A"),
    # EJ exactly 1.00 is Baik: Sangat Baik needs more than 1.00
    (75_000, 1, JKE, "1.0000", 1, 0, "1.00", "B"),
    # 75,374 / 75,000 = 1.004986... -> 1.00 B; 75,375 -> 1.005 -> 1.01 A
    (75_374, 1, JKE, "1.0050", 1, 0, "1.00", "B"),
    (75_375, 1, JKE, "1.0050", 1, 0, "1.01", "A"),
    # 67,499 / 75,000 = 0.89998... -> 0.90 B; 66,749 -> 0.88998... -> 0.89 C
    (67_499, 1, JKE, "0.9000", 1, 0, "0.90", "B"),
    (66_749, 1, JKE, "0.8900", 1, 0, "0.89", "C"),
    # 37,499 -> 0.49998...: need rounds to 0, but EJ rounds to 0.50 D; 37,124 -> 0.49 E
    (37_499, 1, JKE, "0.5000", 0, 1, "0.50", "D"),
    (37_124, 1, JKE, "0.4950", 0, 1, "0.49", "E"),
    # a little work and three people: need 0, +3, EJ 6,000 / 225,000 = 0.0266... -> 0.03 E
    (6_000, 3, JKE, "0.0800", 0, 3, "0.03", "E"),
    # Kabupaten Pati's JKE of 72,000 minutes
    (144_000, 1, 72_000, "2.0000", 2, -1, "2.00", "A"),
]


@pytest.mark.parametrize(("beban", "ada", "jke", "tepat", "bulat", "selisih", "ej", "pj"), CASES)
def test_kebutuhan_selisih_ej_and_pj(beban, ada, jke, tepat, bulat, selisih, ej, pj):
    row = hasil(beban, ada, jke=jke)
    assert row.kebutuhan.quantize(D("0.0001")) == D(tepat)
    assert row.kebutuhan_bulat == bulat
    assert row.selisih == selisih
    assert row.ej == D(ej)
    assert row.pj is not None and row.pj.kode == pj
    assert row.is_kurang == (selisih < 0) and row.is_lebih == (selisih > 0)


def test_kebutuhan_is_exact_before_rounding():
    assert hasil(100_000, 1).kebutuhan == D(100_000) / D(75_000)
    assert hasil(100_000, 1).kebutuhan_bulat == 1


def test_a_position_with_workload_and_nobody_has_no_ej_and_the_whole_need_is_short():
    row = hasil(150_000, 0)
    assert (row.kebutuhan_bulat, row.selisih, row.ej, row.pj) == (2, -2, None, None)


def test_a_position_without_abk_has_no_need_no_gap_and_no_ej():
    row = hasil(0, 3, tugas=0)
    assert (row.punya_abk, row.kebutuhan, row.kebutuhan_bulat) == (False, D(0), 0)
    assert (row.selisih, row.ej, row.pj, row.is_kurang, row.is_lebih) == (
        None,
        None,
        None,
        False,
        False,
    )


# minutes logged, days covered -> minutes a year, need (to 4 places), need rounded
EVIDENCE = [
    (75_000, 365, "75000", "1.0000", 1),
    # 6,000 minutes in 30 days: 6,000 x 365 / 30 = 73,000 a year -> 0.9733 -> 1
    (6_000, 30, "73000", "0.9733", 1),
    # half a year of one person's minutes over 183 days: 37,500 x 365 / 183 = 74,795.08
    (37_500, 183, "74795.0820", "0.9973", 1),
    # 1,080 minutes in 63 days: 6,257.14 a year -> 0.0834 -> 0
    (1_080, 63, "6257.1429", "0.0834", 0),
    (0, 63, "0", "0.0000", 0),
    (500, 0, "0", "0.0000", 0),
]


@pytest.mark.parametrize(("menit", "hari", "setahun", "tepat", "bulat"), EVIDENCE)
def test_evidence_is_scaled_to_a_year_by_the_days_covered(menit, hari, setahun, tepat, bulat):
    row = hasil(150_000, 2, bukti=menit, hari=hari)
    assert row.bukti_menit == menit
    assert row.bukti_menit_setahun.quantize(D("0.0001")) == D(setahun).quantize(D("0.0001"))
    assert row.kebutuhan_bukti.quantize(D("0.0001")) == D(tepat)
    assert row.kebutuhan_bukti_bulat == bulat


def test_evidence_is_kept_for_a_position_without_abk():
    row = hasil(0, 1, tugas=0, bukti=75_000, hari=365)
    assert (row.kebutuhan_bukti, row.kebutuhan_bukti_bulat) == (D(1), 1)


@given(st.integers(0, 10**7), st.integers(1, 365))
def test_annualise_never_shrinks_less_than_a_year(menit, hari):
    assert annualise(menit, hari) >= menit


def test_opd_totals_net_shortages_and_surpluses_apart():
    rows = [
        hasil(150_000, 2),  # need 2, ada 2: 0
        hasil(150_000, 1),  # need 2, ada 1: -1
        hasil(112_500, 0),  # need 2, ada 0: -2
        hasil(6_000, 1),  # need 0, ada 1: +1
        hasil(0, 4, tugas=0),  # no ABK: its 4 people are shown apart
    ]
    total = opd_total(9, rows, jke=JKE, bands=PITA_BAWAAN, hari_cakupan=90)
    assert (total.jabatan_total, total.jabatan_abk) == (5, 4)
    assert (total.kebutuhan_bulat, total.ada, total.ada_tanpa_abk) == (6, 4, 4)
    assert (total.kurang, total.lebih, total.selisih) == (3, 1, -2)
    assert total.beban_menit == 418_500
    assert total.kebutuhan == D(418_500) / D(75_000)
    # EJ of the OPD: 418,500 / (4 x 75,000) = 1.395 -> 1.40, A
    assert total.ej == D("1.40") and total.pj is not None and total.pj.kode == "A"
    assert total.cakupan_pendek is False


def test_opd_evidence_counts_only_positions_with_abk():
    rows = [hasil(150_000, 2, bukti=75_000), hasil(0, 1, tugas=0, bukti=75_000)]
    total = opd_total(9, rows, jke=JKE, bands=PITA_BAWAAN, hari_cakupan=40)
    assert (total.bukti_menit, total.kebutuhan_bukti_bulat) == (75_000, 1)
    assert total.cakupan_pendek is True


def test_an_opd_without_abk_has_no_ej():
    total = opd_total(9, [hasil(0, 2, tugas=0)], jke=JKE, bands=PITA_BAWAAN, hari_cakupan=0)
    assert (total.jabatan_abk, total.kebutuhan_bulat, total.ej, total.pj) == (0, 0, None, None)
    assert total.selisih == 0


def test_region_total_adds_the_opds():
    a = opd_total(1, [hasil(150_000, 1)], jke=JKE, bands=PITA_BAWAAN, hari_cakupan=100)
    b = opd_total(2, [hasil(6_000, 2)], jke=JKE, bands=PITA_BAWAAN, hari_cakupan=200)
    total = abk.region_total([a, b], jke=JKE, bands=PITA_BAWAAN)
    assert (total.kebutuhan_bulat, total.ada, total.kurang, total.lebih) == (2, 3, 1, 2)
    assert total.ej == D("0.69") and total.pj is not None and total.pj.kode == "D"
    assert total.hari_cakupan == 200


# ---------------------------------------------------------------------------------------------
# Bands


def test_empty_bands_mean_the_permendagri_defaults():
    assert parse_bands({}) == PITA_BAWAAN
    assert parse_bands(None) == PITA_BAWAAN
    assert [b.kode for b in PITA_BAWAAN] == ["A", "B", "C", "D", "E"]


def test_stored_bands_replace_the_defaults():
    raw = {
        "pita": [
            {"kode": "A", "nama": "Sangat Baik", "minimal": "1.25"},
            {"kode": "B", "nama": "Baik", "minimal": 1},
            {"kode": "C", "nama": "Cukup", "minimal": "0,75"},
            {"kode": "D", "nama": "Kurang", "minimal": 0},
        ]
    }
    bands = parse_bands(raw)
    assert bands[2] == Pita("C", "Cukup", D("0.75"))
    assert [band_of(D(v), bands).kode for v in ("1.30", "1.25", "1.24", "0.75", "0.74", "0")] == [
        "A",
        "A",
        "B",
        "C",
        "D",
        "D",
    ]
    row = position_result(
        JabatanInput(1, 9, 1, 82_500, 1), jke=JKE, bands=bands, hari_cakupan=0
    )  # EJ 1.10
    assert row.pj == Pita("B", "Baik", D("1.00"))


def band(kode="A", nama="Baik", minimal="1"):
    return {"kode": kode, "nama": nama, "minimal": minimal}


BAD_BANDS = [
    ([1, 2], "Pita prestasi jabatan harus berupa objek dengan daftar 'pita' di dalamnya."),
    ({"pita": "A"}, "Pita prestasi jabatan harus berupa objek dengan daftar 'pita' di dalamnya."),
    ({"pita": [band(minimal="0")]}, "Daftar pita harus berisi 2 sampai 10 pita."),
    (
        {"pita": [band(), "B"]},
        "Pita ke-2 harus berupa objek dengan kode, nama, dan minimal.",
    ),
    (
        {"pita": [band(kode=""), band("B", minimal="0")]},
        "Pita ke-1: kode wajib diisi, paling banyak 3 karakter.",
    ),
    ({"pita": [band(nama=" "), band("B", minimal="0")]}, "Pita ke-1: nama wajib diisi."),
    (
        {"pita": [band(minimal="abc"), band("B", minimal="0")]},
        "Pita ke-1: batas minimal 'abc' bukan angka.",
    ),
    (
        {"pita": [band(minimal=None), band("B", minimal="0")]},
        "Pita ke-1: batas minimal wajib berupa angka.",
    ),
    (
        {"pita": [band(minimal=True), band("B", minimal="0")]},
        "Pita ke-1: batas minimal wajib berupa angka.",
    ),
    (
        {"pita": [band(minimal="1"), band("B", minimal="-1")]},
        "Pita ke-2: batas minimal tidak boleh negatif.",
    ),
    (
        {"pita": [band(minimal="0.905"), band("B", minimal="0")]},
        "Pita ke-1: batas minimal paling banyak dua angka di belakang koma.",
    ),
    (
        {"pita": [band(minimal="0.5"), band("B", minimal="0.9"), band("C", minimal="0")]},
        "Pita harus urut dari batas minimal terbesar ke terkecil: pita ke-2 (0.90) tidak lebih "
        "kecil dari pita sebelumnya (0.50).",
    ),
    (
        {"pita": [band(minimal="1"), band("a", minimal="0")]},
        "Kode pita a ganda.",
    ),
    (
        {"pita": [band(minimal="1"), band("B", minimal="0.5")]},
        "Pita terakhir harus berbatas minimal 0 agar setiap nilai EJ mendapat pita.",
    ),
]


@pytest.mark.parametrize(("raw", "message"), BAD_BANDS)
def test_bad_bands_are_refused_with_a_reason(raw, message):
    with pytest.raises(PitaTidakSah) as caught:
        parse_bands(raw)
    assert message in caught.value.messages


def test_every_problem_of_the_bands_is_reported_at_once():
    with pytest.raises(PitaTidakSah) as caught:
        parse_bands({"pita": [band(kode="", minimal="x"), band("B", nama="", minimal="0")]})
    assert len(caught.value.messages) == 3


def test_a_jke_of_zero_is_refused():
    with pytest.raises(ValueError, match="JKE"):
        hasil(75_000, 1, jke=0)
