"""An employee's import of their own daily activities from a spreadsheet.

The file is checked and kept as an ImportBatch in preview; nothing reaches the activities until
the employee presses "Simpan". Every row is then stored through `services.record_activity`, so
an imported activity meets exactly the rules, and takes the same lock, as one typed in the form.

Valid rows are stored and invalid ones reported, rather than all or nothing: the rows are
independent pieces of work, and a file of a month's activities with one wrong time should not
hold back the other rows. The employee fixes the reported rows and uploads the same file again:
the rows stored the first time are recognised as "sudah ada" (same date, start, end and uraian)
and skipped, so a second upload adds only what was fixed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from ekinerja.core.imports import (
    ROW_KEY,
    CellError,
    Date,
    Field,
    ImportFileError,
    Issues,
    Number,
    Parser,
    Row,
    Text,
    dump_rows,
    finish_apply,
    load_rows,
    lock_for_apply,
    parse_row,
    without_errors,
)
from ekinerja.core.models import ImportBatch
from ekinerja.core.tabular import neutralise, read_table
from ekinerja.people.access import roles_for
from ekinerja.people.models import Employee, User

from . import services
from .models import Activity
from .selectors_reports import IndicatorLine, SkpIndicators, skp_indicators

KIND_ACTIVITY = "aktivitas"
MAX_ROWS = 500
TARGET_COLUMN = "target_skp"

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?$")
_FRACTION = re.compile(r"^0\.\d+$")
_SPACES = re.compile(r"\s+")


class Jam(Parser):
    """A time of day: '08:30', '8.30', '08:30:00', an Excel time cell, or Excel's fraction of a
    day (0.354166...) when the cell lost its time format. Seconds round to the minute."""

    def parse(self, raw: str) -> dt.time | None:
        if not raw:
            return None
        minutes = _minutes_of(raw.strip().split(" ")[-1])
        if minutes is None or not 0 <= minutes < 24 * 60:
            raise CellError(f"Jam '{raw}' tidak dikenali; gunakan JJ:MM, mis. 08:30.")
        return dt.time(minutes // 60, minutes % 60)

    def dump(self, value: dt.time | None) -> str | None:
        return value.strftime("%H:%M") if value else None

    def load(self, stored: str | None) -> dt.time | None:
        return dt.time.fromisoformat(stored) if stored else None


def _minutes_of(text: str) -> int | None:
    # '0.25' is Excel's 06:00, not 00:25: nobody writes a time after midnight without the
    # leading zero, while a number-formatted time cell always reads as '0.'.
    match = None if _FRACTION.match(text) else _TIME.match(text)
    if match is not None:
        hour, minute, second = (int(part or 0) for part in match.groups())
        if minute > 59 or second > 59:
            return None
        return hour * 60 + minute + (1 if second >= 30 else 0)
    try:
        fraction = float(text)
    except ValueError:
        return None
    return round(fraction * 24 * 60) if 0 <= fraction < 1 else None


class Tautan(Parser):
    """An optional http(s) link to the evidence."""

    _check = URLValidator(schemes=["http", "https"])

    def parse(self, raw: str) -> str:
        if not raw:
            return ""
        if len(raw) > 500:
            raise CellError(f"Panjang maksimal 500 karakter, bukan {len(raw)}.")
        try:
            self._check(raw)
        except ValidationError:
            raise CellError(f"Tautan '{raw}' bukan alamat http(s) yang valid.") from None
        return raw


ACTIVITY_FIELDS = [
    Field.of(
        "tanggal", "tanggal", Date(), 12, required=True,
        help="Tanggal kegiatan: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY atau sel tanggal Excel.",
    ),
    Field.of(
        "jam_mulai", "mulai", Jam(), 10, required=True,
        help="Jam mulai, JJ:MM (mis. 08:00) atau sel jam Excel.",
    ),
    Field.of(
        "jam_selesai", "selesai", Jam(), 10, required=True,
        help="Jam selesai, setelah jam mulai dan sudah terlewati.",
    ),
    Field.of(
        "uraian", "uraian", Text(2000), 50, required=True,
        help="Uraian kegiatan yang dikerjakan.",
    ),
    Field.of(
        "jumlah_output", "jumlah_output", Number(Decimal(0), Decimal(99999999), places=2), 12,
        required=True, help="Jumlah hasil, angka tidak negatif (koma atau titik desimal).",
    ),
    Field.of(
        "satuan", "satuan", Text(60), 14, required=True,
        help="Satuan hasil, mis. Laporan, Dokumen, Kegiatan.",
    ),
    Field.of(
        TARGET_COLUMN, "target", Text(2000), 14, text=True,
        help=(
            "Kode target dari lembar 'Target SKP' (mis. A1.1) atau uraian indikatornya; "
            "kosong berarti tugas tambahan/lainnya."
        ),
    ),
    Field.of(
        "tautan_bukti", "bukti_tautan", Tautan(), 30,
        help="Tautan bukti dukung (http/https), boleh kosong.",
    ),
]  # fmt: skip

# The indicator id found for a row travels with it in the batch, as a plain number.
_RESOLVED = [Field.of("indikator_id", "indikator_id", Parser())]


def _employee_of(actor: User) -> Employee:
    employee = roles_for(actor).employee
    if employee is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    return employee


# ---------------------------------------------------------------------------------------------
# Reading the file


@dataclass
class ActivityFile:
    rows: list[Row]
    present: set[str]
    ignored: list[str]


def read_activity_file(filename: str, content: bytes, issues: Issues) -> ActivityFile:
    """Parse every cell; a file-wide problem (type, columns, no rows, too many rows) raises
    ImportFileError. Counting stops past the limit, so a huge file is not parsed in full."""
    table = read_table(filename, content)
    known = {spec.name for spec in ACTIVITY_FIELDS}
    missing = [spec.name for spec in ACTIVITY_FIELDS if spec.column.required]
    missing = [name for name in missing if name not in table.headers]
    if missing:
        raise ImportFileError("Kolom wajib tidak ada: " + ", ".join(missing) + ".")
    present = known & set(table.headers)
    active = [spec for spec in ACTIVITY_FIELDS if spec.name in present]
    rows: list[Row] = []
    for number, cells in table.rows:
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                f"Berkas berisi lebih dari {MAX_ROWS} baris aktivitas; bagi menjadi beberapa "
                "berkas."
            )
        rows.append(parse_row(number, cells, active, issues))
    if not rows:
        raise ImportFileError("Berkas tidak berisi baris aktivitas.")
    ignored = [header for header in table.headers if header and header not in known]
    return ActivityFile(rows, present, ignored)


# ---------------------------------------------------------------------------------------------
# Checks that need the whole file or the employee's data


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def resolve_targets(rows: list[Row], by_year: dict[int, SkpIndicators], issues: Issues) -> None:
    """Turn each row's target (a code or an indicator's uraian) into `indikator_id`."""
    for row in without_errors(rows, issues):
        wanted = _normal(row.get("target") or "")
        row["indikator_id"] = None
        if not wanted:
            continue
        year = row["tanggal"].year
        lines = by_year[year].lines
        matches = [line for line in lines if _normal(line.kode) == wanted]
        matches = matches or [line for line in lines if _normal(line.indikator.uraian) == wanted]
        if len(matches) == 1:
            row["indikator_id"] = matches[0].indikator.pk
        else:
            issues.add(row[ROW_KEY], TARGET_COLUMN, _target_problem(row["target"], year, matches))


def _target_problem(raw: str, year: int, matches: list[IndicatorLine]) -> str:
    if matches:
        codes = ", ".join(line.kode for line in matches)
        return f"Uraian target cocok dengan beberapa indikator ({codes}); tulis kodenya."
    return (
        f"Target '{raw}' tidak ada di SKP Anda tahun {year}; lihat lembar 'Target SKP' pada "
        "templat."
    )


def identity(row: Row) -> tuple[dt.date, dt.time, dt.time, str]:
    """What makes a row the same activity as a stored one."""
    return row["tanggal"], row["mulai"], row["selesai"], row["uraian"].strip()


def stored_identities(employee: Employee, days: Iterable[dt.date]) -> set[tuple]:
    """The employee's stored activities on those days, in any status: a file uploaded again
    after some of its rows were rejected does not enter them a second time."""
    wanted = sorted(set(days))
    if not wanted:
        return set()
    stored = Activity.objects.filter(employee=employee, tanggal__in=wanted).values_list(
        "tanggal", "mulai", "selesai", "uraian"
    )
    return {(tanggal, mulai, selesai, uraian.strip()) for tanggal, mulai, selesai, uraian in stored}


def flag_overlaps(rows: list[Row], issues: Issues) -> None:
    """Rows of the file that overlap each other on a day: both are errors, since which one is
    right is not clear. Each row names its first clash only, as the entry form does. Rows whose
    times are out of order are left to the entry rules."""
    by_day: dict[dt.date, list[Row]] = defaultdict(list)
    for row in rows:
        if row["mulai"] < row["selesai"]:
            by_day[row["tanggal"]].append(row)
    flagged: set[int] = set()
    for day_rows in by_day.values():
        day_rows.sort(key=lambda row: (row["mulai"], row[ROW_KEY]))
        for index, row in enumerate(day_rows):
            for later in day_rows[index + 1 :]:
                if later["mulai"] >= row["selesai"]:
                    break
                for this, other in ((row, later), (later, row)):
                    if this[ROW_KEY] not in flagged:
                        flagged.add(this[ROW_KEY])
                        issues.add(this[ROW_KEY], "jam_mulai", _overlap_message(this, other))


def _overlap_message(row: Row, other: Row) -> str:
    if identity(row) == identity(other):
        return f"Sama dengan baris {other[ROW_KEY]}; hapus salah satunya."
    span = f"{other['mulai']:%H:%M}-{other['selesai']:%H:%M}"
    return f"Waktu bertumpuk dengan baris {other[ROW_KEY]} ({span})."


def activity_input(row: Row) -> services.ActivityInput:
    return services.ActivityInput(
        tanggal=row["tanggal"],
        mulai=row["mulai"],
        selesai=row["selesai"],
        uraian=row["uraian"],
        jumlah_output=row["jumlah_output"],
        satuan=row["satuan"],
        indikator_id=row.get("indikator_id"),
        bukti_tautan=row.get("bukti_tautan") or "",
    )


def _refusal(error: ValidationError | PermissionDenied) -> list[str]:
    return error.messages if isinstance(error, ValidationError) else [str(error)]


def check_with_entry_rules(actor: User, rows: list[Row], issues: Issues) -> None:
    """Run every row through `record_activity` and undo it all.

    The preview thus applies the very rules the save will apply (window, closed month, future,
    leave, attendance, overlaps with stored activities, the SKP link), including any rule added
    to the service later, instead of a copy of them that could drift. Rows go in file order, so
    each is checked as it will be stored."""
    with transaction.atomic():
        for row in rows:
            try:
                services.record_activity(actor=actor, data=activity_input(row))
            except (ValidationError, PermissionDenied) as error:
                for message in _refusal(error):
                    issues.add(row[ROW_KEY], "", message)
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------------
# Preview and save


def preview_activity_import(*, actor: User, filename: str, content: bytes) -> ImportBatch:
    """Check a file of the actor's activities and keep it as a batch in preview. Raises
    ImportFileError (a TabularError) when the file as a whole cannot be used; no activity is
    written either way."""
    employee = _employee_of(actor)
    issues = Issues()
    parsed = read_activity_file(filename, content, issues)
    readable = without_errors(parsed.rows, issues)
    years = sorted({row["tanggal"].year for row in readable})
    resolve_targets(
        parsed.rows, {year: skp_indicators(employee.pk, year) for year in years}, issues
    )
    stored = stored_identities(employee, (row["tanggal"] for row in readable))
    existing: list[Row] = []
    candidates: list[Row] = []
    for row in without_errors(parsed.rows, issues):
        (existing if identity(row) in stored else candidates).append(row)
    flag_overlaps(candidates, issues)
    check_with_entry_rules(actor, without_errors(candidates, issues), issues)
    valid = without_errors(candidates, issues)
    return ImportBatch.objects.create(
        instansi_id=employee.instansi_id,
        kind=KIND_ACTIVITY,
        uploaded_by=actor,
        filename=filename[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        total_rows=len(parsed.rows),
        valid_rows=dump_rows(valid, ACTIVITY_FIELDS + _RESOLVED),
        errors=issues.sorted(),
        result={
            "plan": {"created": len(valid), "updated": 0, "unchanged": len(existing)},
            "existing_rows": [row[ROW_KEY] for row in existing],
            "columns": sorted(parsed.present),
            "ignored": parsed.ignored,
        },
    )


def own_batch(actor: User, batch: ImportBatch) -> bool:
    return batch.kind == KIND_ACTIVITY and batch.uploaded_by_id == actor.pk


@transaction.atomic
def apply_activity_import(*, actor: User, batch: ImportBatch) -> dict[str, Any]:
    """Store the batch's valid rows through `record_activity`, each in its own savepoint.

    A row that a stored activity now matches is skipped as "sudah ada"; a row the rules now
    refuse (time has moved on, or another entry took its slot since the preview) is skipped
    and reported with its message. The batch is applied once."""
    if not own_batch(actor, batch):
        raise PermissionDenied("Batch impor ini bukan impor aktivitas Anda.")
    employee = _employee_of(actor)
    locked = lock_for_apply(batch)
    rows = load_rows(locked.valid_rows, ACTIVITY_FIELDS + _RESOLVED)
    stored = stored_identities(employee, (row["tanggal"] for row in rows))
    created, existing, refused = 0, 0, Issues()
    for row in rows:
        if identity(row) in stored:
            existing += 1
            continue
        try:
            services.record_activity(actor=actor, data=activity_input(row))
        except (ValidationError, PermissionDenied) as error:
            for message in _refusal(error):
                refused.add(row[ROW_KEY], "", message)
            continue
        stored.add(identity(row))
        created += 1
    locked.result = {**locked.result, "refused": refused.sorted()}
    counts = {"created": created, "updated": 0, "unchanged": existing, "refused": len(refused.rows)}
    counts = finish_apply(actor=actor, batch=locked, counts=counts)
    batch.status, batch.applied_at, batch.result = locked.status, locked.applied_at, locked.result
    return counts


# ---------------------------------------------------------------------------------------------
# The template


def template_workbook(employee: Employee, year: int) -> bytes:
    """The columns to fill on the first sheet (the one the import reads), the employee's SKP
    indicators of the year with their codes on the second, and what each column takes on the
    third. The first sheet has no example rows: a template uploaded unchanged must not enter
    made-up activities."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    try:
        formats = _formats(workbook)
        _data_sheet(workbook, formats)
        _targets_sheet(workbook, formats, skp_indicators(employee.pk, year), year)
        _help_sheet(workbook, formats)
    finally:
        workbook.close()
    return buffer.getvalue()


def _formats(workbook: Any) -> dict[str, Any]:
    return {
        "head": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "text": workbook.add_format({"num_format": "@"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "time": workbook.add_format({"num_format": "hh:mm"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }


_COLUMN_FORMAT = {"tanggal": "date", "jam_mulai": "time", "jam_selesai": "time"}


def _data_sheet(workbook: Any, formats: dict[str, Any]) -> None:
    sheet = workbook.add_worksheet("Aktivitas")
    for index, spec in enumerate(ACTIVITY_FIELDS):
        style = formats.get(_COLUMN_FORMAT.get(spec.name, "text" if spec.column.text else ""))
        sheet.set_column(index, index, spec.column.width, style)
        sheet.write_string(0, index, spec.name, formats["head"])
        sheet.write_comment(0, index, spec.column.help)
    sheet.freeze_panes(1, 0)


def _targets_sheet(workbook: Any, formats: dict[str, Any], found: SkpIndicators, year: int) -> None:
    sheet = workbook.add_worksheet("Target SKP")
    headers = [("kode", 8), ("jenis", 10), ("rencana_hasil_kerja", 50), ("indikator", 50),
               ("target_tahunan", 14), ("satuan", 14)]  # fmt: skip
    for index, (name, width) in enumerate(headers):
        sheet.set_column(index, index, width, formats["wrap"] if width >= 50 else None)
        sheet.write_string(0, index, name, formats["head"])
    if not found.lines:
        sheet.write_string(1, 0, f"Belum ada SKP tahun {year}; kosongkan kolom {TARGET_COLUMN}.")
    for number, line in enumerate(found.lines, start=1):
        target = line.indikator.target_annual
        values = [line.kode, line.rhk.get_jenis_display(), line.rhk.teks,
                  line.indikator.uraian, float(target) if target is not None else "",
                  line.indikator.satuan]  # fmt: skip
        for index, value in enumerate(values):
            if isinstance(value, float):
                sheet.write_number(number, index, value)
            elif value:
                sheet.write_string(number, index, neutralise(value))


def _help_sheet(workbook: Any, formats: dict[str, Any]) -> None:
    sheet = workbook.add_worksheet("Petunjuk")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 2, 90, formats["wrap"])
    for index, name in enumerate(("kolom", "wajib", "keterangan")):
        sheet.write_string(0, index, name, formats["head"])
    for number, spec in enumerate(ACTIVITY_FIELDS, start=1):
        sheet.write_string(number, 0, spec.name)
        sheet.write_string(number, 1, "ya" if spec.column.required else "")
        sheet.write_string(number, 2, spec.column.help)
    notes = [
        f"Paling banyak {MAX_ROWS} baris per berkas; hanya lembar pertama yang dibaca.",
        "Baris yang sama persis dengan aktivitas tersimpan (tanggal, jam mulai, jam selesai, "
        "uraian) dilewati sebagai 'sudah ada', jadi berkas yang sama boleh diunggah ulang.",
    ]
    for offset, note in enumerate(notes, start=len(ACTIVITY_FIELDS) + 2):
        sheet.write_string(offset, 0, note)
