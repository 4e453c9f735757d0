"""Spreadsheets in and out: read an uploaded .xlsx or .csv as text cells, write an .xlsx.

Reading turns every cell into a string, because imports validate text the way a person typed it:
a NIP must stay "198501012010011001", never become 1.98501012010011e17. Writing streams rows
through xlsxwriter's constant-memory mode, so an export of 10,000 employees stays small in memory.

Formula injection (OWASP "CSV injection"): a text cell that starts with =, +, -, @, a tab or a
carriage return is written with a leading apostrophe ("'=1+1"), so no spreadsheet, and no later
copy of the file into CSV, reads it as a formula. The readers drop that apostrophe again, so an
export re-imports unchanged. The price: a typed value of the form "'=..." imports as "=...".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.conf import settings
from django.http import FileResponse
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_DELIMITERS = (",", ";", "\t")
# Above this size a float has lost digits: Excel keeps 15 significant digits, a NIP has 18.
EXACT_FLOAT_LIMIT = 10**15
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_HEADER_SEPARATORS = re.compile(r"[\s.\-/]+")
# First characters that make a spreadsheet treat a cell as a formula (or hide one behind them).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class TabularError(ValueError):
    """A file that cannot be read as a table; the message is for the user, in Indonesian."""


@dataclass(frozen=True)
class Column:
    """One column of a template or export: its header, width and how Excel should treat it."""

    name: str
    width: int = 16
    text: bool = False  # formatted as Text in Excel, so typed codes and NIPs keep their digits
    required: bool = False
    help: str = ""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]  # (row number as the user sees it, cells)


def neutralise(text: str) -> str:
    """'=1+1' -> "'=1+1": text a spreadsheet would run as a formula, made plain text."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def unneutralise(text: str) -> str:
    """The inverse of `neutralise`: "'=1+1" -> '=1+1'; any other text is returned as it is."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _read_text(text: str) -> str:
    """A text cell as imports see it: trimmed, with the apostrophe of `neutralise` dropped."""
    return unneutralise(text.strip()).strip()


def normalize_header(raw: object) -> str:
    """'Tanggal Lahir' -> 'tanggal_lahir', 'Kode.Unit' -> 'kode_unit'."""
    text = cell_to_str(raw).lower()
    return _HEADER_SEPARATORS.sub("_", text).strip("_")


def cell_to_str(value: object) -> str:
    """A cell as the text a person would read in it; empty cells become ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return _float_to_str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return _read_text(str(value))


def _float_to_str(value: float) -> str:
    if value.is_integer():
        if abs(value) >= EXACT_FLOAT_LIMIT:
            # Digits are already lost; keep the scientific form so the importer can say so.
            return f"{value:.15G}"
        return str(int(value))
    return repr(value)


def is_scientific(text: str) -> bool:
    """True for '1.98501E+17': a number that Excel showed (and stored) in scientific notation."""
    return bool(_SCIENTIFIC.match(text.strip()))


def read_table(filename: str, content: bytes) -> Table:
    """Read the first sheet of an .xlsx, or a .csv, into normalised headers and text rows."""
    if not content:
        raise TabularError("Berkas kosong.")
    limit = settings.IMPORT_MAX_BYTES
    if len(content) > limit:
        raise TabularError(f"Berkas terlalu besar; batasnya {limit // (1024 * 1024)} MB.")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        return _read_xlsx(content)
    if extension == "csv":
        return _read_csv(content)
    if extension == "xls":
        raise TabularError("Format .xls lama tidak didukung; simpan ulang sebagai .xlsx.")
    raise TabularError("Jenis berkas tidak didukung; unggah berkas .xlsx atau .csv.")


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise TabularError("Berkas Excel tidak dapat dibaca; pastikan formatnya .xlsx.") from error
    sheet = workbook.worksheets[0]
    raw_rows = sheet.iter_rows(values_only=True)
    header_row = next(raw_rows, None)
    if header_row is None:
        workbook.close()
        raise TabularError("Lembar pertama berkas Excel kosong.")
    headers = _headers(header_row)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for number, values in enumerate(raw_rows, start=2):
                cells = _cells(headers, [cell_to_str(value) for value in values])
                if cells is not None:
                    yield number, cells
        finally:
            workbook.close()

    return Table(headers, rows())


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TabularError("Berkas CSV harus berenkode UTF-8.") from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header_row = next(reader, None)
    if not header_row:
        raise TabularError("Berkas CSV tidak memiliki baris judul kolom.")
    headers = _headers(header_row)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for number, values in enumerate(reader, start=2):
            cells = _cells(headers, [_read_text(value) for value in values])
            if cells is not None:
                yield number, cells

    return Table(headers, rows())


def _headers(raw: Iterable[object]) -> list[str]:
    headers = [normalize_header(value) for value in raw]
    while headers and not headers[-1]:
        headers.pop()
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            raise TabularError(f"Kolom {header} muncul lebih dari sekali.")
        seen.add(header)
    return headers


def _cells(headers: list[str], values: list[str]) -> dict[str, str] | None:
    """The row keyed by header, or None when the row is blank (trailing rows Excel keeps)."""
    cells = {header: value for header, value in zip(headers, values, strict=False) if header}
    for header in headers:
        cells.setdefault(header, "")
    if not any(cells.values()):
        return None
    return cells


def write_xlsx(
    output: IO[bytes] | str,
    columns: list[Column],
    rows: Iterable[Iterable[Any]],
    *,
    sheet_name: str = "Data",
) -> None:
    """Write a header row and the rows to `output`, consuming `rows` lazily."""
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet(sheet_name)
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        text = workbook.add_format({"num_format": "@"})
        date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width, text if column.text else None)
        sheet.freeze_panes(1, 0)
        for index, column in enumerate(columns):
            sheet.write_string(0, index, column.name, bold)
        for row_index, row in enumerate(rows, start=1):
            _write_row(sheet, row_index, row, text, date)
    finally:
        workbook.close()


def _write_row(sheet: Any, row_index: int, row: Iterable[Any], text: Any, date: Any) -> None:
    for index, value in enumerate(row):
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            sheet.write_string(row_index, index, "ya" if value else "tidak", text)
        elif isinstance(value, int | float):
            sheet.write_number(row_index, index, value)
        elif isinstance(value, Decimal):
            sheet.write_number(row_index, index, float(value))
        elif isinstance(value, dt.date):
            sheet.write_datetime(row_index, index, value, date)
        else:
            sheet.write_string(row_index, index, neutralise(str(value)), text)


def csv_neutral_row(row: Iterable[Any]) -> list[str]:
    """One row for `csv.writer`, cells as `write_xlsx` writes them, text neutralised.

    Numbers stay numbers (-5 is a value, not a formula); dates are ISO, booleans ya/tidak."""
    cells: list[str] = []
    for value in row:
        if value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("ya" if value else "tidak")
        elif isinstance(value, Decimal):
            cells.append(format(value, "f"))
        elif isinstance(value, int | float):
            cells.append(str(value))
        elif isinstance(value, dt.datetime):
            cells.append(value.isoformat(sep=" "))
        elif isinstance(value, dt.date):
            cells.append(value.isoformat())
        else:
            cells.append(neutralise(str(value)))
    return cells


def xlsx_bytes(columns: list[Column], rows: Iterable[Iterable[Any]], **kwargs: Any) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, columns, rows, **kwargs)
    return buffer.getvalue()


def xlsx_response(
    filename: str, columns: list[Column], rows: Iterable[Iterable[Any]], **kwargs: Any
) -> FileResponse:
    """A download of the rows; the workbook goes through a temporary file, not memory."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    write_xlsx(spool, columns, rows, **kwargs)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
