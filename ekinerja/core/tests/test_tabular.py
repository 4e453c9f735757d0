import datetime as dt
import io

import pytest
import xlsxwriter
from openpyxl import load_workbook

from ekinerja.core.tabular import (
    Column,
    TabularError,
    cell_to_str,
    is_scientific,
    normalize_header,
    read_table,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Tanggal Lahir ", "tanggal_lahir"),
        ("Kode.Unit", "kode_unit"),
        ("KODE-JABATAN  ATASAN", "kode_jabatan_atasan"),
        ("nip", "nip"),
        (None, ""),
    ],
)
def test_headers_are_normalised(raw, expected):
    assert normalize_header(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "ya"),
        (7.0, "7"),
        (-6.2, "-6.2"),
        (198501012010011001, "198501012010011001"),
        (1.98501012010011e17, "1.98501012010011E+17"),
        (dt.datetime(1985, 3, 12), "1985-03-12"),
        (dt.datetime(2026, 1, 2, 7, 30), "2026-01-02 07:30:00"),
        (dt.date(2026, 1, 2), "2026-01-02"),
        ("  teks  ", "teks"),
    ],
)
def test_cells_become_the_text_a_person_reads(value, expected):
    assert cell_to_str(value) == expected


def test_scientific_notation_is_recognised():
    assert is_scientific("1.98501E+17") and is_scientific("1,98501e17")
    assert not is_scientific("198501012010011001") and not is_scientific("E17")


def test_csv_delimiter_is_sniffed_and_blank_rows_keep_numbering():
    content = '\ufeffNIP\tNama\n1\tSatu\n\t\n2\t"Dua, Tiga"\n'.encode()
    table = read_table("data.CSV", content)
    assert table.headers == ["nip", "nama"]
    assert list(table.rows) == [
        (2, {"nip": "1", "nama": "Satu"}),
        (4, {"nip": "2", "nama": "Dua, Tiga"}),
    ]


def test_xlsx_first_sheet_dates_and_numbers():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Tanggal Lahir", "Kelas", ""])
    sheet.write_datetime(
        1, 0, dt.datetime(1985, 3, 12), book.add_format({"num_format": "dd/mm/yyyy"})
    )
    sheet.write_number(1, 1, 9)
    sheet.write_row(3, 0, ["", ""])
    book.add_worksheet("Lain").write(0, 0, "abaikan")
    book.close()
    table = read_table("x.xlsx", buffer.getvalue())
    assert table.headers == ["tanggal_lahir", "kelas"]
    assert list(table.rows) == [(2, {"tanggal_lahir": "1985-03-12", "kelas": "9"})]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.txt", b"a", "Jenis berkas tidak didukung"),
        ("data.xls", b"a", "Format .xls lama tidak didukung"),
        ("data.xlsx", b"", "Berkas kosong."),
        ("data.xlsx", b"bukan zip", "Berkas Excel tidak dapat dibaca"),
        ("data.csv", "nip\n1\n".encode("utf-16"), "Berkas CSV harus berenkode UTF-8."),
        ("data.csv", b"nip,NIP\n1,2\n", "Kolom nip muncul lebih dari sekali."),
    ],
)
def test_unreadable_files_are_refused_in_indonesian(name, content, message):
    with pytest.raises(TabularError, match=message):
        read_table(name, content)


def test_files_over_the_limit_are_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(TabularError, match=r"Berkas terlalu besar; batasnya 1 MB\."):
        read_table("besar.csv", b"x" * (1024 * 1024 + 1))


def test_writer_bold_frozen_header_text_columns_and_reread():
    columns = [Column("nip", 22, text=True), Column("tanggal", 12), Column("kelas", 8)]
    rows = [["198503122010012003", dt.date(1985, 3, 12), 9], ["199207152023211004", None, ""]]
    content = xlsx_bytes(columns, iter(rows))
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert sheet["A2"].value == "198503122010012003" and sheet["A2"].number_format == "@"
    assert sheet.column_dimensions["A"].width > 20
    table = read_table("round.xlsx", content)
    assert list(table.rows) == [
        (2, {"nip": "198503122010012003", "tanggal": "1985-03-12", "kelas": "9"}),
        (3, {"nip": "199207152023211004", "tanggal": "", "kelas": ""}),
    ]
