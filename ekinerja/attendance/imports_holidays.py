"""Import the holidays of a year from a CSV or XLSX file (columns: tanggal, nama, jenis).

`parse_holidays` is pure: it reads the file and checks every row, collecting one Indonesian
message per problem. `import_holidays` writes the rows in one transaction, and only when the
whole file is valid (all or nothing). With `instansi_id=None` the rows are national (shared by
every region, e.g. a new year's SKB 3 Menteri); with an instansi they are that region's
additions. Rows are keyed by (instansi, tanggal, jenis): a row already stored with the same name
is left alone, so importing the same file twice writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from ekinerja.core.services import record_audit_event
from ekinerja.core.tabular import TabularError, read_table

from .models import Holiday, JenisLibur

REQUIRED_COLUMNS = ("tanggal", "nama", "jenis")
MAX_NAMA = Holiday._meta.get_field("nama").max_length
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
# Accepted spellings of jenis: the value, the label, and the label without spaces.
_JENIS = {
    **{value: value for value in JenisLibur.values},
    **{label.lower(): value for value, label in JenisLibur.choices},
    **{label.lower().replace(" ", ""): value for value, label in JenisLibur.choices},
}


@dataclass(frozen=True)
class HolidayRow:
    tanggal: dt.date
    nama: str
    jenis: str


@dataclass
class ParsedHolidays:
    rows: list[HolidayRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class HolidayImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_date(text: str) -> dt.date | None:
    """'2026-03-20', '20-03-2026' or '20/03/2026' -> a date; None when it is not a valid date."""
    text = text.strip()
    try:
        if match := _DMY.match(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def parse_holidays(
    filename: str, content: bytes, *, year: int | None = None, national: bool = False
) -> ParsedHolidays:
    """Read and check a holiday file without touching the database.

    `year` limits the rows to that year; `national` refuses `libur_daerah`, which belongs to a
    region, not to the shared national list.
    """
    parsed = ParsedHolidays()
    try:
        table = read_table(filename, content)
        missing = [column for column in REQUIRED_COLUMNS if column not in table.headers]
        if missing:
            parsed.errors.append(f"Kolom wajib tidak ada: {', '.join(missing)}.")
            return parsed
        seen: dict[tuple[dt.date, str], int] = {}
        for number, cells in table.rows:
            row = _check_row(number, cells, year, national, seen, parsed.errors)
            if row is not None:
                parsed.rows.append(row)
    except TabularError as error:
        parsed.errors.append(str(error))
        return parsed
    if not parsed.rows and not parsed.errors:
        parsed.errors.append("Berkas tidak berisi baris hari libur.")
    return parsed


def _check_row(
    number: int,
    cells: dict[str, str],
    year: int | None,
    national: bool,
    seen: dict[tuple[dt.date, str], int],
    errors: list[str],
) -> HolidayRow | None:
    problems: list[str] = []
    raw_date, nama = cells["tanggal"], " ".join(cells["nama"].split())
    raw_jenis = cells["jenis"].strip().lower()
    tanggal = parse_date(raw_date) if raw_date else None
    if not raw_date:
        problems.append("tanggal wajib diisi")
    elif tanggal is None:
        problems.append(f"tanggal '{raw_date}' tidak valid (gunakan TTTT-BB-HH atau HH-BB-TTTT)")
    elif year is not None and tanggal.year != year:
        problems.append(f"tanggal {tanggal:%d-%m-%Y} bukan tahun {year}")
    if not nama:
        problems.append("nama wajib diisi")
    elif len(nama) > MAX_NAMA:
        problems.append(f"nama lebih dari {MAX_NAMA} karakter")
    jenis = _JENIS.get(raw_jenis) or _JENIS.get(raw_jenis.replace(" ", ""))
    if not raw_jenis:
        problems.append("jenis wajib diisi")
    elif jenis is None:
        allowed = ", ".join(JenisLibur.values)
        problems.append(f"jenis '{cells['jenis']}' tidak dikenal (pilih {allowed})")
    elif national and jenis == JenisLibur.LIBUR_DAERAH:
        problems.append("libur daerah tidak dapat diimpor sebagai data nasional")
    if tanggal is not None and jenis is not None:
        first = seen.setdefault((tanggal, jenis), number)
        if first != number:
            problems.append(
                f"{JenisLibur(jenis).label.lower()} tanggal {tanggal:%d-%m-%Y} "
                f"sudah ada di baris {first}"
            )
    if problems:
        errors.append(f"Baris {number}: {'; '.join(problems)}.")
        return None
    assert tanggal is not None and jenis is not None
    return HolidayRow(tanggal, nama, jenis)


def import_holidays(
    filename: str,
    content: bytes,
    *,
    instansi_id: int | None,
    year: int | None = None,
    actor: Any = None,
) -> HolidayImportResult:
    """Parse the file and, when every row is valid, store it (national when instansi_id=None)."""
    parsed = parse_holidays(filename, content, year=year, national=instansi_id is None)
    if parsed.errors:
        return HolidayImportResult(errors=parsed.errors)
    return write_holidays(parsed.rows, instansi_id=instansi_id, actor=actor, source=filename)


@transaction.atomic
def write_holidays(
    rows: list[HolidayRow], *, instansi_id: int | None, actor: Any = None, source: str = ""
) -> HolidayImportResult:
    """Upsert checked rows by (instansi, tanggal, jenis); unchanged rows are not written."""
    result = HolidayImportResult()
    if not rows:
        return result
    if instansi_id is None:
        scope = Holiday.objects.filter(instansi__isnull=True)
    else:
        scope = Holiday.objects.filter(instansi_id=instansi_id)
    existing = {
        (h.tanggal, h.jenis): h
        for h in scope.select_for_update().filter(tanggal__in={row.tanggal for row in rows})
    }
    new: list[Holiday] = []
    changed: list[Holiday] = []
    for row in rows:
        current = existing.get((row.tanggal, row.jenis))
        if current is None:
            new.append(
                Holiday(
                    instansi_id=instansi_id, tanggal=row.tanggal, nama=row.nama, jenis=row.jenis
                )
            )
        elif current.nama != row.nama:
            current.nama = row.nama
            changed.append(current)
        else:
            result.unchanged += 1
    Holiday.objects.bulk_create(new)
    Holiday.objects.bulk_update(changed, ["nama"])
    result.created, result.updated = len(new), len(changed)
    if new or changed:
        scope_label = "nasional" if instansi_id is None else "daerah"
        record_audit_event(
            actor=actor,
            action="import_hari_libur",
            obj=(new or changed)[0],
            instansi_id=instansi_id,
            summary=f"Impor hari libur {scope_label}: {len(new)} baru, {len(changed)} diubah",
            data={"berkas": source, "baru": len(new), "diubah": len(changed),
                  "tetap": result.unchanged},
        )  # fmt: skip
    return result
