"""The TPP slip and daftar nominatif: rendered, then read back as text with pdftotext."""

import datetime as dt
import logging
import shutil
import subprocess
import threading
from decimal import Decimal

import pytest

from ekinerja.reports.pdf import PdfError, render_pdf
from ekinerja.reports.testing import flat, pages
from ekinerja.reports.tpp import angka, nominatif_pdf, rupiah, slip_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext and pdfinfo (poppler-utils) are not installed",
)

# Values a person may type that Typst (or a browser) would read as code if pasted into markup.
HOSTILE_NAME = "Ani #set page(width: 1cm) $x$ <script>alert(1)</script>"
HOSTILE_URAIAN = "Potongan *tebal* _miring_ @label [kurung] \\ `kode` #{1+1} = 2"
TIMESTAMP = dt.datetime(2026, 12, 5, 21, 40, tzinfo=dt.UTC)

INSTANSI = {
    "nama": "Pemerintah Kabupaten Sukamaju",
    "nama_daerah": "Kabupaten Sukamaju",
    "alamat": "Jl. Merdeka No. 1, Sukamaju 45111, Telepon (0261) 201234",
}


def slip_data(status="final", **changes):
    data = {
        "instansi": INSTANSI,
        "pegawai": {
            "nama": HOSTILE_NAME,
            "nip": "198503122010012003",
            "golongan": "III/c",
            "jabatan": "Analis Sumber Daya Manusia Aparatur Ahli Muda",
            "kelas_jabatan": 9,
            "unit": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        },
        "periode": "Maret 2026",
        "status": status,
        "ringkasan": {
            "besaran": rupiah(Decimal(6_250_000)),
            "kinerja_persen": "92,5%",
            "disiplin_persen": "97%",
            "bruto": rupiah(Decimal(5_812_500)),
            "bpjs_pegawai": rupiah(Decimal(58_125)),
            "pajak": rupiah(Decimal(290_625)),
            "bersih": rupiah(Decimal(5_463_750)),
        },
        "langkah": [
            {
                "uraian": "Besaran TPP kelas jabatan 9",
                "rumus": "Beban kerja 60% + prestasi kerja 40% dari Rp 6.250.000",
                "jumlah": rupiah(Decimal(6_250_000)),
            },
            {
                "uraian": "Bagian kinerja (60%) dibayar 92,5%",
                "rumus": "Rp 3.750.000 x (100% - 92,5%)",
                "jumlah": rupiah(Decimal(-281_250)),
            },
            {
                "uraian": HOSTILE_URAIAN,
                "rumus": "Rp 2.500.000 x 3%",
                "jumlah": rupiah(Decimal(-75_000)),
            },
            {
                "uraian": "Potongan iuran BPJS Kesehatan (bagian pegawai)",
                "rumus": "Rp 5.812.500 x 1%",
                "jumlah": rupiah(Decimal(-58_125)),
            },
            {
                "uraian": "PPh Pasal 21 golongan III",
                "rumus": "Rp 5.812.500 x 5%",
                "jumlah": rupiah(Decimal(-290_625)),
            },
        ],
        "rincian_kinerja": [
            {"uraian": "Capaian menit kerja efektif: 6.105 dari 6.600 menit", "nilai": "92,5%"},
            {"uraian": "Predikat kinerja Baik", "nilai": "100%"},
        ],
        "rincian_disiplin": [
            {"uraian": "Terlambat masuk TL2 (31-60 menit) 2 kali", "nilai": "2%"},
            {"uraian": "Tidak mengikuti apel pagi 1 kali", "nilai": "1%"},
        ],
        "catatan": [
            "Iuran BPJS Kesehatan bagian pemerintah daerah (4%) Rp 232.500, dibayar pemerintah "
            "daerah.",
            "Catatan dengan $rumus$ dan #tanda.",
        ],
        "dicetak": "5 Desember 2026 21:40",
    }
    data.update(changes)
    return data


def nominatif_data(rows=60, status="final"):
    baris = []
    for i in range(rows):
        baris.append(
            {
                "nama": HOSTILE_NAME if i == 0 else f"Pegawai Nomor {i + 1}, S.Kom., M.Si.",
                "nip": f"19850312201001{i + 1:04d}",
                "golongan": "III/c",
                "jabatan": HOSTILE_URAIAN
                if i == 1
                else "Penata Kelola Sistem dan Teknologi Informasi Ahli Pertama",
                "kelas_jabatan": str(7 + i % 6),
                "besaran": angka(5_000_000 + i * 12_345),
                "kinerja_persen": "92,5%",
                "disiplin_persen": "100%",
                "bruto": angka(4_625_000 + i * 11_419),
                "bpjs_pegawai": angka(46_250 + i * 114),
                "pajak": angka(231_250 + i * 571),
                "bersih": angka(4_347_500 + i * 10_734),
            }
        )
    return {
        "instansi": INSTANSI,
        "opd": {"nama": "Dinas Komunikasi, Informatika, Statistik dan Persandian"},
        "periode": "Maret 2026",
        "status": status,
        "baris": baris,
        "jumlah": {
            "besaran": angka(321_987_654),
            "bruto": angka(298_765_432),
            "bpjs_pegawai": angka(2_987_654),
            "pajak": angka(14_938_271),
            "bersih": angka(280_839_507),
        },
        "penandatangan": {
            "tempat_tanggal": "Sukamaju, 5 Desember 2026",
            "kepala_opd": {
                "jabatan": "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian",
                "nama": "Dr. Hendra Wijaya, S.T., M.T.",
                "nip": "197001011995031001",
            },
            "bendahara": {"jabatan": "Bendahara Pengeluaran", "nama": "", "nip": ""},
        },
        "dicetak": "5 Desember 2026 21:40",
    }


def test_slip_prints_values_literally(caplog):
    with caplog.at_level(logging.WARNING, logger="ekinerja.reports.pdf"):
        pdf = slip_pdf(slip_data())
    assert pdf.startswith(b"%PDF-")
    assert not caplog.records  # no missing fonts or glyphs
    text = pages(pdf)
    assert len(text) == 1
    body = flat(text[0])
    assert HOSTILE_NAME in body
    assert HOSTILE_URAIAN in body
    assert "Catatan dengan $rumus$ dan #tanda." in body
    for expected in [
        "PEMERINTAH KABUPATEN SUKAMAJU",
        "SLIP TAMBAHAN PENGHASILAN PEGAWAI (TPP)",
        "Bulan Maret 2026",
        "198503122010012003",
        "Rp 6.250.000",
        "-Rp 281.250",
        "Rp 5.463.750",
        "Diterima (bersih)",
        "Tidak mengikuti apel pagi 1 kali",
        "Halaman 1 dari 1",
        "Dicetak dari E-Kinerja pada 5 Desember 2026 21:40",
    ]:
        assert expected in body, expected
    assert "DRAF" not in body


def page_sizes(pdf: bytes) -> set[str]:
    result = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", "-"], input=pdf, capture_output=True, check=True
    )
    lines = result.stdout.decode().splitlines()
    return {
        line.split(":", 1)[1].split("pts")[0].strip()
        for line in lines
        if line.startswith("Page") and " size:" in line
    }


def test_markup_in_data_does_not_change_the_page():
    # "#set page(width: 1cm)" in a name would shrink the page if it were read as markup.
    assert page_sizes(slip_pdf(slip_data())) == {"595.276 x 841.89"}
    assert page_sizes(nominatif_pdf(nominatif_data(3))) == {"841.89 x 595.276"}


def test_compilers_are_per_thread():
    results = []
    worker = threading.Thread(target=lambda: results.append(slip_pdf(slip_data())))
    worker.start()
    worker.join()
    assert results and results[0].startswith(b"%PDF-")
    assert slip_pdf(slip_data(), timestamp=TIMESTAMP) == slip_pdf(slip_data(), timestamp=TIMESTAMP)


def test_draft_slip_is_marked():
    body = flat(pages(slip_pdf(slip_data(status="draf")))[0])
    assert "DRAF — perhitungan belum final" in body


def test_slip_signature_block_when_given():
    data = slip_data(
        penandatangan={
            "tempat_tanggal": "Sukamaju, 5 Desember 2026",
            "bendahara": {"jabatan": "Bendahara Pengeluaran", "nama": "Sri Lestari", "nip": "1"},
        }
    )
    body = flat(pages(slip_pdf(data))[0])
    assert "Sukamaju, 5 Desember 2026 Bendahara Pengeluaran" in body
    assert "Sri Lestari NIP. 1" in body


def test_nominatif_of_thirty_takes_two_pages():
    text = pages(nominatif_pdf(nominatif_data(30)))
    assert len(text) == 2
    assert "Halaman 1 dari 2" in flat(text[0]) and "Halaman 2 dari 2" in flat(text[1])


def test_nominatif_runs_over_pages_with_repeated_header(caplog):
    with caplog.at_level(logging.WARNING, logger="ekinerja.reports.pdf"):
        pdf = nominatif_pdf(nominatif_data(60))
    assert not caplog.records
    text = pages(pdf)
    assert len(text) >= 3
    total = len(text)
    first, second, last = flat(text[0]), flat(text[1]), flat(text[-1])
    assert f"Halaman 1 dari {total}" in first and f"Halaman 2 dari {total}" in second
    assert "DAFTAR NOMINATIF PENERIMA TAMBAHAN PENGHASILAN PEGAWAI (TPP)" in first
    assert "DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN" in first
    header = (
        "No Nama / NIP Gol. Jabatan Kelas Besaran TPP % Kinerja % Disiplin TPP Bruto BPJS 1% "
        "PPh 21 Diterima (bersih)"
    )
    assert all(header in flat(page) for page in text)
    # Laid out, the header reads as one row on every page (the last cell wraps onto two lines).
    laid_out = [flat(page) for page in pages(pdf, layout=True)]
    assert all(header.removesuffix(" Diterima (bersih)") in page for page in laid_out)
    # The kop is on the first page only; later pages carry a running header.
    assert "PEMERINTAH KABUPATEN SUKAMAJU" not in second
    assert "Daftar Nominatif Penerima TPP — Dinas Komunikasi" in second
    assert HOSTILE_NAME in first
    assert HOSTILE_URAIAN in first
    everything = flat(" ".join(text))
    for i in range(60):
        assert f"19850312201001{i + 1:04d}" in everything
    assert "5.000.000" in first and angka(4_347_500 + 59 * 10_734) in everything
    assert "Jumlah (60 pegawai)" in last and "280.839.507" in last
    # The signature block stays whole on the last page: both roles, the date and the blanks.
    for expected in ["Mengetahui,", "Sukamaju, 5 Desember 2026", "Bendahara Pengeluaran"]:
        assert expected in last
    assert "Dr. Hendra Wijaya, S.T., M.T." in last and "NIP. 197001011995031001" in last
    assert "( . . ." in last and "NIP. . . ." in last


def test_simulation_list_is_marked_on_every_page():
    text = pages(nominatif_pdf(nominatif_data(60, status="simulasi")))
    # The rotated watermark comes out of pdftotext in pieces.
    assert all("SIMULASI" in "".join(page.split()) for page in text)
    assert "SIMULASI — perhitungan belum final" in flat(text[0])


def test_same_data_and_timestamp_give_the_same_bytes():
    data = nominatif_data(5)
    first = nominatif_pdf(data, timestamp=TIMESTAMP)
    assert nominatif_pdf(data, timestamp=TIMESTAMP) == first
    assert nominatif_pdf(nominatif_data(6), timestamp=TIMESTAMP) != first


def test_missing_keys_and_bad_templates_are_refused():
    with pytest.raises(ValueError, match="ringkasan"):
        slip_pdf({k: v for k, v in slip_data().items() if k != "ringkasan"})
    with pytest.raises(ValueError):
        render_pdf("../pdf", {})
    with pytest.raises(ValueError):
        render_pdf("tidak_ada", {})
    with pytest.raises(PdfError) as error:
        render_pdf("tpp_slip", {"instansi": {}})
    assert "pegawai" in error.value.diagnostic or "pegawai" in str(error.value)


@pytest.mark.parametrize(
    ("amount", "plain", "money"),
    [
        (0, "0", "Rp 0"),
        (Decimal("1234567.5"), "1.234.568", "Rp 1.234.568"),
        (Decimal(-58_125), "-58.125", "-Rp 58.125"),
    ],
)
def test_money_formats(amount, plain, money):
    assert angka(amount) == plain
    assert rupiah(amount) == money
