"""The example policies in docs/tpp-examples/ parse, and pay a small hand-made month as worked
out by hand in the comments."""

from pathlib import Path

import pytest
import yaml

from ekinerja.allowance.calc import Acting, EmployeeMonth, compute
from ekinerja.allowance.policy import parse_policy, to_document

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "tpp-examples"


def load(name):
    return parse_policy(yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")))


def month(**changes):
    values = {
        "employee_id": 1,
        "status": "PNS",
        "kategori": "umum",
        "kedudukan": "aktif",
        "golongan": "III/c",
        "kode_jabatan": "STAF",
        "kelas_jabatan": 9,
        "hari_kerja": 21,
        "hari_bekerja": 21,
        "hari_hadir": 21,
        "menit_kredit": 6750,
        "target_menit": 6750,
    }
    values.update(changes)
    return EmployeeMonth(**values)


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_example_parses_and_round_trips(name):
    policy = load(name)
    assert len(policy.per_kelas) == 17
    assert parse_policy(to_document(policy)) == policy


# Kepmendagri style, 60/40 on minutes; 21 working days; PPh borne; BPJS 1% of the TPP.
MENIT = [
    # Kelas 9: beban 2.550.000 + prestasi 1.700.000 = 4.250.000, all paid.
    # BPJS 42.500 -> 4.207.500.
    ("full performer", {}, 4_250_000, 4_207_500),
    # Pengelola keuangan (kelas 7 amounts + kondisi kerja 500.000 in full). Capaian 6.075 /
    # 6.750 = 90%; late 15, 40 and 95 min = 0,5 + 1 + 2 = 3,5% -> disiplin 96,5%.
    # Kinerja: (1.080.000 + 720.000) x 90% = 1.620.000.
    # Disiplin: (720.000 + 480.000) x 96,5% = 1.158.000. Kondisi 500.000.
    # Bruto 3.278.000; BPJS 32.780 -> 3.245.220.
    (
        "late",
        {
            "kode_jabatan": "PENGELOLA-KEUANGAN",
            "kelas_jabatan": 7,
            "menit_kredit": 6075,
            "terlambat": (15, 40, 95),
        },
        3_278_000,
        3_245_220,
    ),
    # CPNS kelas 5: 2.250.000 x 80% = 1.800.000; BPJS 18.000 -> 1.782.000.
    ("CPNS", {"status": "CPNS", "kelas_jabatan": 5}, 1_800_000, 1_782_000),
    # Kelas 9, Plt of a kelas 11 seat for 10 of 21 days:
    # beban (2.550.000 x 11 + 3.600.000 x 10) / 21 = 3.050.000;
    # prestasi (1.700.000 x 11 + 2.400.000 x 10) / 21 = 2.033.333,33 -> 2.033.333.
    # Bruto 5.083.333; BPJS 50.833,33 -> 50.833 -> 5.032.500.
    (
        "Plt of a higher seat",
        {"penugasan": (Acting("plt", "KABID", 11, 10),)},
        5_083_333,
        5_032_500,
    ),
    ("guru", {"kategori": "guru"}, 0, 0),
    # Kelas 7 from day 8: 14 of 21 days, target scaled to 4.500 minutes and met.
    # 3.000.000 - 3.000.000 x 7/21 = 2.000.000; BPJS 20.000 -> 1.980.000.
    (
        "joined mid-month",
        {
            "kelas_jabatan": 7,
            "hari_bekerja": 14,
            "hari_hadir": 14,
            "menit_kredit": 4500,
            "target_menit": 4500,
        },
        2_000_000,
        1_980_000,
    ),
]


@pytest.mark.parametrize(("case", "changes", "bruto", "bersih"), MENIT, ids=[r[0] for r in MENIT])
def test_60_40_minutes(case, changes, bruto, bersih):
    result = compute(load("kebijakan-60-40-menit.yaml"), month(**changes))
    assert (result.bruto, result.bersih) == (bruto, bersih)
    assert result.pajak == 0
    assert sum(step.jumlah for step in result.langkah) == result.bersih


# 70/30 on predikat; 20 working days; Toba-style discipline; PPh 21 5% for III, 15% for IV
# of bruto; BPJS 1% of the TPP.
PREDIKAT = [
    # Kelas 9 (1.700.000 + 1.700.000), predikat baik (100%).
    # Bruto 3.400.000; BPJS 34.000; PPh III 170.000 -> 3.196.000.
    ("full performer", {"predikat": "baik"}, 3_400_000, 34_000, 170_000, 3_196_000),
    # Kelas 7 (1.200.000 + 1.200.000): kinerja portions 840.000 each, disiplin 360.000 each.
    # Butuh perbaikan 80%: 2 x 672.000 = 1.344.000.
    # Late 10, 35, 65, 100 min = 0,5 + 1 + 1,25 + 1,5 = 4,25; tidak apel 2 x 2 = 4:
    # disiplin 91,75%: 2 x 330.300 = 660.600.
    # Bruto 2.004.600; BPJS 20.046; PPh III/d 100.230 -> 1.884.324.
    (
        "late",
        {
            "kelas_jabatan": 7,
            "golongan": "III/d",
            "predikat": "butuh_perbaikan",
            "terlambat": (10, 35, 65, 100),
            "lainnya": {"tidak_apel": 2},
        },
        2_004_600,
        20_046,
        100_230,
        1_884_324,
    ),
    # CPNS kelas 5 without a predikat yet (belum dinilai 0%): only the disiplin portions,
    # 2 x 270.000 = 540.000; x 80% = 432.000. BPJS 4.320; PPh III/a 21.600 -> 406.080.
    (
        "CPNS",
        {"status": "CPNS", "kelas_jabatan": 5, "golongan": "III/a", "predikat": ""},
        432_000,
        4_320,
        21_600,
        406_080,
    ),
    # Kelas 9 and Plt of another kelas 9 seat all month: + 20% x 3.400.000 = 680.000.
    # Bruto 4.080.000; BPJS 40.800; PPh IV 612.000 -> 3.427.200.
    (
        "Plt of a same-level seat",
        {
            "golongan": "IV/a",
            "predikat": "sangat_baik",
            "penugasan": (Acting("plt", "SEKRETARIS", 9, 20),),
        },
        4_080_000,
        40_800,
        612_000,
        3_427_200,
    ),
    ("guru", {"kategori": "guru", "predikat": "baik"}, 0, 0, 0, 0),
    # Tenaga kesehatan heading the island Puskesmas from day 6 (15 of 20 days):
    # (1.700.000 + 1.700.000 + 1.000.000 tempat bertugas) x 50% = 2.200.000;
    # pro rata cut 2.200.000 x 5/20 = 550.000 -> 1.650.000.
    # BPJS 16.500; PPh III/c 82.500 -> 1.551.000.
    (
        "tenaga kesehatan joined mid-month",
        {
            "kategori": "tenaga_kesehatan",
            "kode_jabatan": "KAPUS-PULAU",
            "predikat": "baik",
            "hari_bekerja": 15,
            "hari_hadir": 15,
        },
        1_650_000,
        16_500,
        82_500,
        1_551_000,
    ),
]


@pytest.mark.parametrize(
    ("case", "changes", "bruto", "bpjs", "pajak", "bersih"), PREDIKAT, ids=[r[0] for r in PREDIKAT]
)
def test_70_30_predikat(case, changes, bruto, bpjs, pajak, bersih):
    result = compute(
        load("kebijakan-70-30-predikat.yaml"),
        month(**{"hari_kerja": 20, "hari_bekerja": 20, "hari_hadir": 20, **changes}),
    )
    assert (result.bruto, result.bpjs_pegawai, result.pajak, result.bersih) == (
        bruto,
        bpjs,
        pajak,
        bersih,
    )
    assert sum(step.jumlah for step in result.langkah) == result.bersih
