"""Formula injection: text that a spreadsheet would run is written inert and read back intact."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from ekinerja.core.tabular import (
    Column,
    cell_to_str,
    csv_neutral_row,
    neutralise,
    read_table,
    unneutralise,
    xlsx_bytes,
)

DANGEROUS = ["=1+1", "+62812", "-5", "@SUM(A1)", '=HYPERLINK("http://x","klik")']


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ani", "Ani"),
        ("a=b", "a=b"),
        ("'kutip", "'kutip"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_only_formula_starts(text, written):
    assert neutralise(text) == written
    assert unneutralise(written) == text


def test_an_apostrophe_before_ordinary_text_is_kept():
    assert unneutralise("'kutip") == "'kutip"
    assert unneutralise("'") == "'"
    assert cell_to_str("'08123") == "'08123"


def test_xlsx_cells_are_plain_strings_and_reimport_unchanged():
    columns = [Column("nilai", 20, text=True), Column("angka", 8)]
    content = xlsx_bytes(columns, [[text, -5] for text in DANGEROUS])

    sheet = load_workbook(io.BytesIO(content)).active
    raw = [sheet.cell(row=row, column=1) for row in range(2, 2 + len(DANGEROUS))]
    assert [cell.value for cell in raw] == [f"'{text}" for text in DANGEROUS]
    assert all(cell.data_type == "s" for cell in raw)  # a string, never a formula ("f")
    assert sheet["B2"].value == -5 and sheet["B2"].data_type == "n"  # numbers stay numbers

    table = read_table("ekspor.xlsx", content)
    assert [cells["nilai"] for _, cells in table.rows] == DANGEROUS


def test_csv_rows_are_neutralised_and_reimport_unchanged():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["nilai", "angka", "tanggal", "aktif"])
    for text in DANGEROUS:
        writer.writerow(csv_neutral_row([text, Decimal("-5"), dt.date(2026, 3, 1), True]))
    content = buffer.getvalue()
    assert "'=1+1" in content and "'@SUM(A1)" in content
    assert "\n=" not in content and ",=" not in content

    rows = [cells for _, cells in read_table("ekspor.csv", content.encode()).rows]
    assert [cells["nilai"] for cells in rows] == DANGEROUS
    assert rows[0] == {"nilai": "=1+1", "angka": "-5", "tanggal": "2026-03-01", "aktif": "ya"}


def test_csv_row_formats_like_the_xlsx_writer():
    assert csv_neutral_row(
        [None, False, 7, Decimal("1.50"), dt.datetime(2026, 1, 2, 7, 30), "teks", "-x"]
    ) == ["", "tidak", "7", "1.50", "2026-01-02 07:30:00", "teks", "'-x"]
