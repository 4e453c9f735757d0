"""The staged import every master-data file goes through: parse, check, preview, then apply.

An importer (org.imports, people.imports) describes its columns as `Field`s, checks its rows
against the database, and diffs them against what is stored. This module holds the parts they
share: cell parsers with Indonesian messages, the error list, duplicate and cycle detection, and
the life of an ImportBatch (preview -> applied or discarded). Nothing here touches domain tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import ImportBatch
from .services import record_audit_event
from .tabular import Column, TabularError, read_table

ROW_KEY = "_row"
Row = dict[str, Any]  # a parsed row: field key -> value, and the row number under ROW_KEY


class ImportFileError(TabularError):
    """The file as a whole cannot be imported (wrong type, no rows, missing columns)."""


class CellError(ValueError):
    """One cell's value is unusable; the message is for the user, in Indonesian."""


# ---------------------------------------------------------------------------------------------
# Cell parsers: text in, a Python value out. `load` turns the JSON stored in the batch back.


class Parser:
    def parse(self, raw: str) -> Any:
        return raw

    def dump(self, value: Any) -> Any:
        return value

    def load(self, stored: Any) -> Any:
        return stored


@dataclass(frozen=True)
class Text(Parser):
    max_length: int

    def parse(self, raw: str) -> str:
        if len(raw) > self.max_length:
            raise CellError(f"Panjang maksimal {self.max_length} karakter, bukan {len(raw)}.")
        return raw


def choice_key(raw: str) -> str:
    """'Fungsional Keahlian', 'fungsional_keahlian' and 'FUNGSIONAL  KEAHLIAN' are one choice."""
    return re.sub(r"[\s_]+", " ", raw.strip().lower())


@dataclass(frozen=True)
class Choice(Parser):
    """A code or its label, case-insensitive; blank gives the default."""

    lookup: dict[str, str]
    shown: str  # the accepted values, for the message
    default: str = ""

    @classmethod
    def of(
        cls,
        choices: Iterable[tuple[str, str]],
        *,
        default: str = "",
        aliases: dict[str, str] | None = None,
        shown: str = "",
    ) -> Choice:
        pairs = list(choices)
        lookup: dict[str, str] = {}
        for code, label in pairs:
            lookup[choice_key(str(label))] = code
            lookup[choice_key(code)] = code
        for alias, code in (aliases or {}).items():
            lookup[choice_key(alias)] = code
        shown = shown or ", ".join(str(label) for code, label in pairs if code)
        return cls(lookup, shown, default)

    def parse(self, raw: str) -> str:
        if not raw:
            return self.default
        code = self.lookup.get(choice_key(raw))
        if code is None:
            raise CellError(f"'{raw}' tidak dikenal; gunakan salah satu dari: {self.shown}.")
        return code


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")


def parse_date_text(raw: str) -> dt.date:
    text = raw.strip().split(" ")[0].split("T")[0]
    try:  # the ISO form, which Excel dates become, without strptime's cost on 10,000 rows
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(f"Tanggal '{raw}' tidak dikenali; gunakan YYYY-MM-DD atau DD-MM-YYYY.")


class Date(Parser):
    def parse(self, raw: str) -> dt.date | None:
        return parse_date_text(raw) if raw else None

    def dump(self, value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    def load(self, stored: str | None) -> dt.date | None:
        return dt.date.fromisoformat(stored) if stored else None


@dataclass(frozen=True)
class Integer(Parser):
    minimum: int
    maximum: int

    def parse(self, raw: str) -> int | None:
        if not raw:
            return None
        try:
            value = int(raw)
        except ValueError:
            raise CellError(f"'{raw}' bukan bilangan bulat.") from None
        if not self.minimum <= value <= self.maximum:
            raise CellError(f"Nilai harus {self.minimum} sampai {self.maximum}, bukan {value}.")
        return value


@dataclass(frozen=True)
class Number(Parser):
    """A decimal with a fixed number of places; a comma is accepted as the decimal mark."""

    minimum: Decimal
    maximum: Decimal
    places: int = 6

    def parse(self, raw: str) -> Decimal | None:
        if not raw:
            return None
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise CellError(f"'{raw}' bukan angka.") from None
        if not value.is_finite() or not self.minimum <= value <= self.maximum:
            raise CellError(f"Nilai harus {self.minimum} sampai {self.maximum}, bukan {raw}.")
        return value.quantize(Decimal(1).scaleb(-self.places))

    def dump(self, value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    def load(self, stored: str | None) -> Decimal | None:
        return None if stored is None else Decimal(stored)


_YES = {"ya", "y", "yes", "true", "1", "benar"}
_NO = {"tidak", "t", "no", "n", "false", "0", "salah", ""}


class YesNo(Parser):
    def parse(self, raw: str) -> bool:
        key = raw.strip().lower()
        if key in _YES:
            return True
        if key in _NO:
            return False
        raise CellError(f"'{raw}' harus 'ya' atau 'tidak'.")


@dataclass(frozen=True)
class Field:
    """A file column and where its value goes in the parsed row."""

    column: Column
    key: str
    parser: Parser

    @classmethod
    def of(cls, name: str, key: str, parser: Parser, width: int = 16, **column: Any) -> Field:
        return cls(Column(name, width, **column), key, parser)

    @property
    def name(self) -> str:
        return self.column.name


# ---------------------------------------------------------------------------------------------
# Rows and their problems.


@dataclass
class Issues:
    """Problems found in the file, as {row, column, message}, in the order they were found."""

    items: list[Row] = field(default_factory=list)
    rows: set[int] = field(default_factory=set)

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append({"row": row, "column": column, "message": message})
        self.rows.add(row)

    def sorted(self) -> list[Row]:
        return sorted(self.items, key=lambda item: item["row"])


@dataclass
class ParsedFile:
    present: set[str]  # the known columns the file has; absent columns keep stored values
    ignored: list[str]
    rows: list[Row]  # parsed values per row, with the row number under ROW_KEY
    total: int


def parse_file(filename: str, content: bytes, fields: list[Field], issues: Issues) -> ParsedFile:
    """Read the file and parse every cell; raises ImportFileError for a file-wide problem."""
    table = read_table(filename, content)
    known = {f.name for f in fields}
    missing = [f.name for f in fields if f.column.required and f.name not in table.headers]
    if missing:
        raise ImportFileError("Kolom wajib tidak ada: " + ", ".join(missing) + ".")
    present = known & set(table.headers)
    active = [f for f in fields if f.name in present]
    rows = [parse_row(number, cells, active, issues) for number, cells in table.rows]
    if not rows:
        raise ImportFileError("Berkas tidak berisi baris data.")
    ignored = [header for header in table.headers if header and header not in known]
    return ParsedFile(present, ignored, rows, len(rows))


def parse_row(number: int, cells: dict[str, str], fields: list[Field], issues: Issues) -> Row:
    values: dict[str, Any] = {ROW_KEY: number}
    for spec in fields:
        raw = cells.get(spec.name, "")
        if spec.column.required and not raw:
            issues.add(number, spec.name, "Wajib diisi.")
            continue
        try:
            values[spec.key] = spec.parser.parse(raw)
        except CellError as error:
            issues.add(number, spec.name, str(error))
    return values


def flag_duplicates(rows: list[Row], key: str, column: str, label: str, issues: Issues) -> None:
    """Every row that shares its key with another row is an error: which one wins is unclear."""
    seen: dict[Any, list[int]] = defaultdict(list)
    for row in rows:
        if row.get(key):
            seen[row[key]].append(row[ROW_KEY])
    for numbers in seen.values():
        for number in numbers if len(numbers) > 1 else ():
            others = ", ".join(str(n) for n in numbers if n != number)
            issues.add(number, column, f"{label} ganda di baris {others}.")


def without_errors(rows: list[Row], issues: Issues) -> list[Row]:
    return [row for row in rows if row[ROW_KEY] not in issues.rows]


def find_cycles(parent_of: dict[str, str | None]) -> dict[str, list[str]]:
    """Each key that sits on a loop of parents, with the loop, walking every chain once."""
    done: set[str] = set()
    cycles: dict[str, list[str]] = {}
    for start in parent_of:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node in parent_of and node not in done:
            if node in position:
                loop = path[position[node] :]
                for member in loop:
                    cycles[member] = loop
                break
            position[node] = len(path)
            path.append(node)
            node = parent_of[node]
        done.update(path)
    return cycles


def cycle_text(loop: list[str]) -> str:
    return " → ".join([*loop, loop[0]])


def chunked(values: list[Any], size: int = 2000) -> Iterable[list[Any]]:
    """Pieces small enough for an `IN (...)` clause on every database."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def changed_fields(obj: models.Model, row: Row, keys: Iterable[str]) -> list[str]:
    return [key for key in keys if key in row and getattr(obj, key) != row[key]]


@dataclass
class Plan:
    """What applying the rows would do: rows to create, (object, row, changed fields) to update."""

    create: list[Row] = field(default_factory=list)
    update: list[tuple[Any, Row, list[str]]] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.create),
            "updated": len(self.update),
            "unchanged": self.unchanged,
        }


@dataclass(frozen=True)
class TreeWords:
    """How the messages of `check_tree` name the parent, e.g. 'unit induk'."""

    parent: str  # "unit induk"
    loop: str  # "Unit induk"


def check_tree(
    rows: list[Row],
    *,
    parent_key: str,
    column: str,
    stored_parent: dict[str, str | None],
    words: TreeWords,
    issues: Issues,
) -> None:
    """Parents must exist, in the database or in a valid row of the file, and form no loop.

    `stored_parent` maps every stored kode to its parent's kode: the tree the file lands on.
    A parent may be defined further down the file; a row whose parent row is itself in error
    is an error too, because it could not be applied.
    """
    for row in rows:
        if row.get(parent_key) and row[parent_key] == row.get("kode"):
            issues.add(row[ROW_KEY], column, f"Kode {words.parent} sama dengan kodenya sendiri.")
    _check_parents_exist(rows, parent_key, column, stored_parent, words, issues)
    valid = without_errors(rows, issues)
    parent_of = dict(stored_parent)
    for row in valid:
        if parent_key in row:
            parent_of[row["kode"]] = row[parent_key] or None
    cycles = find_cycles(parent_of)
    for row in valid:
        if row["kode"] in cycles:
            members = cycles[row["kode"]]
            start = members.index(row["kode"])
            loop = cycle_text(members[start:] + members[:start])
            issues.add(row[ROW_KEY], column, f"{words.loop} membentuk lingkaran: {loop}.")


def _check_parents_exist(
    rows: list[Row],
    parent_key: str,
    column: str,
    stored_parent: dict[str, str | None],
    words: TreeWords,
    issues: Issues,
) -> None:
    row_of_kode = {row["kode"]: row[ROW_KEY] for row in rows if row.get("kode")}
    while True:  # until no row loses its parent to another row's error
        valid = without_errors(rows, issues)
        known = set(stored_parent) | {row["kode"] for row in valid}
        orphans = [row for row in valid if row.get(parent_key) and row[parent_key] not in known]
        if not orphans:
            return
        for row in orphans:
            parent = row[parent_key]
            if parent in row_of_kode:
                message = f"Baris {row_of_kode[parent]} ({words.parent} {parent}) bermasalah."
            else:
                message = f"Kode {words.parent} {parent} tidak ditemukan."
            issues.add(row[ROW_KEY], column, message)


# ---------------------------------------------------------------------------------------------
# The batch: stored rows, plan counts, and the one-way status.


def dump_rows(rows: list[Row], fields: list[Field]) -> list[Row]:
    parsers = {spec.key: spec.parser for spec in fields}
    return [
        {key: parsers[key].dump(value) if key in parsers else value for key, value in row.items()}
        for row in rows
    ]


def load_rows(stored: list[Row], fields: list[Field]) -> list[Row]:
    parsers = {spec.key: spec.parser for spec in fields}
    return [
        {key: parsers[key].load(value) if key in parsers else value for key, value in row.items()}
        for row in stored
    ]


def save_preview(
    *,
    actor: Any,
    instansi_id: int,
    kind: str,
    filename: str,
    content: bytes,
    parsed: ParsedFile,
    valid_rows: list[Row],
    fields: list[Field],
    issues: Issues,
    plan: dict[str, int],
) -> ImportBatch:
    return ImportBatch.objects.create(
        instansi_id=instansi_id,
        kind=kind,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        filename=filename[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        total_rows=parsed.total,
        valid_rows=dump_rows(valid_rows, fields),
        errors=issues.sorted(),
        result={"plan": plan, "columns": sorted(parsed.present), "ignored": parsed.ignored},
    )


@dataclass(frozen=True)
class Staging[C]:
    """How one kind of file is checked before anything is written.

    `context` loads what the checks compare against, once per file (it sees the rows that passed
    parsing); `check` adds the row errors; `plan` counts what applying would create or change.
    """

    kind: str
    fields: list[Field]
    key: str
    key_column: str
    key_label: str
    context: Callable[[Any, list[Row]], C]
    check: Callable[[list[Row], C, Issues], None]
    plan: Callable[[list[Row], C], Any]


def stage_import[C](
    staging: Staging[C], *, actor: Any, instansi: Any, filename: str, content: bytes
) -> ImportBatch:
    """Parse and check a file and store it as a batch in preview; no domain row is written."""
    issues = Issues()
    parsed = parse_file(filename, content, staging.fields, issues)
    flag_duplicates(parsed.rows, staging.key, staging.key_column, staging.key_label, issues)
    ctx = staging.context(instansi, without_errors(parsed.rows, issues))
    staging.check(parsed.rows, ctx, issues)
    valid = without_errors(parsed.rows, issues)
    return save_preview(
        actor=actor,
        instansi_id=instansi.pk,
        kind=staging.kind,
        filename=filename,
        content=content,
        parsed=parsed,
        valid_rows=valid,
        fields=staging.fields,
        issues=issues,
        plan=staging.plan(valid, ctx).counts(),
    )


def lock_for_apply(batch: ImportBatch) -> ImportBatch:
    """The batch row, locked; refuses a batch that was already applied or discarded."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status == ImportBatch.Status.APPLIED:
        raise ValidationError("Batch impor ini sudah diterapkan.")
    if locked.status != ImportBatch.Status.PREVIEW:
        raise ValidationError("Batch impor ini sudah dibatalkan.")
    return locked


def finish_apply(*, actor: Any, batch: ImportBatch, counts: dict[str, int]) -> dict[str, int]:
    counts = {**counts, "skipped_error_rows": batch.error_row_count}
    batch.status = ImportBatch.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.result = {**batch.result, "applied": counts}
    batch.save(update_fields=["status", "applied_at", "result"])
    record_audit_event(
        actor=actor,
        action=f"import_{batch.kind}",
        obj=batch,
        instansi_id=batch.instansi_id,
        summary=(
            f"Impor {batch.kind} {batch.filename}: {counts['created']} baru, "
            f"{counts['updated']} diubah, {counts['unchanged']} tetap, "
            f"{counts['skipped_error_rows']} baris bermasalah dilewati"
        ),
        data=counts,
    )
    return counts


def refuse_stale(issues: Issues) -> None:
    """At apply time the database may have moved since the preview; never apply half-checked."""
    if issues.items:
        first = issues.sorted()[0]
        raise ValidationError(
            "Data induk berubah sejak pratinjau (baris "
            f"{first['row']}: {first['message']}). Unggah ulang berkas untuk pratinjau baru."
        )


def run_apply(
    *, actor: Any, batch: ImportBatch, write: Callable[[ImportBatch], dict[str, int]]
) -> dict[str, int]:
    """Lock, write the rows with `write`, and close the batch; the caller holds the transaction."""
    locked = lock_for_apply(batch)
    counts = finish_apply(actor=actor, batch=locked, counts=write(locked))
    batch.status, batch.applied_at, batch.result = locked.status, locked.applied_at, locked.result
    return counts


@transaction.atomic
def discard_import(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    locked = lock_for_apply(batch)
    locked.status = ImportBatch.Status.DISCARDED
    locked.save(update_fields=["status"])
    record_audit_event(
        actor=actor,
        action=f"discard_import_{locked.kind}",
        obj=locked,
        instansi_id=locked.instansi_id,
        summary=f"Impor {locked.kind} {locked.filename} dibatalkan",
    )
    batch.status = locked.status
    return locked
