"""calc.compute, rule by rule, against rupiah worked out by hand.

Unless a row says otherwise the employee sits in kelas 7 (beban kerja Rp 2.000.000 + prestasi
kerja Rp 1.000.000, both split 60% kinerja / 40% disiplin), met the 6.750-minute target and was
never late, so the 60% portions are Rp 1.200.000 + Rp 600.000 = Rp 1.800.000 and the 40%
portions Rp 800.000 + Rp 400.000 = Rp 1.200.000: TPP Rp 3.000.000."""

import copy
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ekinerja.allowance import policy as policy_module
from ekinerja.allowance.calc import (
    Acting,
    EmployeeMonth,
    band_value,
    capaian_menit,
    compute,
    discipline_factor,
    measures,
    performance_factor,
    persen,
    rupiah,
    tax_rate,
)
from ekinerja.allowance.policy import Band, parse_policy

D = Decimal
TARGET = 6750

BASE_DOC = {
    "versi_skema": 1,
    "nama": "Kebijakan uji",
    "berlaku_mulai": "2026-01-01",
    "besaran": {
        "per_kelas": {
            7: {"beban_kerja": 2_000_000, "prestasi_kerja": 1_000_000},
            9: {"beban_kerja": 4_000_000, "prestasi_kerja": 2_000_000},
        },
        "per_jabatan": {"JF-DOKTER": {"beban_kerja": 3_000_000, "kondisi_kerja": 1_000_000}},
    },
    "komponen": {
        "beban_kerja": {"kinerja": 60, "disiplin": 40},
        "prestasi_kerja": {"kinerja": 60, "disiplin": 40},
        "kondisi_kerja": {},
    },
    "kinerja": {"metode": "menit"},
}


def merged(base, patch):
    """`base` with `patch` laid over it; a None in the patch removes the key."""
    result = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def policy(**patch):
    return parse_policy(merged(BASE_DOC, patch))


def month(**changes):
    values = {
        "employee_id": 1,
        "status": "PNS",
        "kategori": "umum",
        "kedudukan": "aktif",
        "golongan": "III/a",
        "kode_jabatan": "STAF-7",
        "kelas_jabatan": 7,
        "hari_kerja": 20,
        "hari_bekerja": 20,
        "hari_hadir": 20,
        "menit_kredit": TARGET,
        "target_menit": TARGET,
    }
    values.update(changes)
    return EmployeeMonth(**values)


def steps_of(result):
    return {step.kode: step.jumlah for step in result.langkah}


def assert_balanced(result):
    assert result.bruto - result.bpjs_pegawai - result.pajak == result.bersih
    assert sum((step.jumlah for step in result.langkah), D(0)) == result.bersih


# --- formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (D(1_234_567), "Rp 1.234.567"),
        (D(0), "Rp 0"),
        (D(999), "Rp 999"),
        (D("999.5"), "Rp 1.000"),  # half up
        (D("1000.49"), "Rp 1.000"),
        (D(-1500), "-Rp 1.500"),
        (D(12_000_000), "Rp 12.000.000"),
    ],
)
def test_rupiah(amount, text):
    assert rupiah(amount) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("92.5"), "92,5%"),
        (D("92.50"), "92,5%"),
        (D(100), "100%"),
        (D(0), "0%"),
        (D("0.2"), "0,2%"),
        (D("0.125"), "0,13%"),  # two decimals, half up
        (D("33.333"), "33,33%"),
    ],
)
def test_persen(value, text):
    assert persen(value) == text


# --- base amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "changes", "bruto", "kode_steps"),
    [
        # 1.200.000 + 800.000 + 600.000 + 400.000
        ("per kelas 7", {}, 3_000_000, {"beban_kerja.kinerja": 1_200_000}),
        # 2 x (1.200.000 + 800.000 + 600.000 + 400.000)
        ("per kelas 9", {"kelas_jabatan": 9}, 6_000_000, {"prestasi_kerja.disiplin": 800_000}),
        # per_jabatan wins over kelas 7: beban 3.000.000 (1.800.000 + 1.200.000) + kondisi
        # 1.000.000 paid in full
        (
            "per jabatan override",
            {"kode_jabatan": "JF-DOKTER"},
            4_000_000,
            {"beban_kerja.kinerja": 1_800_000, "kondisi_kerja.tetap": 1_000_000},
        ),
    ],
)
def test_base_amount(case, changes, bruto, kode_steps):
    result = compute(policy(), month(**changes))
    assert result.bruto == bruto, case
    assert result.besaran == bruto, case
    for kode, jumlah in kode_steps.items():
        assert steps_of(result)[kode] == jumlah, case
    assert_balanced(result)


def test_seat_without_amount_pays_nothing_and_says_why():
    result = compute(policy(), month(kode_jabatan="X", kelas_jabatan=12))
    assert result.bersih == 0
    assert result.langkah == ()
    assert "tidak ada dalam tabel besaran TPP" in result.catatan[0]


# --- components and their splits ------------------------------------------------------------

ALL_SIX = {
    "besaran": {
        "per_jabatan": {
            "SEMUA": {
                "beban_kerja": 1_000_000,
                "prestasi_kerja": 1_000_000,
                "kondisi_kerja": 1_000_000,
                "tempat_bertugas": 1_000_000,
                "kelangkaan_profesi": 1_000_000,
                "objektif_lainnya": 1_000_000,
            }
        }
    },
    "komponen": {
        "beban_kerja": {"kinerja": 60, "disiplin": 40},
        "prestasi_kerja": {"kinerja": 70, "disiplin": 30},
        "kondisi_kerja": {},
        "tempat_bertugas": {"disiplin": 100},
        "kelangkaan_profesi": {"kinerja": 50},
        "objektif_lainnya": {"kinerja": 60, "disiplin": 40},
    },
    "disiplin": {"tanpa_keterangan": {"per_hari": 5}},
}


def test_six_components_and_their_splits():
    # Kinerja 80% (5.400 of 6.750 minutes), disiplin 90% (2 days TK x 5%).
    result = compute(
        policy(**ALL_SIX), month(kode_jabatan="SEMUA", menit_kredit=5400, hari_tanpa_keterangan=2)
    )
    assert (result.kinerja_persen, result.disiplin_persen) == (80, 90)
    assert steps_of(result) == {
        "beban_kerja.kinerja": 480_000,  # 1.000.000 x 60% = 600.000 x 80%
        "beban_kerja.disiplin": 360_000,  # 1.000.000 x 40% = 400.000 x 90%
        "prestasi_kerja.kinerja": 560_000,  # 700.000 x 80%
        "prestasi_kerja.disiplin": 270_000,  # 300.000 x 90%
        "kondisi_kerja.tetap": 1_000_000,  # no split: paid in full
        "tempat_bertugas.disiplin": 900_000,  # 1.000.000 x 100% x 90%
        "kelangkaan_profesi.kinerja": 400_000,  # 500.000 x 80%
        "kelangkaan_profesi.tetap": 500_000,  # the other 50% in full
        "objektif_lainnya.kinerja": 480_000,
        "objektif_lainnya.disiplin": 360_000,
    }
    assert result.besaran == 6_000_000
    assert result.bruto == 5_310_000
    assert_balanced(result)


def test_portions_add_up_to_the_amount_exactly():
    # 1.001 split 50/50 is 500,5 + 500,5: rounded on the running total it is 501 + 500, so a
    # full performer gets exactly Rp 1.001 and never a rupiah more than the TPP.
    doc = {
        "besaran": {"per_kelas": {7: {"beban_kerja": 1001, "prestasi_kerja": None}}},
        "komponen": {"beban_kerja": {"kinerja": 50, "disiplin": 50}},
    }
    result = compute(policy(**doc), month())
    assert steps_of(result) == {"beban_kerja.kinerja": 501, "beban_kerja.disiplin": 500}
    assert result.bruto == result.besaran == 1001


def test_each_step_rounds_half_up():
    # Beban 1.234.567 only; capaian 5.550/6.000 = 92,5%.
    # Portions: 1.234.567 x 60% = 740.740,2 -> 740.740; the rest 493.827.
    # Kinerja 740.740 x 92,5% = 685.184,5 -> 685.185. Disiplin 493.827.
    # Sum 1.179.012; CPNS 80%: cut 235.802,4 -> 235.802 -> 943.210.
    # BPJS 1%: 9.432,1 -> 9.432. PPh 5% of 943.210 = 47.160,5 -> 47.161 (half up).
    # Bersih 943.210 - 9.432 - 47.161 = 886.617.
    doc = {
        "besaran": {"per_kelas": {7: {"beban_kerja": 1_234_567, "prestasi_kerja": None}}},
        "status": {"cpns": 80},
        "bpjs": {"pegawai": 1},
        "pajak": {"ditanggung_pemerintah": False, "tarif": {"III": 5}},
    }
    result = compute(policy(**doc), month(status="CPNS", menit_kredit=5550, target_menit=6000))
    assert steps_of(result) == {
        "beban_kerja.kinerja": 685_185,
        "beban_kerja.disiplin": 493_827,
        "status": -235_802,
        "bpjs_pegawai": -9_432,
        "pajak": -47_161,
    }
    assert (result.bruto, result.bersih) == (943_210, 886_617)
    assert_balanced(result)


# --- performance factor ---------------------------------------------------------------------

PREDIKAT_TABLE = {
    "sangat_baik": 100,
    "baik": 100,
    "butuh_perbaikan": 80,
    "kurang": 60,
    "sangat_kurang": 40,
    "belum_dinilai": 0,
}


@pytest.mark.parametrize(
    ("case", "kinerja", "changes", "factor", "bruto"),
    [
        # bruto = 1.800.000 x factor + 1.200.000 (discipline full)
        ("proporsional 80%", {}, {"menit_kredit": 5400}, 80, 2_640_000),
        ("proporsional capped at 100", {}, {"menit_kredit": 8000}, 100, 3_000_000),
        ("proporsional nothing done", {}, {"menit_kredit": 0}, 0, 1_200_000),
        # 3.376 / 6.750 = 50,0148 -> 50,01%; 1.800.000 x 50,01% = 900.180
        ("proporsional two decimals", {}, {"menit_kredit": 3376}, D("50.01"), 2_100_180),
        ("no target counts as met", {}, {"menit_kredit": 0, "target_menit": 0}, 100, 3_000_000),
        (
            "ambang 100 missed by a minute",
            {"menit": {"cara": "ambang", "ambang": 100}},
            {"menit_kredit": 6749},
            0,
            1_200_000,
        ),
        (
            "ambang 100 met",
            {"menit": {"cara": "ambang", "ambang": 100}},
            {},
            100,
            3_000_000,
        ),
        (
            "ambang 80 met exactly",
            {"menit": {"cara": "ambang", "ambang": 80}},
            {"menit_kredit": 5400},
            100,
            3_000_000,
        ),
        (
            "predikat butuh perbaikan",
            {"metode": "predikat", "predikat": PREDIKAT_TABLE},
            {"predikat": "butuh_perbaikan"},
            80,
            2_640_000,
        ),
        (
            "predikat kurang",  # 1.800.000 x 60% = 1.080.000
            {"metode": "predikat", "predikat": PREDIKAT_TABLE},
            {"predikat": "kurang"},
            60,
            2_280_000,
        ),
        (
            "predikat sangat baik",
            {"metode": "predikat", "predikat": PREDIKAT_TABLE},
            {"predikat": "sangat_baik", "menit_kredit": 0},
            100,
            3_000_000,
        ),
        (
            "predikat belum dinilai",
            {"metode": "predikat", "predikat": PREDIKAT_TABLE},
            {"predikat": ""},
            0,
            1_200_000,
        ),
        (
            "belum dinilai paid at 50",
            {"metode": "predikat", "predikat": {**PREDIKAT_TABLE, "belum_dinilai": 50}},
            {"predikat": ""},
            50,
            2_100_000,
        ),
        (
            # 40% x 50 (3.375 of 6.750) + 60% x 60 (kurang) = 20 + 36 = 56%;
            # 1.800.000 x 56% = 1.008.000
            "campuran 40/60",
            {
                "metode": "campuran",
                "predikat": PREDIKAT_TABLE,
                "bobot": {"menit": 40, "predikat": 60},
            },
            {"menit_kredit": 3375, "predikat": "kurang"},
            56,
            2_208_000,
        ),
    ],
)
def test_performance_factor(case, kinerja, changes, factor, bruto):
    result = compute(policy(kinerja=kinerja), month(**changes))
    assert result.kinerja_persen == factor, case
    assert result.bruto == bruto, case
    assert_balanced(result)


def test_unknown_predikat_is_named_not_hidden():
    value, details = performance_factor(
        policy(kinerja={"metode": "predikat", "predikat": PREDIKAT_TABLE}),
        month(predikat="luar_biasa"),
    )
    assert value == 0
    assert "luar_biasa" in details[-1].uraian


# Tapanuli Tengah (domain.md 3.5): TPP = besaran x points%, so the whole TPP is the kinerja
# share and there is no separate discipline part.
TAPANULI = {
    "komponen": {
        "beban_kerja": {"kinerja": 100, "disiplin": 0},
        "prestasi_kerja": {"kinerja": 100, "disiplin": 0},
    },
    "kinerja": {
        "metode": "poin",
        "poin": {
            "tetap": 20,  # hukuman disiplin: always given
            "tabel": [
                {
                    "masukan": "capaian_menit",
                    "pita": [[0, 10], [50.01, 20], [60.01, 25], [70.01, 30], [80.01, 35]],
                },
                {
                    "masukan": "menit_terlambat",
                    "pita": [[0, 10], [31, 8], [121, 6], [241, 4], [451, 2]],
                },
                {
                    "masukan": "menit_pulang_cepat",
                    "pita": [[0, 10], [31, 8], [121, 6], [241, 4], [451, 2]],
                },
                {"masukan": "hari_tidak_hadir", "pita": [[0, 20], [1, 15], [2, 10], [3, 5]]},
            ],
        },
    },
}


@pytest.mark.parametrize(
    ("case", "changes", "points"),
    [
        # 35 + 10 + 10 + 20 + 20 = 95 (the SKP-submission day, 5 points, is not an input)
        ("everything best", {}, 95),
        # capaian 80,00 -> 30; late 20 + 40 = 60 min -> 8; early 130 + 130 = 260 -> 4;
        # 1 day absent -> 15; fixed 20: 77
        (
            "middling",
            {
                "menit_kredit": 5400,
                "terlambat": (20, 40),
                "pulang_cepat": (130, 130),
                "hari_hadir": 19,
            },
            77,
        ),
        # capaian 50,01 -> 20; 30 min late -> 10; 31 min early -> 8; 2 days absent -> 10: 68
        (
            "band edges",
            {"menit_kredit": 3376, "terlambat": (30,), "pulang_cepat": (31,), "hari_hadir": 18},
            68,
        ),
        # capaian 50 -> 10; 500 min late -> 2; 5 days absent -> 5; fixed 20: 10+2+10+5+20 = 47
        (
            "worst",
            {"menit_kredit": 3375, "terlambat": (250, 250), "hari_hadir": 15},
            47,
        ),
    ],
)
def test_points_tapanuli_tengah(case, changes, points):
    result = compute(policy(**TAPANULI), month(**changes))
    assert result.kinerja_persen == points, case
    assert result.bruto == 3_000_000 * points // 100, case
    assert_balanced(result)


def test_points_never_exceed_100():
    doc = merged(TAPANULI, {"kinerja": {"poin": {"tetap": 90}}})
    value, _ = performance_factor(policy(**doc), month())
    assert value == 100  # 90 + 75 capped


def test_points_can_count_occurrences():
    # The Tapanuli code counts late occurrences, not minutes: 3 times -> band [2, 6].
    doc = {
        "komponen": TAPANULI["komponen"],
        "kinerja": {
            "metode": "poin",
            "poin": {"tabel": [{"masukan": "kali_terlambat", "pita": [[0, 10], [1, 8], [2, 6]]}]},
        },
    }
    value, details = performance_factor(policy(**doc), month(terlambat=(5, 0, 10, 200)))
    assert value == 6
    assert details[0].uraian == "kali terlambat = 3"


def test_measures():
    measured = measures(
        month(
            menit_kredit=1,
            target_menit=800,
            terlambat=(10, 0, 25),
            pulang_cepat=(7,),
            hari_tanpa_keterangan=2,
            hari_bekerja=15,
            hari_hadir=12,
        )
    )
    assert measured == {
        "capaian_menit": D("0.13"),  # 0,125 half up
        "menit_terlambat": 35,
        "menit_pulang_cepat": 7,
        "kali_terlambat": 2,
        "kali_pulang_cepat": 1,
        "hari_tanpa_keterangan": 2,
        "hari_tidak_hadir": 3,  # 15 days employed, 12 present
    }


@pytest.mark.parametrize(
    ("credited", "target", "expected"),
    [(6750, 6750, 100), (7000, 6750, 100), (0, 6750, 0), (5400, 6750, 80), (1, 800, D("0.13"))],
)
def test_capaian_menit(credited, target, expected):
    assert capaian_menit(credited, target) == expected


def test_band_value():
    bands = (Band(D(0), D(10)), Band(D(31), D(8)), Band(D(121), D(6)))
    assert [band_value(bands, D(v)) for v in (0, 30, 31, 120, 121, 9999)] == [10, 10, 8, 8, 6, 6]
    assert band_value((Band(D(1), D(5)),), D(0)) == 0  # below every band


# --- discipline -----------------------------------------------------------------------------

CENTRAL = {
    "disiplin": {
        "terlambat": [[1, 0.5], [31, 1], [61, 1.5], [91, 2]],
        "pulang_cepat": [[1, 0.5], [31, 1], [61, 1.5], [91, 2]],
        "tanpa_presensi_masuk": 2,
        "tanpa_presensi_pulang": 2,
        "tanpa_keterangan": {"per_hari": 4},
        "lainnya": {"tidak_apel": 0.2, "tidak_rapat": 1},
    }
}
# perhitungan_tpp_update (domain.md 3.4): TK 3%/day, all after 22 days; 3% per 450 minutes
# of lateness plus early leave, at most 57%.
CUMULATIVE = {
    "disiplin": {
        "tanpa_keterangan": {"per_hari": 3, "penuh_setelah_hari": 22},
        "menit_kumulatif": {"blok": 450, "potongan_per_blok": 3, "maksimal": 57},
        "lainnya": {"tidak_apel": 0.2},
    }
}


@pytest.mark.parametrize(
    ("case", "doc", "changes", "factor", "bruto"),
    [
        # bruto = 1.800.000 kinerja + (800.000 + 400.000) x discipline factor
        ("on time", CENTRAL, {}, 100, 3_000_000),
        # 0,5 + 1 + 1,5 + 2 = 5
        ("one late per TL band", CENTRAL, {"terlambat": (10, 45, 75, 120)}, 95, 2_940_000),
        # 30 -> 0,5; 31 -> 1; 60 -> 1; 61 -> 1,5; 90 -> 1,5; 91 -> 2 = 7,5
        ("TL band edges", CENTRAL, {"terlambat": (30, 31, 60, 61, 90, 91)}, D("92.5"), 2_910_000),
        ("zero minutes is not late", CENTRAL, {"terlambat": (0, 0)}, 100, 3_000_000),
        ("PSW 2 x 0,5", CENTRAL, {"pulang_cepat": (5, 5)}, 99, 2_988_000),
        # 1 x 2 + 2 x 2 = 6
        (
            "no check-in/out",
            CENTRAL,
            {"tanpa_presensi_masuk": 1, "tanpa_presensi_pulang": 2},
            94,
            2_928_000,
        ),
        ("TK 3 days x 4%", CENTRAL, {"hari_tanpa_keterangan": 3}, 88, 2_856_000),
        # 3 x 0,2 + 2 x 1 = 2,6; unknown codes are ignored
        (
            "other items",
            CENTRAL,
            {"lainnya": {"tidak_apel": 3, "tidak_rapat": 2, "tidak_senam": 9}},
            D("97.4"),
            2_968_800,
        ),
        ("TK 22 days x 3% = 66", CUMULATIVE, {"hari_tanpa_keterangan": 22}, 34, 2_208_000),
        ("TK more than 22 days: all", CUMULATIVE, {"hari_tanpa_keterangan": 23}, 0, 1_800_000),
        ("449 minutes: no block", CUMULATIVE, {"terlambat": (400, 49)}, 100, 3_000_000),
        (
            "450 minutes: one block",
            CUMULATIVE,
            {"terlambat": (400,), "pulang_cepat": (50,)},
            97,
            2_964_000,
        ),
        ("1.349 minutes: two blocks", CUMULATIVE, {"terlambat": (1349,)}, 94, 2_928_000),
        # 20 blocks x 3 = 60, capped at 57
        ("blocks capped at 57", CUMULATIVE, {"terlambat": (4500, 4500)}, 43, 2_316_000),
        # blocks 57 + TK 10 x 3 = 30 + apel 0,2: the block cap is only on the blocks
        (
            "block cap is not a total cap",
            CUMULATIVE,
            {"terlambat": (9000,), "hari_tanpa_keterangan": 10, "lainnya": {"tidak_apel": 1}},
            D("12.8"),
            1_953_600,
        ),
        # 5 x 4 = 20, capped at 10
        (
            "maksimal caps the total",
            merged(CENTRAL, {"disiplin": {"maksimal": 10}}),
            {"hari_tanpa_keterangan": 5},
            90,
            2_880_000,
        ),
        # "more than N days" takes everything even under a lower cap
        (
            "absence beyond the limit ignores maksimal",
            merged(CUMULATIVE, {"disiplin": {"maksimal": 50}}),
            {"hari_tanpa_keterangan": 23},
            0,
            1_800_000,
        ),
        ("deductions never below 0%", CENTRAL, {"hari_tanpa_keterangan": 30}, 0, 1_800_000),
    ],
)
def test_discipline_factor(case, doc, changes, factor, bruto):
    pol = policy(**doc)
    value, _ = discipline_factor(pol, month(**changes))
    assert value == factor, case
    result = compute(pol, month(**changes))
    assert result.bruto == bruto, case
    assert_balanced(result)


def test_discipline_details_explain_each_deduction():
    _, details = discipline_factor(
        policy(**CENTRAL), month(terlambat=(10, 20, 45), lainnya={"tidak_apel": 2})
    )
    assert [(f.uraian, f.nilai) for f in details] == [
        ("Terlambat 1 menit ke atas: 2 kali x 0,5%", 1),
        ("Terlambat 31 menit ke atas: 1 kali x 1%", 1),
        ("Tidak apel: 2 kali x 0,2%", D("0.4")),
    ]


# --- hukuman disiplin -----------------------------------------------------------------------

HUKUMAN = {
    "hukuman_disiplin": {
        "teguran_lisan": 20,
        "teguran_tertulis": 30,
        "pernyataan_tidak_puas": 40,
        "ptdh_banding": 100,
    }
}


@pytest.mark.parametrize(
    ("case", "hukuman", "bruto", "noted"),
    [
        ("none", (), 3_000_000, False),
        ("teguran lisan 20%", ("teguran_lisan",), 2_400_000, False),  # cut 600.000
        # largest wins: 40% of 3.000.000 = 1.200.000, not 20% + 40%
        ("largest wins", ("teguran_lisan", "pernyataan_tidak_puas"), 1_800_000, False),
        ("PTDH under appeal", ("ptdh_banding",), 0, False),
        ("unknown code: noted, no cut", ("hukuman_baru",), 3_000_000, True),
        ("unknown next to a known one", ("hukuman_baru", "teguran_tertulis"), 2_100_000, True),
    ],
)
def test_hukuman_disiplin(case, hukuman, bruto, noted):
    result = compute(policy(**HUKUMAN), month(hukuman=hukuman))
    assert result.bruto == bruto, case
    assert any("hukuman_baru" in note for note in result.catatan) == noted, case
    assert_balanced(result)


# --- statuses, pro rata, Plt/Plh, kategori --------------------------------------------------

STATUS = {
    "status": {
        "cpns": 80,
        "pppk": 90,
        "kedudukan": {"tugas_belajar": 50, "cltn": 0},
        "cuti_tanpa_tpp": ["besar", "cltn"],
        "plt_setingkat": 20,
        "plh": 10,
    },
    "besaran": {"per_jabatan": {"KABID-X": {"beban_kerja": 8_000_000}}},
    "kategori": {
        "guru": {"dikecualikan": True},
        "tenaga_kesehatan": {"persen_besaran": 50},
    },
}


def plt(kelas, hari, jenis="plt", kode="SEAT"):
    return Acting(jenis=jenis, kode_jabatan=kode, kelas_jabatan=kelas, hari=hari)


@pytest.mark.parametrize(
    ("case", "changes", "bruto"),
    [
        ("PNS", {}, 3_000_000),
        ("CPNS 80%", {"status": "CPNS"}, 2_400_000),  # cut 600.000
        ("PPPK 90%", {"status": "PPPK"}, 2_700_000),
        ("tugas belajar 50%", {"kedudukan": "tugas_belajar"}, 1_500_000),
        ("cltn 0%", {"kedudukan": "cltn"}, 0),
        # 3.000.000 x 80% = 2.400.000, then x 50% = 1.200.000
        ("CPNS on tugas belajar", {"status": "CPNS", "kedudukan": "tugas_belajar"}, 1_200_000),
        ("kedudukan not regulated", {"kedudukan": "mpp"}, 3_000_000),
        # 5 of 20 days cuti besar unpaid: cut 3.000.000 x 5/20 = 750.000; cuti tahunan paid
        ("cuti besar unpaid", {"cuti_hari": {"besar": 5, "tahunan": 3}}, 2_250_000),
        # joined on day 9: 12 of 20 days: cut 3.000.000 x 8/20 = 1.200.000
        ("joined mid-month", {"hari_bekerja": 12, "hari_hadir": 12}, 1_800_000),
        # 20 of 21 days: cut 3.000.000 / 21 = 142.857,14 -> 142.857
        (
            "pro rata rounds half up",
            {"hari_kerja": 21, "hari_bekerja": 20, "hari_hadir": 20},
            2_857_143,
        ),
        # 12 days employed, 2 of them cuti besar: 10 of 20 paid
        (
            "mid-month and unpaid leave",
            {"hari_bekerja": 12, "hari_hadir": 10, "cuti_hari": {"besar": 2}},
            1_500_000,
        ),
        ("no working days", {"hari_kerja": 0, "hari_bekerja": 0}, 3_000_000),
        # Plt of a kelas 7 seat for 10 of 20 days: + 20% x 3.000.000 x 10/20 = 300.000
        ("Plt same level", {"penugasan": (plt(7, 10),)}, 3_300_000),
        # Plt of kelas 9 for 10 days: 3.000.000 x 10/20 + 6.000.000 x 10/20
        ("Plt higher level", {"penugasan": (plt(9, 10),)}, 4_500_000),
        ("Plt higher all month", {"penugasan": (plt(9, 20),)}, 6_000_000),
        # Two higher seats of 5 days each: 3.000.000 x 10/20 + 2 x 6.000.000 x 5/20
        (
            "two higher Plt seats",
            {"penugasan": (plt(9, 5, kode="A"), plt(9, 5, kode="B"))},
            4_500_000,
        ),
        # Higher seat 10 days + same-level seat all month: 1.500.000 + 3.000.000 + 600.000
        (
            "higher and same-level Plt",
            {"penugasan": (plt(7, 20, kode="A"), plt(9, 10, kode="B"))},
            5_100_000,
        ),
        # Plh of kelas 9 all month: + 10% x 6.000.000
        ("Plh 10%", {"penugasan": (plt(9, 20, jenis="plh"),)}, 3_600_000),
        # A seat by code only (kelas unknown) is higher when its TPP is larger: KABID-X
        # (8.000.000 beban kerja) for 5 days: 3.000.000 x 15/20 + 8.000.000 x 5/20
        (
            "Plt of a per-jabatan seat",
            {"penugasan": (Acting("plt", "KABID-X", None, 5),)},
            4_250_000,
        ),
        ("Plt seat not in the table", {"penugasan": (plt(None, 10, kode="?"),)}, 3_000_000),
        ("guru excluded", {"kategori": "guru"}, 0),
        ("tenaga kesehatan 50%", {"kategori": "tenaga_kesehatan"}, 1_500_000),
        # The kategori % is the person's: it applies to the acting seat too (6.000.000 x 50%)
        (
            "tenaga kesehatan as Plt higher",
            {"kategori": "tenaga_kesehatan", "penugasan": (plt(9, 20),)},
            3_000_000,
        ),
    ],
)
def test_status_and_seats(case, changes, bruto):
    result = compute(policy(**STATUS), month(**changes))
    assert result.bruto == bruto, case
    assert_balanced(result)


def test_plh_without_rate_adds_nothing():
    result = compute(policy(), month(penugasan=(plt(9, 20, jenis="plh"),)))
    assert result.bruto == 3_000_000


def test_excluded_kategori_explains():
    result = compute(policy(**STATUS), month(kategori="guru"))
    assert result.langkah == ()
    assert result.catatan == ("Kategori guru tidak menerima TPP menurut kebijakan ini.",)


def test_plt_step_says_how_the_base_was_reached():
    result = compute(policy(**STATUS), month(penugasan=(plt(9, 10, kode="KASUBAG"),)))
    rumus = result.langkah[0].rumus
    assert rumus == (
        "Rp 2.000.000 x 10/20 hari + Rp 4.000.000 x 10/20 hari (Plt jabatan lebih tinggi "
        "KASUBAG) x porsi 60% = Rp 1.800.000 x nilai kinerja 100%"
    )


def test_pro_rata_step():
    result = compute(policy(**STATUS), month(hari_bekerja=14, cuti_hari={"besar": 2}))
    step = result.langkah[-1]
    # 12 of 20 days: cut 3.000.000 x 8/20 = 1.200.000
    assert (step.kode, step.jumlah) == ("pro_rata", -1_200_000)
    assert step.rumus == (
        "Rp 3.000.000 x 8/20; 12 dari 20 hari kerja dibayar (cuti tanpa TPP: besar 2 hari)"
    )


# --- tax and BPJS ---------------------------------------------------------------------------

TAX = {"pajak": {"ditanggung_pemerintah": False, "tarif": {"IV": 15, "III": 5, "III/d": 7.5}}}


@pytest.mark.parametrize(
    ("golongan", "rate", "pajak"),
    [
        ("III/a", 5, 150_000),  # ruang group III: 3.000.000 x 5%
        ("III/d", D("7.5"), 225_000),  # the exact golongan wins over its group
        ("IV/b", 15, 450_000),
        ("II/c", 0, 0),
        ("IX", 0, 0),  # a PPPK golongan with no rate
        ("", 0, 0),
    ],
)
def test_tax_per_golongan(golongan, rate, pajak):
    pol = policy(**TAX)
    assert tax_rate(pol, golongan) == rate
    result = compute(pol, month(golongan=golongan))
    assert (result.pajak, result.bersih) == (pajak, 3_000_000 - pajak)
    assert_balanced(result)


def test_tax_borne_by_government():
    result = compute(policy(pajak={"ditanggung_pemerintah": True, "tarif": {"IV": 15}}), month())
    assert (result.pajak, result.bersih) == (0, 3_000_000)
    assert "PPh 21 atas TPP ditanggung pemerintah daerah." in result.catatan


@pytest.mark.parametrize(
    ("case", "bpjs", "changes", "pegawai", "pemberi"),
    [
        # 3.000.000 x 1% and x 4%
        ("no cap", {"pegawai": 1, "pemberi_kerja": 4}, {}, 30_000, 120_000),
        (
            "under the cap",
            {"pegawai": 1, "pemberi_kerja": 4, "batas_dasar": 12_000_000},
            {},
            30_000,
            120_000,
        ),
        # 20.000.000 capped at 12.000.000: x 1% = 120.000, x 4% = 480.000
        (
            "over the cap",
            {"pegawai": 1, "pemberi_kerja": 4, "batas_dasar": 12_000_000},
            {"kode_jabatan": "SEKDA"},
            120_000,
            480_000,
        ),
        ("none", {}, {}, 0, 0),
    ],
)
def test_bpjs(case, bpjs, changes, pegawai, pemberi):
    doc = {
        "bpjs": bpjs,
        "besaran": {"per_jabatan": {"SEKDA": {"kondisi_kerja": 20_000_000}}},
    }
    result = compute(policy(**doc), month(**changes))
    assert (result.bpjs_pegawai, result.bpjs_pemberi_kerja) == (pegawai, pemberi), case
    assert result.bersih == result.bruto - pegawai, case
    assert_balanced(result)
    if pemberi:
        assert any("dibayar pemerintah daerah" in note for note in result.catatan)


def test_bpjs_and_tax_both_come_off_bruto():
    # 3.000.000 - 1% BPJS (30.000) - 5% PPh of bruto (150.000) = 2.820.000
    doc = {"bpjs": {"pegawai": 1, "pemberi_kerja": 4}, **TAX}
    result = compute(policy(**doc), month())
    assert (result.bpjs_pegawai, result.pajak, result.bersih) == (30_000, 150_000, 2_820_000)
    assert [s.kode for s in result.langkah][-2:] == ["bpjs_pegawai", "pajak"]
    assert_balanced(result)


def test_as_dict_keeps_exact_decimals():
    data = compute(policy(**TAX), month()).as_dict()
    assert data["bersih"] == "2850000"
    assert data["langkah"][0]["jumlah"] == "1200000"


# --- properties -----------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=50_000_000)
percents = st.integers(min_value=0, max_value=100)
minutes = st.lists(st.integers(min_value=0, max_value=600), max_size=23)


@st.composite
def policies(draw, *, metode="menit", tax=None):
    kinerja = draw(percents)
    disiplin = draw(st.integers(min_value=0, max_value=100 - kinerja))
    borne = draw(st.booleans()) if tax is None else tax
    doc = {
        "versi_skema": 1,
        "nama": "acak",
        "berlaku_mulai": "2026-01-01",
        "besaran": {
            "per_kelas": {
                7: {"beban_kerja": draw(amounts), "kondisi_kerja": draw(amounts)},
                9: {"beban_kerja": draw(amounts), "kondisi_kerja": draw(amounts)},
            }
        },
        "komponen": {
            "beban_kerja": {"kinerja": kinerja, "disiplin": disiplin},
            "kondisi_kerja": {"disiplin": draw(percents)},
        },
        "kinerja": {"metode": metode},
        "disiplin": {
            "terlambat": [[1, 0.5], [31, 1], [61, 1.5], [91, 2]],
            "pulang_cepat": [[1, 0.5], [31, 1.25], [61, 1.5]],
            "tanpa_keterangan": {"per_hari": draw(st.integers(0, 10)), "penuh_setelah_hari": 10},
            "menit_kumulatif": {"blok": 450, "potongan_per_blok": 3, "maksimal": 57},
            "maksimal": draw(st.integers(1, 100)),
        },
        "hukuman_disiplin": {"ringan": 20, "berat": 80},
        "status": {
            "cpns": draw(percents),
            "kedudukan": {"tugas_belajar": draw(percents)},
            "cuti_tanpa_tpp": ["besar"],
            "plt_setingkat": draw(percents),
        },
        "kategori": {"tenaga_kesehatan": {"persen_besaran": draw(percents)}},
        "pajak": {"ditanggung_pemerintah": borne, "tarif": {"IV": 15, "III": 5}},
        "bpjs": {"pegawai": draw(st.integers(0, 5)), "pemberi_kerja": 4, "batas_dasar": 12_000_000},
    }
    return parse_policy(doc)


@st.composite
def months(draw):
    hari_kerja = draw(st.integers(0, 23))
    hari_bekerja = draw(st.integers(0, hari_kerja))
    return month(
        status=draw(st.sampled_from(["PNS", "CPNS", "PPPK"])),
        kategori=draw(st.sampled_from(["umum", "tenaga_kesehatan"])),
        kedudukan=draw(st.sampled_from(["aktif", "tugas_belajar"])),
        golongan=draw(st.sampled_from(["III/a", "IV/c", "II/b"])),
        kelas_jabatan=draw(st.sampled_from([7, 9])),
        hari_kerja=hari_kerja,
        hari_bekerja=hari_bekerja,
        hari_hadir=draw(st.integers(0, hari_bekerja)),
        menit_kredit=draw(st.integers(0, 9000)),
        terlambat=tuple(draw(minutes)),
        pulang_cepat=tuple(draw(minutes)),
        tanpa_presensi_masuk=draw(st.integers(0, 5)),
        hari_tanpa_keterangan=draw(st.integers(0, 12)),
        cuti_hari={"besar": draw(st.integers(0, 5))},
        hukuman=tuple(draw(st.lists(st.sampled_from(["ringan", "berat", "lain"]), max_size=2))),
        penugasan=tuple(
            draw(
                st.lists(
                    st.builds(
                        Acting,
                        jenis=st.sampled_from(["plt", "plh"]),
                        kode_jabatan=st.just("SEAT"),
                        kelas_jabatan=st.sampled_from([7, 9]),
                        hari=st.integers(0, 23),
                    ),
                    max_size=2,
                )
            )
        ),
    )


@settings(max_examples=300, deadline=None)
@given(policies(), months())
def test_property_bounds_and_balance(pol, m):
    result = compute(pol, m)
    assert 0 <= result.bersih <= result.bruto <= result.besaran
    assert_balanced(result)


@settings(max_examples=200, deadline=None)
@given(policies(tax=True), months(), st.integers(1, 600), st.data())
def test_property_more_lateness_never_pays_more(pol, m, extra, data):
    # With PPh borne only the BPJS share comes off bruto, and that keeps bersih monotone. A
    # second deduction rounded on its own may move by a rupiah in step with the first.
    index = data.draw(st.integers(0, len(m.terlambat)))
    later = list(m.terlambat)
    if index < len(later):
        later[index] += extra
    else:
        later.append(extra)
    worse = compute(pol, replace(m, terlambat=tuple(later)))
    better = compute(pol, m)
    assert worse.disiplin_persen <= better.disiplin_persen
    assert worse.bruto <= better.bruto
    assert worse.bersih <= better.bersih


@settings(max_examples=200, deadline=None)
@given(policies(tax=True), months(), st.integers(0, 9000), st.integers(0, 9000))
def test_property_higher_capaian_never_pays_less(pol, m, low, high):
    assume(low <= high)
    assert pol.kinerja.cara_menit == "proporsional"
    less = compute(pol, replace(m, menit_kredit=low))
    more = compute(pol, replace(m, menit_kredit=high))
    assert more.kinerja_persen >= less.kinerja_persen
    assert more.bruto >= less.bruto
    assert more.bersih >= less.bersih


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(1, 10_000_001), min_size=1, max_size=6),
    st.lists(st.tuples(percents, percents), min_size=6, max_size=6),
)
def test_property_full_performer_gets_exactly_the_tpp(amounts_, shares):
    # Every factor is 100% and nothing is cut, so each rupiah of besaran is paid once: no
    # portion may round up past the amount it was split from.
    keys = list(policy_module.KOMPONEN)[: len(amounts_)]
    doc = {
        # None drops the base document's own kelas 7 amounts.
        "besaran": {"per_kelas": {7: {key: None for key in policy_module.KOMPONEN}}},
        "komponen": {
            key: {"kinerja": kinerja, "disiplin": min(disiplin, 100 - kinerja)}
            for key, (kinerja, disiplin) in zip(keys, shares, strict=False)
        },
    }
    doc["besaran"]["per_kelas"][7].update(zip(keys, amounts_, strict=False))
    result = compute(policy(**doc), month())
    assert result.bruto == result.besaran == sum(amounts_)
