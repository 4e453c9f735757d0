"""The TPP downloads over HTTP with personas, on 5 April 2026 with March computed: read back
with openpyxl, the csv module and pdftotext.

Citra (admin BKPSDM), Gita (pimpinan) and Hadi (auditor) download every line; Fajar (admin OPD
of Dinas Kesehatan) only the Dinkes lines of official runs; Ani only her own slip; Budi (her
atasan, no TPP role), the stranger of another region, and the stranger made admin BKPSDM of
his own region find nothing (404)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from ekinerja.allowance.models import TppLine
from ekinerja.allowance.testing import hire, line_of, start
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.reports.tpp_documents import CSV_HEADER, NOMINATIF_COLUMNS, SUMMARY_COLUMNS

pytestmark = pytest.mark.django_db

DINKES = {"Kadinkes Uji", "Eka Saputra", "Budi Santoso", "Ani Lestari", "Intan Permata"}
# A name typed to run as a formula in whatever spreadsheet opens the export.
FORMULA = '=HYPERLINK("http://contoh.invalid","klik")'
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)

# Measured on SQLite; each download's count must not move when lines are added.
QUERIES_XLSX = 10
QUERIES_PDF = 16  # 4 of them issue the document (lookup, savepoint, insert, release)
QUERIES_SUMMARY = 10
QUERIES_CSV = 10
QUERIES_SLIP = 13  # as QUERIES_PDF: 4 to issue it on its first print


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 4, 5, 9, 0), tick=False):
        yield


def url(name, obj, **query):
    path = reverse(name, args=[obj.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def sheet(response):
    """Header and rows of the first sheet; cells keep their type so formulas would show."""
    workbook = load_workbook(io.BytesIO(body(response)))
    rows = list(workbook.worksheets[0].iter_rows())
    return [c.value for c in rows[0]], rows[1:]


def as_dicts(header, rows):
    return [dict(zip(header, (c.value for c in row), strict=False)) for row in rows]


def csv_rows(response):
    reader = csv.reader(io.StringIO(response.content.decode()))
    return next(reader), list(reader)


def pdf_text(content: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


def outsiders(tpp_world, tpp_foreign_admin):
    return [
        tpp_world.user("ani"),
        tpp_world.user("budi"),
        tpp_world.user("stranger"),
        tpp_foreign_admin,
    ]


# --- daftar nominatif (Excel) ---------------------------------------------------------------


def test_the_nominatif_workbook_has_a_row_per_line_and_adds_up(login, tpp_world, tpp_march):
    response = login(tpp_world.user("citra")).get(url("tpp-run-xlsx", tpp_march))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="nominatif-tpp-2026-03.xlsx"')
    header, rows = sheet(response)
    assert header == [column.name for column in NOMINATIF_COLUMNS]
    records = as_dicts(header, rows)
    assert len(records) == 12 == tpp_march.jumlah_pegawai
    assert [r["No"] for r in records] == list(range(1, 13))
    assert sum(Decimal(str(r["Bruto"])) for r in records) == tpp_march.jumlah_bruto
    assert sum(Decimal(str(r["Diterima"])) for r in records) == tpp_march.jumlah_bersih
    ani = next(r for r in records if r["Nama"] == "Ani Lestari")
    assert ani["NIP"] == tpp_world.ani.nip  # text, so all 18 digits survive
    assert (ani["OPD"], ani["Kelas"], ani["Diterima"]) == ("Dinas Kesehatan", 7, 1188000)


def test_a_formula_in_a_name_is_written_as_text(login, tpp_world, tpp_march):
    TppLine.objects.filter(run=tpp_march, employee=tpp_world.ani).update(nama=FORMULA)
    header, rows = sheet(login(tpp_world.user("citra")).get(url("tpp-run-xlsx", tpp_march)))
    nama = header.index("Nama")
    cell = next(row[nama] for row in rows if "HYPERLINK" in str(row[nama].value))
    assert cell.data_type == "s" and cell.value == "'" + FORMULA


def test_one_opd_of_the_nominatif(login, tpp_world, tpp_march):
    dinkes = tpp_world.units["dinkes"]
    response = login(tpp_world.user("citra")).get(url("tpp-run-xlsx", tpp_march, opd=dinkes.pk))
    assert response["Content-Disposition"].endswith('filename="nominatif-tpp-2026-03-03.xlsx"')
    header, rows = sheet(response)
    assert {r["Nama"] for r in as_dicts(header, rows)} == DINKES


def test_the_admin_opd_downloads_their_opd_only(login, tpp_world, tpp_march):
    client = login(tpp_world.user("fajar"))
    header, rows = sheet(client.get(url("tpp-run-xlsx", tpp_march)))
    records = as_dicts(header, rows)
    assert {r["Nama"] for r in records} == DINKES
    assert {r["OPD"] for r in records} == {"Dinas Kesehatan"}
    disdik = tpp_world.units["disdik"]
    assert client.get(url("tpp-run-xlsx", tpp_march, opd=disdik.pk)).status_code == 404


@pytest.mark.parametrize("name", ["tpp-run-xlsx", "tpp-run-summary", "tpp-run-csv"])
def test_run_downloads_for_readers_and_not_outsiders(
    login, tpp_world, tpp_march, tpp_simulation, tpp_foreign_admin, name
):
    for who in ("citra", "gita", "hadi", "fajar"):
        assert login(tpp_world.user(who)).get(url(name, tpp_march)).status_code == 200
    for user in outsiders(tpp_world, tpp_foreign_admin):
        assert login(user).get(url(name, tpp_march)).status_code == 404
    # An admin OPD reads official runs only.
    assert login(tpp_world.user("fajar")).get(url(name, tpp_simulation)).status_code == 404
    assert login(tpp_world.user("gita")).get(url(name, tpp_simulation)).status_code == 200


# --- daftar nominatif (PDF) -----------------------------------------------------------------


def test_the_nominatif_pdf_is_per_opd(login, tpp_world, tpp_march, tpp_foreign_admin):
    dinkes = tpp_world.units["dinkes"]
    client = login(tpp_world.user("citra"))
    response = client.get(url("tpp-run-pdf", tpp_march))
    assert response.status_code == 400
    assert response.content.decode() == "Pilih satu OPD: daftar nominatif PDF dicetak per OPD."
    response = client.get(url("tpp-run-pdf", tpp_march, opd=dinkes.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="nominatif-tpp-2026-03-03.pdf"' in response["Content-Disposition"]
    assert (
        login(tpp_world.user("fajar")).get(url("tpp-run-pdf", tpp_march, opd=dinkes.pk)).status_code
        == 200
    )
    for user in outsiders(tpp_world, tpp_foreign_admin):
        assert login(user).get(url("tpp-run-pdf", tpp_march, opd=dinkes.pk)).status_code == 404


@needs_pdftotext
def test_the_nominatif_pdf_lists_the_opd_and_its_total(login, tpp_world, tpp_march):
    dinkes = tpp_world.units["dinkes"]
    response = login(tpp_world.user("citra")).get(url("tpp-run-pdf", tpp_march, opd=dinkes.pk))
    text = pdf_text(response.content)
    for nama in DINKES:
        assert nama in text
    assert "Dodi Pratama" not in text and "Citra Dewi" not in text
    bersih = sum(line.bersih for line in TppLine.objects.filter(run=tpp_march, opd=dinkes))
    assert f"{bersih:,.0f}".replace(",", ".") in text


def test_an_admin_opd_cannot_print_another_opds_nominatif(login, tpp_world, tpp_march):
    disdik = tpp_world.units["disdik"]
    response = login(tpp_world.user("fajar")).get(url("tpp-run-pdf", tpp_march, opd=disdik.pk))
    assert response.status_code == 404
    # A unit that is not an OPD is no OPD of any document either.
    bidang = (
        Unit.objects.filter(instansi=tpp_world.instansi).exclude(jenis__in=JENIS_UNIT_OPD).first()
    )
    response = login(tpp_world.user("citra")).get(url("tpp-run-pdf", tpp_march, opd=bidang.pk))
    assert response.status_code == 404


# --- rekap per OPD --------------------------------------------------------------------------


def test_the_summary_has_one_row_per_opd(login, tpp_world, tpp_march):
    response = login(tpp_world.user("citra")).get(url("tpp-run-summary", tpp_march))
    assert response["Content-Disposition"].endswith('filename="rekap-tpp-opd-2026-03.xlsx"')
    header, rows = sheet(response)
    assert header == [column.name for column in SUMMARY_COLUMNS]
    records = {r["OPD"]: r for r in as_dicts(header, rows)}
    assert {opd: r["Pegawai"] for opd, r in records.items()} == {
        "BKPSDM": 1,
        "Dinas Kesehatan": 5,
        "Dinas Pendidikan": 2,
        "Sekretariat Daerah": 4,
    }
    assert sum(Decimal(str(r["Diterima"])) for r in records.values()) == tpp_march.jumlah_bersih


def test_the_admin_opd_summary_is_their_opd(login, tpp_world, tpp_march):
    header, rows = sheet(login(tpp_world.user("fajar")).get(url("tpp-run-summary", tpp_march)))
    assert [(r["OPD"], r["Pegawai"]) for r in as_dicts(header, rows)] == [("Dinas Kesehatan", 5)]


# --- CSV ------------------------------------------------------------------------------------


def test_the_csv_has_every_line_with_text_neutralised(login, tpp_world, tpp_march):
    TppLine.objects.filter(run=tpp_march, employee=tpp_world.ani).update(
        nama=FORMULA, jabatan="@SUM(A1)"
    )
    response = login(tpp_world.user("citra")).get(url("tpp-run-csv", tpp_march))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="tpp-2026-03.csv"' in response["Content-Disposition"]
    header, rows = csv_rows(response)
    assert header == CSV_HEADER
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert len(records) == 12
    assert sum(Decimal(r["bersih"]) for r in records) == tpp_march.jumlah_bersih
    ani = next(r for r in records if r["nip"] == tpp_world.ani.nip)
    assert (ani["nama"], ani["jabatan"]) == ("'" + FORMULA, "'@SUM(A1)")
    assert (ani["opd"], ani["kelas_jabatan"], ani["bersih"]) == ("Dinas Kesehatan", "7", "1188000")


def test_the_admin_opd_csv_is_their_opd(login, tpp_world, tpp_march):
    client = login(tpp_world.user("fajar"))
    header, rows = csv_rows(client.get(url("tpp-run-csv", tpp_march)))
    assert {row[header.index("nama")] for row in rows} == DINKES
    filtered = client.get(url("tpp-run-csv", tpp_march, opd=tpp_world.units["disdik"].pk))
    assert filtered.status_code == 404


# --- slip -----------------------------------------------------------------------------------


def test_who_downloads_a_slip(login, tpp_world, tpp_march, tpp_simulation, tpp_foreign_admin):
    ani, dodi = line_of(tpp_march, tpp_world.ani), line_of(tpp_march, tpp_world.dodi)
    sim_ani = line_of(tpp_simulation, tpp_world.ani)

    def status(user, line):
        return login(user).get(url("tpp-line-slip", line)).status_code

    response = login(tpp_world.user("ani")).get(url("tpp-line-slip", ani))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert f'filename="slip-tpp-2026-03-{tpp_world.ani.nip}.pdf"' in response["Content-Disposition"]
    assert status(tpp_world.user("ani"), dodi) == 404
    assert status(tpp_world.user("ani"), sim_ani) == 404
    assert status(tpp_world.user("intan"), ani) == 404
    assert status(tpp_world.user("budi"), ani) == 404
    assert status(tpp_world.user("fajar"), ani) == 200
    assert status(tpp_world.user("fajar"), dodi) == 404
    assert status(tpp_world.user("gita"), sim_ani) == 200
    assert status(tpp_world.user("stranger"), ani) == 404
    assert status(tpp_foreign_admin, ani) == 404


@needs_pdftotext
def test_the_slip_names_the_employee_and_what_she_receives(login, tpp_world, tpp_march):
    line = line_of(tpp_march, tpp_world.ani)
    text = pdf_text(login(tpp_world.user("ani")).get(url("tpp-line-slip", line)).content)
    assert "Ani Lestari" in text and tpp_world.ani.nip in text
    assert line.bersih == Decimal("1188000") and "Rp 1.188.000" in text
    assert "Maret 2026" in text


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,per_opd,expected",
    [
        ("tpp-run-xlsx", False, QUERIES_XLSX),
        ("tpp-run-pdf", True, QUERIES_PDF),
        ("tpp-run-summary", False, QUERIES_SUMMARY),
        ("tpp-run-csv", False, QUERIES_CSV),
    ],
)
def test_run_downloads_do_not_grow_in_queries_with_lines(
    login, tpp_world, tpp_march, django_assert_num_queries, name, per_opd, expected
):
    # The extra staff sit in Seksi Surveilans, whose OPD is Dinas Kesehatan.
    query = {"opd": tpp_world.units["dinkes"].pk} if per_opd else {}
    client = login(tpp_world.user("citra"))
    with django_assert_num_queries(expected):
        assert client.get(url(name, tpp_march, **query)).status_code == 200
    hire(tpp_world, 20)
    start(tpp_world)
    with django_assert_num_queries(expected):
        response = client.get(url(name, tpp_march, **query))
    assert response.status_code == 200
    if name == "tpp-run-csv":
        assert len(csv_rows(response)[1]) == 32


def test_the_slip_takes_a_fixed_number_of_queries(
    login, tpp_world, tpp_march, django_assert_num_queries
):
    client = login(tpp_world.user("ani"))
    slip = url("tpp-line-slip", line_of(tpp_march, tpp_world.ani))
    with django_assert_num_queries(QUERIES_SLIP):
        assert client.get(slip).status_code == 200
