"""policy.parse_policy and to_document: what a valid document reads as, the message for each
kind of mistake (Bahasa Indonesia, naming the key path), and the round trip."""

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ekinerja.allowance.policy import (
    Band,
    Kategori,
    Policy,
    PolicyError,
    Split,
    parse_policy,
    to_document,
)

D = Decimal

MINIMAL = {
    "versi_skema": 1,
    "nama": "Kebijakan minimal",
    "berlaku_mulai": "2026-01-01",
    "besaran": {"per_kelas": {7: {"beban_kerja": 2_000_000}}},
    "komponen": {"beban_kerja": {"kinerja": 60, "disiplin": 40}},
    "kinerja": {"metode": "menit"},
}

FULL = {
    "versi_skema": 1,
    "nama": "Perbup TPP 2026",
    "berlaku_mulai": dt.date(2026, 1, 1),
    "catatan": "Perbup Nomor 1 Tahun 2026",
    "besaran": {
        "per_kelas": {
            1: {"beban_kerja": 1_250_000, "prestasi_kerja": 750_000},
            "7": {"beban_kerja": 2_500_000, "prestasi_kerja": 1_500_000},
        },
        "per_jabatan": {"0123": {"beban_kerja": 3_000_000, "kondisi_kerja": "500000.50"}},
    },
    "komponen": {
        "beban_kerja": {"kinerja": 60, "disiplin": 40},
        "prestasi_kerja": {"kinerja": 70, "disiplin": 30},
        "kondisi_kerja": {},
    },
    "kinerja": {
        "metode": "campuran",
        "menit": {"cara": "ambang", "ambang": 100},
        "predikat": {
            "sangat_baik": 100,
            "baik": 100,
            "butuh_perbaikan": 80,
            "kurang": 60,
            "sangat_kurang": 40,
            "belum_dinilai": 0,
        },
        "bobot": {"menit": 40, "predikat": 60},
    },
    "disiplin": {
        "terlambat": [[1, 0.5], [31, 1], [61, 1.5], [91, 2]],
        "pulang_cepat": [[1, "0,5"], [31, 1], [61, 1.5], [91, 2]],
        "tanpa_presensi_masuk": 2,
        "tanpa_presensi_pulang": 2,
        "tanpa_keterangan": {"per_hari": 4, "penuh_setelah_hari": 22},
        "menit_kumulatif": {"blok": 450, "potongan_per_blok": 3, "maksimal": 57},
        "lainnya": {"tidak_apel": 0.2},
        "maksimal": 100,
    },
    "hukuman_disiplin": {"teguran_lisan": 20, "ptdh_banding": 100},
    "status": {
        "cpns": 80,
        "pppk": 100,
        "kedudukan": {"tugas_belajar": 0, "cltn": 0},
        "cuti_tanpa_tpp": ["besar", "cltn"],
        "pro_rata": True,
        "plt_setingkat": 20,
        "plh": 0,
    },
    "kategori": {"guru": {"dikecualikan": True}, "tenaga_kesehatan": {"persen_besaran": 50}},
    "pajak": {"ditanggung_pemerintah": False, "tarif": {"IV": 15, "III": 5, "III/d": 7.5}},
    "bpjs": {"pemberi_kerja": 4, "pegawai": 1, "batas_dasar": 12_000_000},
}


def with_(base, *changes):
    """A copy of `base` with each (dotted path, value) set; a value of ... removes the key."""
    doc = copy.deepcopy(base)
    for path, value in changes:
        *parents, last = path.split(".")
        node = doc
        for key in parents:
            node = node.setdefault(int(key) if key.isdigit() else key, {})
        key = int(last) if last.isdigit() else last
        if value is ...:
            node.pop(key, None)
        else:
            node[key] = value
    return doc


def errors_of(doc):
    with pytest.raises(PolicyError) as caught:
        parse_policy(doc)
    return caught.value.errors


# --- valid documents ------------------------------------------------------------------------


def test_minimal_document_and_its_defaults():
    policy = parse_policy(MINIMAL)
    assert policy.nama == "Kebijakan minimal"
    assert policy.berlaku_mulai == dt.date(2026, 1, 1)
    assert policy.per_kelas == {7: {"beban_kerja": D(2_000_000)}}
    assert policy.per_jabatan == {}
    assert policy.komponen["beban_kerja"] == Split(D(60), D(40))
    assert policy.kinerja.cara_menit == "proporsional"
    assert policy.disiplin.maksimal == 100
    assert policy.disiplin.terlambat == ()
    assert policy.status.cpns == 100
    assert policy.status.pro_rata is True
    assert policy.pajak.ditanggung_pemerintah is True
    assert policy.bpjs.batas_dasar is None
    assert policy.kategori == {}
    assert policy.hukuman_disiplin == {}


def test_full_document():
    policy = parse_policy(FULL)
    assert isinstance(policy, Policy)
    assert set(policy.per_kelas) == {1, 7}  # "7" as text is kelas 7
    assert policy.per_jabatan["0123"]["kondisi_kerja"] == D("500000.50")
    assert policy.komponen["kondisi_kerja"].tetap == 100
    assert policy.komponen["prestasi_kerja"].tetap == 0
    assert policy.kinerja.predikat["butuh_perbaikan"] == 80
    assert (policy.kinerja.bobot_menit, policy.kinerja.bobot_predikat) == (40, 60)
    assert policy.disiplin.pulang_cepat[0] == Band(D(1), D("0.5"))  # "0,5" with a comma
    assert policy.disiplin.tanpa_keterangan_penuh_setelah == 22
    assert policy.disiplin.maksimal_kumulatif == 57
    assert policy.status.cuti_tanpa_tpp == ("besar", "cltn")
    assert policy.kategori["guru"] == Kategori(dikecualikan=True)
    assert policy.pajak.tarif == {"IV": 15, "III": 5, "III/d": D("7.5")}
    assert policy.bpjs.batas_dasar == 12_000_000


def test_date_with_a_time_is_the_day():
    policy = parse_policy(with_(MINIMAL, ("berlaku_mulai", dt.datetime(2026, 1, 1, 7, 30))))
    assert policy.berlaku_mulai == dt.date(2026, 1, 1)
    assert type(policy.berlaku_mulai) is dt.date


def test_points_document():
    doc = with_(
        MINIMAL,
        (
            "kinerja",
            {
                "metode": "poin",
                "poin": {
                    "tetap": 20,
                    "tabel": [{"masukan": "hari_tidak_hadir", "pita": [[0, 20], [1, 15]]}],
                },
            },
        ),
    )
    policy = parse_policy(doc)
    assert policy.kinerja.poin[0].masukan == "hari_tidak_hadir"
    assert policy.kinerja.poin_tetap == 20


# --- errors ---------------------------------------------------------------------------------

PREDIKAT_OK = FULL["kinerja"]["predikat"]


@pytest.mark.parametrize(
    ("case", "changes", "error"),
    [
        ("unknown top key", [("warna", "biru")], "warna: kunci tidak dikenal"),
        (
            "unknown nested key",
            [("disiplin.terlambatt", [])],
            "disiplin.terlambatt: kunci tidak dikenal",
        ),
        (
            "unknown component",
            [("besaran.per_kelas.7.beban", 1)],
            "besaran.per_kelas.7.beban: komponen tidak dikenal (beban_kerja, prestasi_kerja, "
            "kondisi_kerja, tempat_bertugas, kelangkaan_profesi, objektif_lainnya)",
        ),
        (
            "negative amount",
            [("besaran.per_kelas.7.beban_kerja", -1)],
            "besaran.per_kelas.7.beban_kerja: harus angka tidak negatif",
        ),
        (
            "amount not a number",
            [("besaran.per_kelas.7.beban_kerja", "dua juta")],
            "besaran.per_kelas.7.beban_kerja: 'dua juta' bukan angka",
        ),
        (
            "yes is not a number",
            [("besaran.per_kelas.7.beban_kerja", True)],
            "besaran.per_kelas.7.beban_kerja: harus berupa angka",
        ),
        (
            "percent over 100",
            [("komponen.beban_kerja.kinerja", 101)],
            "komponen.beban_kerja.kinerja: paling besar 100",
        ),
        ("status percent over 100", [("status.cpns", 120)], "status.cpns: paling besar 100"),
        (
            "kinerja + disiplin over 100",
            [("komponen.beban_kerja", {"kinerja": 70, "disiplin": 40})],
            "komponen.beban_kerja: porsi kinerja + disiplin melebihi 100",
        ),
        (
            "amounts without a split",
            [("besaran.per_kelas.7.kondisi_kerja", 500_000)],
            "komponen.kondisi_kerja: komponen punya besaran tetapi porsinya belum diatur",
        ),
        (
            "bands not ascending",
            [("disiplin.terlambat", [[31, 1], [1, 0.5]])],
            "disiplin.terlambat: nilai 'mulai' harus naik dan tidak berulang",
        ),
        (
            "bands repeating a start",
            [("disiplin.pulang_cepat", [[1, 0.5], [1, 1]])],
            "disiplin.pulang_cepat: nilai 'mulai' harus naik dan tidak berulang",
        ),
        (
            "band not a pair",
            [("disiplin.terlambat", [[1, 0.5], [31]])],
            "disiplin.terlambat[2]: harus pasangan [mulai, nilai]",
        ),
        (
            "band value over 100",
            [("disiplin.terlambat", [[1, 150]])],
            "disiplin.terlambat[1].nilai: paling besar 100",
        ),
        (
            "wrong metode",
            [("kinerja.metode", "skp")],
            "kinerja.metode: harus salah satu dari: menit, predikat, campuran, poin",
        ),
        (
            "missing metode",
            [("kinerja.metode", ...)],
            "kinerja.metode: wajib salah satu dari: menit, predikat, campuran, poin",
        ),
        (
            "wrong cara menit",
            [("kinerja.menit", {"cara": "semua"})],
            "kinerja.menit.cara: harus salah satu dari: proporsional, ambang",
        ),
        (
            "predikat without its table",
            [("kinerja.metode", "predikat")],
            "kinerja.predikat: wajib diisi",
        ),
        (
            "predikat table empty",
            [("kinerja", {"metode": "predikat", "predikat": {}})],
            "kinerja.predikat.sangat_baik: wajib diisi",
        ),
        (
            "predikat table missing a row",
            [("kinerja", {"metode": "predikat", "predikat": {"baik": 100}})],
            "kinerja.predikat.kurang: wajib diisi",
        ),
        (
            "campuran weights not 100",
            [
                (
                    "kinerja",
                    {
                        "metode": "campuran",
                        "predikat": PREDIKAT_OK,
                        "bobot": {"menit": 40, "predikat": 50},
                    },
                )
            ],
            "kinerja.bobot: bobot menit + predikat harus 100",
        ),
        (
            "campuran weights empty",
            [("kinerja", {"metode": "campuran", "predikat": PREDIKAT_OK, "bobot": {}})],
            "kinerja.bobot: bobot menit + predikat harus 100",
        ),
        (
            "campuran without weights",
            [("kinerja", {"metode": "campuran", "predikat": PREDIKAT_OK})],
            "kinerja.bobot: wajib diisi",
        ),
        ("poin without its section", [("kinerja.metode", "poin")], "kinerja.poin: wajib diisi"),
        (
            "poin without tables",
            [("kinerja", {"metode": "poin", "poin": {"tetap": 20}})],
            "kinerja.poin.tabel: wajib berisi paling sedikit satu tabel poin",
        ),
        (
            "poin with an empty table list",
            [("kinerja", {"metode": "poin", "poin": {"tabel": []}})],
            "kinerja.poin.tabel: wajib berisi paling sedikit satu tabel poin",
        ),
        (
            "point table reading an unknown measure",
            [
                (
                    "kinerja",
                    {"metode": "poin", "poin": {"tabel": [{"masukan": "umur", "pita": [[0, 1]]}]}},
                )
            ],
            "kinerja.poin.tabel[1].masukan: harus salah satu dari: capaian_menit, "
            "menit_terlambat, menit_pulang_cepat, kali_terlambat, kali_pulang_cepat, "
            "hari_tanpa_keterangan, hari_tidak_hadir",
        ),
        (
            "point table without rows",
            [
                (
                    "kinerja",
                    {"metode": "poin", "poin": {"tabel": [{"masukan": "capaian_menit"}]}},
                )
            ],
            "kinerja.poin.tabel[1].pita: wajib berisi paling sedikit satu baris",
        ),
        (
            "bad date",
            [("berlaku_mulai", "31-01-2026")],
            "berlaku_mulai: wajib tanggal dengan format TTTT-BB-HH",
        ),
        ("impossible date", [("berlaku_mulai", "2026-02-30")], "berlaku_mulai: wajib tanggal"),
        ("missing date", [("berlaku_mulai", ...)], "berlaku_mulai: wajib tanggal"),
        ("wrong versi_skema", [("versi_skema", 2)], "versi_skema: harus 1"),
        ("versi_skema as text", [("versi_skema", "1")], "versi_skema: harus 1"),
        ("versi_skema true", [("versi_skema", True)], "versi_skema: harus 1"),
        ("missing versi_skema", [("versi_skema", ...)], "versi_skema: harus 1"),
        ("missing nama", [("nama", "  ")], "nama: wajib diisi dengan teks"),
        ("missing besaran", [("besaran", ...)], "besaran: wajib diisi"),
        ("empty besaran", [("besaran", {})], "besaran: isi per_kelas atau per_jabatan"),
        (
            "kelas out of range",
            [("besaran.per_kelas.18", {"beban_kerja": 1})],
            "besaran.per_kelas.18: kelas jabatan harus bilangan bulat 1-17",
        ),
        (
            "kelas written twice",
            [("besaran.per_kelas", {7: {"beban_kerja": 1}, "7": {"beban_kerja": 2}})],
            "besaran.per_kelas.7: kelas 7 ditulis lebih dari sekali",
        ),
        (
            "unquoted kode jabatan",
            [("besaran.per_jabatan", {83: {"beban_kerja": 1}})],
            "besaran.per_jabatan.83: kode jabatan harus teks; beri tanda kutip, mis. '0123'",
        ),
        (
            "cumulative blocks without a rate",
            [("disiplin.menit_kumulatif", {"blok": 450})],
            "disiplin.menit_kumulatif.potongan_per_blok: wajib diisi (% per blok)",
        ),
        (
            "cumulative blocks of 0 minutes",
            [("disiplin.menit_kumulatif", {"blok": 0, "potongan_per_blok": 3})],
            "disiplin.menit_kumulatif.blok: paling kecil 1",
        ),
        (
            "days as a fraction",
            [("disiplin.tanpa_keterangan", {"penuh_setelah_hari": 2.5})],
            "disiplin.tanpa_keterangan.penuh_setelah_hari: harus bilangan bulat",
        ),
        (
            "unknown kedudukan",
            [("status.kedudukan", {"aktif": 50})],
            "status.kedudukan.aktif: harus salah satu dari: tugas_belajar, cltn, "
            "diberhentikan_sementara, mpp",
        ),
        (
            "unknown leave kind",
            [("status.cuti_tanpa_tpp", ["besar", "haji"])],
            "status.cuti_tanpa_tpp: harus daftar dari: tahunan, sakit, alasan_penting, "
            "melahirkan, besar, cltn",
        ),
        (
            "pro_rata not a flag",
            [("status.pro_rata", "ya")],
            "status.pro_rata: harus ya (true) atau tidak (false)",
        ),
        (
            "unknown kategori",
            [("kategori", {"dosen": {"dikecualikan": True}})],
            "kategori.dosen: harus salah satu dari: guru, tenaga_kesehatan, umum",
        ),
        (
            "tax for an unknown golongan",
            [("pajak", {"ditanggung_pemerintah": False, "tarif": {"III/A": 5}})],
            "pajak.tarif.III/A: harus golongan ruang (mis. III/a), kelompoknya (III) atau "
            "golongan PPPK (IX)",
        ),
        (
            "tax deducted without rates",
            [("pajak", {"ditanggung_pemerintah": False})],
            "pajak.tarif: wajib diisi bila PPh 21 tidak ditanggung pemerintah",
        ),
        (
            "BPJS cap of 0",
            [("bpjs", {"pegawai": 1, "batas_dasar": 0})],
            "bpjs.batas_dasar: harus lebih dari 0 (hapus kunci ini bila tanpa batas)",
        ),
        (
            "BPJS and tax over 100",
            [
                ("bpjs", {"pegawai": 90}),
                ("pajak", {"ditanggung_pemerintah": False, "tarif": {"IV": 15}}),
            ],
            "bpjs.pegawai: iuran pegawai 90% ditambah tarif PPh 21 tertinggi 15% melebihi 100%",
        ),
        (
            "section not a mapping",
            [("disiplin", [1, 2])],
            "disiplin: harus berupa pemetaan kunci: nilai",
        ),
    ],
)
def test_each_mistake_is_named(case, changes, error):
    errors = errors_of(with_(MINIMAL, *changes))
    assert any(e.startswith(error) for e in errors), (case, errors)


@pytest.mark.parametrize(
    ("case", "changes"),
    [
        # One mistake, one message: no follow-on complaints about the same key.
        ("wrong metode", [("kinerja.metode", "skp")]),
        ("bad band cell", [("disiplin.terlambat", [[1, 0.5], ["x", 1]])]),
        ("missing besaran", [("besaran", ...), ("komponen", {})]),
        ("blok not whole", [("disiplin.menit_kumulatif", {"blok": 1.5, "potongan_per_blok": 3})]),
    ],
)
def test_one_mistake_one_message(case, changes):
    assert len(errors_of(with_(MINIMAL, *changes))) == 1, case


def test_every_error_is_reported_at_once():
    doc = with_(
        MINIMAL,
        ("versi_skema", 2),
        ("warna", "biru"),
        ("berlaku_mulai", "kemarin"),
        ("besaran.per_kelas.7.beban_kerja", -5),
        ("komponen.beban_kerja", {"kinerja": 80, "disiplin": 30}),
        ("kinerja.metode", "skp"),
        ("disiplin.terlambat", [[31, 1], [1, 0.5]]),
        ("status.cpns", 120),
    )
    errors = errors_of(doc)
    assert errors == [
        "warna: kunci tidak dikenal",
        "versi_skema: harus 1",
        "berlaku_mulai: wajib tanggal dengan format TTTT-BB-HH",
        "besaran.per_kelas.7.beban_kerja: harus angka tidak negatif",
        "komponen.beban_kerja: porsi kinerja + disiplin melebihi 100",
        "kinerja.metode: harus salah satu dari: menit, predikat, campuran, poin",
        "disiplin.terlambat: nilai 'mulai' harus naik dan tidak berulang",
        "status.cpns: paling besar 100",
    ]


def test_error_text_joins_every_message():
    with pytest.raises(PolicyError) as caught:
        parse_policy(with_(MINIMAL, ("versi_skema", 2), ("status.cpns", 120)))
    assert str(caught.value) == "versi_skema: harus 1; status.cpns: paling besar 100"


@pytest.mark.parametrize("document", [None, [], "versi_skema: 1", 42])
def test_document_must_be_a_mapping(document):
    assert errors_of(document) == ["dokumen kebijakan harus berupa pemetaan kunci: nilai"]


# --- round trip -----------------------------------------------------------------------------

ODD_NUMBERS = with_(
    MINIMAL,
    ("besaran.per_kelas.7.beban_kerja", "1234567.123456789012345678"),
    ("komponen.beban_kerja", {"kinerja": "33.3333333333333333", "disiplin": 0.1}),
    # Read by no method but still part of the policy: they must survive the round trip.
    ("kinerja", {"metode": "predikat", "predikat": PREDIKAT_OK, "bobot": {"menit": 50}}),
    ("kinerja.poin", {"tetap": 20}),
)


@pytest.mark.parametrize("doc", [MINIMAL, FULL, ODD_NUMBERS], ids=["minimal", "full", "odd"])
def test_round_trip(doc):
    policy = parse_policy(doc)
    written = to_document(policy)
    assert parse_policy(written) == policy
    # The document is stored as JSON (kelas keys become text) and edited as YAML.
    assert parse_policy(json.loads(json.dumps(written))) == policy
    assert parse_policy(yaml.safe_load(yaml.safe_dump(written, sort_keys=False))) == policy


def test_written_numbers_are_plain():
    written = to_document(parse_policy(FULL))
    assert written["besaran"]["per_kelas"][7] == {
        "beban_kerja": 2_500_000,
        "prestasi_kerja": 1_500_000,
    }
    assert written["disiplin"]["terlambat"][0] == [1, 0.5]
    assert written["besaran"]["per_jabatan"]["0123"]["kondisi_kerja"] == 500000.5
    assert to_document(parse_policy(ODD_NUMBERS))["besaran"]["per_kelas"][7] == {
        "beban_kerja": "1234567.123456789012345678"
    }


@settings(max_examples=100, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False),
    st.decimals(min_value=0, max_value=100, places=3, allow_nan=False),
    st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=5),
)
def test_round_trip_keeps_every_number(amount, share, starts):
    rows = [[str(start), str(share)] for start in sorted(set(starts))]
    doc = with_(
        MINIMAL,
        ("besaran.per_kelas.7.beban_kerja", str(amount)),
        ("komponen.beban_kerja", {"kinerja": str(share)}),
        ("disiplin.terlambat", rows),
    )
    policy = parse_policy(doc)
    assert parse_policy(to_document(policy)) == policy
