"""Import of employees from a spreadsheet laid out like a SIASN export (docs/import-template.md).

Rows are matched by NIP. The NIP is checked against the status (PNS/CPNS NIP or NI PPPK) and
supplies the birth date and gender when those cells are empty. A kode_jabatan puts the employee
in that position as definitif, ending their previous definitif seat; an employee who already
holds it is left alone, so re-importing a file changes nothing. Accounts are not created here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from ekinerja.core.imports import (
    ROW_KEY,
    CellError,
    Choice,
    Date,
    Field,
    Issues,
    Parser,
    Plan,
    Row,
    Staging,
    Text,
    changed_fields,
    chunked,
    load_rows,
    refuse_stale,
    run_apply,
    stage_import,
    without_errors,
)
from ekinerja.core.models import ImportBatch
from ekinerja.core.tabular import Column, is_scientific
from ekinerja.org import imports as org_imports
from ekinerja.org.models import Instansi, Position

from .choices import (
    GOLONGAN_PPPK,
    PANGKAT_PNS,
    STATUS_ASN,
    JenisKelamin,
    JenisPenugasan,
    Kategori,
    Kedudukan,
    StatusKepegawaian,
)
from .models import Assignment, Employee
from .nip import NipError, normalize_nip, parse_identifier
from .services import is_single_holder

KIND_EMPLOYEE = "pegawai"
BATCH_SIZE = 500
ONE_DAY = dt.timedelta(days=1)


class NipText(Parser):
    """The NIP as digits; a number Excel turned into 1.98501E+17 has lost digits for good."""

    def parse(self, raw: str) -> str:
        if is_scientific(raw):
            raise CellError("NIP tertulis sebagai angka ilmiah; format kolom sebagai Teks.")
        return normalize_nip(raw)


_GOLONGAN = re.compile(r"^(?:pppk\s*)?([ivx]+)\s*(?:[/.\-]?\s*([a-e]))?$", re.IGNORECASE)


class Golongan(Parser):
    """'III/a', 'iii-a', 'IIIa' -> 'III/a'; 'IX', 'PPPK IX' -> 'IX'. Status fit is checked later."""

    def parse(self, raw: str) -> str:
        if not raw:
            return ""
        match = _GOLONGAN.match(raw.strip())
        if match is None:
            raise CellError(f"Golongan '{raw}' tidak dikenal.")
        roman, letter = match.group(1).upper(), match.group(2)
        return f"{roman}/{letter.lower()}" if letter else roman


class Email(Parser):
    def parse(self, raw: str) -> str:
        if raw:
            try:
                validate_email(raw)
            except ValidationError:
                raise CellError(f"Alamat surel '{raw}' tidak valid.") from None
        return raw


ASN_STATUS = [(code, label) for code, label in StatusKepegawaian.choices if code in STATUS_ASN]
GENDER_ALIASES = {"laki laki": "L", "pria": "L", "wanita": "P"}

EMPLOYEE_FIELDS = [
    Field.of(
        "nip",
        "nip",
        NipText(),
        21,
        text=True,
        required=True,
        help="NIP PNS/CPNS atau NI PPPK, 18 digit; format kolom sebagai Teks.",
    ),
    Field.of("nama", "nama", Text(150), 30, required=True, help="Nama tanpa gelar."),
    Field.of("gelar_depan", "gelar_depan", Text(40), 12, help="Mis. dr., Ir."),
    Field.of("gelar_belakang", "gelar_belakang", Text(60), 15, help="Mis. S.Kom., M.M."),
    Field.of("tempat_lahir", "tempat_lahir", Text(80), 16, help="Kota/kabupaten tempat lahir."),
    Field.of(
        "tanggal_lahir",
        "tanggal_lahir",
        Date(),
        13,
        help="YYYY-MM-DD atau DD-MM-YYYY; harus sama dengan NIP; kosong berarti diambil dari NIP.",
    ),
    Field.of(
        "jenis_kelamin",
        "jenis_kelamin",
        Choice.of(JenisKelamin.choices, aliases=GENDER_ALIASES, shown="L, P"),
        13,
        help="L atau P; harus sesuai digit ke-15 NIP; kosong berarti diambil dari NIP.",
    ),
    Field.of(
        "status", "status", Choice.of(ASN_STATUS), 9, required=True, help="PNS, CPNS, atau PPPK."
    ),
    Field.of(
        "golongan",
        "golongan",
        Golongan(),
        10,
        help="I/a sampai IV/e untuk PNS/CPNS; I sampai XVII untuk PPPK.",
    ),
    Field.of(
        "kategori",
        "kategori",
        Choice.of(Kategori.choices, default=Kategori.UMUM),
        16,
        help="Umum, Guru, atau Tenaga Kesehatan; kosong berarti Umum.",
    ),
    Field.of(
        "kedudukan",
        "kedudukan",
        Choice.of(Kedudukan.choices, default=Kedudukan.AKTIF),
        16,
        help="Aktif, Tugas Belajar, Pensiun, ...; kosong berarti Aktif.",
    ),
    Field.of(
        "kode_jabatan",
        "kode_jabatan",
        Text(40),
        16,
        text=True,
        help="Kode jabatan definitif (harus sudah ada); kosong berarti jabatan tidak diubah.",
    ),
    Field.of(
        "tmt_jabatan", "tmt_jabatan", Date(), 13, help="TMT jabatan itu; kosong berarti hari ini."
    ),
    Field.of("email", "email", Email(), 26, help="Alamat surel."),
    Field.of("telepon", "telepon", Text(20), 16, text=True, help="Nomor telepon/HP."),
]
EMPLOYEE_ATTRS = [
    "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
    "status", "golongan", "kategori", "kedudukan", "email", "telepon",
]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Row checks that need no database


def _check_identity(row: Row, today: dt.date, issues: Issues) -> None:
    """NIP against status, birth date, gender digit; golongan against status."""
    number = row[ROW_KEY]
    pppk = row["status"] == StatusKepegawaian.PPPK
    try:
        parts = parse_identifier(row["nip"], pppk=pppk, today=today)
    except NipError as error:
        issues.add(number, "nip", str(error))
        return
    if row.get("tanggal_lahir") and row["tanggal_lahir"] != parts.tanggal_lahir:
        message = "Tanggal lahir tidak sama dengan tanggal lahir pada NIP."
        issues.add(number, "tanggal_lahir", message)
    if row.get("jenis_kelamin") and row["jenis_kelamin"] != parts.jenis_kelamin:
        issues.add(number, "jenis_kelamin", "Jenis kelamin tidak sesuai digit ke-15 NIP.")
    row["tanggal_lahir"] = parts.tanggal_lahir
    row["jenis_kelamin"] = parts.jenis_kelamin
    _check_golongan(row, pppk, issues)


def _check_golongan(row: Row, pppk: bool, issues: Issues) -> None:
    golongan = row.get("golongan")
    if not golongan:
        return
    if pppk and golongan not in GOLONGAN_PPPK:
        message = f"Golongan {golongan} bukan golongan PPPK (I sampai XVII)."
        issues.add(row[ROW_KEY], "golongan", message)
    elif not pppk and golongan not in PANGKAT_PNS:
        message = f"Golongan {golongan} bukan golongan PNS/CPNS (I/a sampai IV/e)."
        issues.add(row[ROW_KEY], "golongan", message)


# ---------------------------------------------------------------------------------------------
# What the database says about the file's NIPs and positions, loaded once per batch


@dataclass
class EmployeeContext:
    instansi: Instansi
    today: dt.date
    employees: dict[str | None, Employee]  # the file's NIPs that are stored, in any instansi
    positions: dict[str, Position]  # the instansi's positions by kode
    current: dict[int, list[Assignment]]  # employee id -> definitif seats not yet ended
    holders: dict[int, list[Assignment]]  # position id -> the same seats

    def seats_of(self, employee: Employee | None) -> list[Assignment]:
        return self.current.get(employee.pk, []) if employee else []


def _employee_context(instansi: Instansi, rows: list[Row]) -> EmployeeContext:
    today = timezone.localdate()
    nips = sorted({row["nip"] for row in rows if row.get("nip")})
    employees: dict[str | None, Employee] = {}
    for piece in chunked(nips):
        employees.update((e.nip, e) for e in Employee.objects.filter(nip__in=piece))
    positions = {
        p.kode: p
        for p in Position.objects.filter(instansi=instansi).only(
            "id", "kode", "nama", "jenis_jabatan", "is_unit_head"
        )
    }
    ours = sorted(e.pk for e in employees.values() if e.instansi_id == instansi.pk)
    current: dict[int, list[Assignment]] = defaultdict(list)
    for piece in chunked(ours):
        for seat in _open_definitif_seats(today).filter(employee_id__in=piece):
            current[seat.employee_id].append(seat)
    return EmployeeContext(
        instansi, today, employees, positions, current, _holders(rows, positions, today)
    )


def _open_definitif_seats(today: dt.date) -> QuerySet[Assignment]:
    # Filtering by ids instead of joining employees keeps the plan sane on PostgreSQL even when
    # the table statistics still describe the table before a large import.
    return (
        Assignment.objects.filter(jenis=JenisPenugasan.DEFINITIF)
        .exclude(selesai__lt=today)
        .only("id", "employee_id", "position_id", "mulai", "selesai")
        .order_by()
    )


def _holders(
    rows: list[Row], positions: dict[str, Position], today: dt.date
) -> dict[int, list[Assignment]]:
    """Current definitif holders of the one-holder positions that the file assigns."""
    targets = {row.get("kode_jabatan") for row in rows} - {None, ""}
    single = sorted(
        positions[kode].pk
        for kode in targets
        if kode in positions and is_single_holder(positions[kode])
    )
    holders: dict[int, list[Assignment]] = defaultdict(list)
    for piece in chunked(single):
        seats = _open_definitif_seats(today).filter(position_id__in=piece)
        for seat in seats.annotate(holder_nip=F("employee__nip")):
            holders[seat.position_id].append(seat)
    return holders


@dataclass(frozen=True)
class Move:
    """A new definitif seat for one row, and the seats it ends."""

    nip: str
    position_id: int
    mulai: dt.date
    ends: list[Assignment]


def _move_for(row: Row, employee: Employee | None, ctx: EmployeeContext) -> Move | None:
    position = ctx.positions.get(row.get("kode_jabatan") or "")
    if position is None:
        return None
    seats = ctx.seats_of(employee)
    if any(seat.position_id == position.pk for seat in seats):
        return None
    mulai = row.get("tmt_jabatan") or ctx.today
    ends = [seat for seat in seats if seat.selesai is None or seat.selesai >= mulai]
    return Move(row["nip"], position.pk, mulai, ends)


def _check_against_db(rows: list[Row], ctx: EmployeeContext, issues: Issues) -> None:
    moves: dict[int, Move] = {}
    for row in rows:
        employee = ctx.employees.get(row["nip"])
        if employee is not None and employee.instansi_id != ctx.instansi.pk:
            issues.add(row[ROW_KEY], "nip", "NIP ini terdaftar pada instansi lain.")
        elif row.get("kode_jabatan") and row["kode_jabatan"] not in ctx.positions:
            message = f"Kode jabatan {row['kode_jabatan']} tidak ditemukan."
            issues.add(row[ROW_KEY], "kode_jabatan", message)
        else:
            move = _move_for(row, employee, ctx)
            if move is not None:
                moves[row[ROW_KEY]] = move
    _check_moves(rows, moves, ctx, issues)


def _check_moves(
    rows: list[Row], moves: dict[int, Move], ctx: EmployeeContext, issues: Issues
) -> None:
    """A new seat must start after the seats it ends; a head position takes one holder."""
    leaving = {seat.pk for move in moves.values() for seat in move.ends}
    claimed: dict[int, int] = {}
    for row in rows:
        move = moves.get(row[ROW_KEY])
        if move is None:
            continue
        for seat in move.ends:
            if seat.mulai >= move.mulai:
                issues.add(
                    row[ROW_KEY],
                    "tmt_jabatan",
                    f"TMT jabatan harus sesudah TMT jabatan sekarang ({seat.mulai:%d-%m-%Y}).",
                )
        position = ctx.positions[row["kode_jabatan"]]
        if is_single_holder(position):
            _check_single_holder(row, position, claimed, leaving, ctx, issues)


def _check_single_holder(
    row: Row,
    position: Position,
    claimed: dict[int, int],
    leaving: set[int],
    ctx: EmployeeContext,
    issues: Issues,
) -> None:
    number = row[ROW_KEY]
    if position.pk in claimed:
        first = claimed[position.pk]
        message = (
            f"Jabatan {position.kode} hanya untuk satu pejabat; sudah dipakai di baris {first}."
        )
        issues.add(number, "kode_jabatan", message)
        return
    claimed[position.pk] = number
    staying = [seat for seat in ctx.holders.get(position.pk, []) if seat.pk not in leaving]
    if staying:
        nip = staying[0].holder_nip  # type: ignore[attr-defined]
        message = f"Jabatan {position.kode} masih dipegang pegawai NIP {nip} secara definitif."
        issues.add(number, "kode_jabatan", message)


def _check_employees(rows: list[Row], ctx: EmployeeContext, issues: Issues) -> None:
    for row in without_errors(rows, issues):
        _check_identity(row, ctx.today, issues)
    _check_against_db(without_errors(rows, issues), ctx, issues)


# ---------------------------------------------------------------------------------------------
# Plan and write


@dataclass
class EmployeePlan(Plan):
    moves: list[Move] = field(default_factory=list)


def _plan_employees(rows: list[Row], ctx: EmployeeContext) -> EmployeePlan:
    plan = EmployeePlan()
    for row in rows:
        employee = ctx.employees.get(row["nip"])
        move = _move_for(row, employee, ctx)
        if move is not None:
            plan.moves.append(move)
        if employee is None:
            plan.create.append(row)
            continue
        changed = changed_fields(employee, row, EMPLOYEE_ATTRS)
        if changed or move is not None:
            plan.update.append((employee, row, changed))
        else:
            plan.unchanged += 1
    return plan


EMPLOYEE_STAGING = Staging(
    kind=KIND_EMPLOYEE,
    fields=EMPLOYEE_FIELDS,
    key="nip",
    key_column="nip",
    key_label="NIP",
    context=_employee_context,
    check=_check_employees,
    plan=_plan_employees,
)


def preview_employee_import(
    *, actor: Any, instansi: Instansi, filename: str, content: bytes
) -> ImportBatch:
    """Parse and check an employee file and store it as a batch in preview; nothing else."""
    return stage_import(
        EMPLOYEE_STAGING, actor=actor, instansi=instansi, filename=filename, content=content
    )


def apply_employee_rows(batch: ImportBatch, fields: Any) -> tuple[Any, Any]:
    """Check a previewed batch's rows against the database again (a stale batch is refused
    whole), then create the new employees and update the changed ones. Returns the plan and
    the context, for writers that do more (seats)."""
    instansi = Instansi.objects.get(pk=batch.instansi_id)
    rows = load_rows(batch.valid_rows, fields)
    ctx = _employee_context(instansi, rows)
    issues = Issues()
    _check_employees(rows, ctx, issues)
    refuse_stale(issues)
    plan = _plan_employees(rows, ctx)
    Employee.objects.bulk_create(
        [_new_employee(instansi, row) for row in plan.create], batch_size=BATCH_SIZE
    )
    _update_employees(plan)
    return plan, ctx


def _write_employees(batch: ImportBatch) -> dict[str, int]:
    plan, ctx = apply_employee_rows(batch, EMPLOYEE_FIELDS)
    return {**plan.counts(), **_write_moves(plan.moves, ctx)}


def _new_employee(instansi: Instansi, row: Row) -> Employee:
    values = {key: row[key] for key in EMPLOYEE_ATTRS if key in row}
    return Employee(instansi=instansi, nip=row["nip"], **values)


def _update_employees(plan: EmployeePlan) -> None:
    """Only rows whose own fields changed are written, with a fresh updated_at."""
    now = timezone.now()
    fields: set[str] = set()
    changed_employees = []
    for employee, row, changed in plan.update:
        if not changed:
            continue
        for key in changed:
            setattr(employee, key, row[key])
        employee.updated_at = now
        fields.update(changed)
        changed_employees.append(employee)
    if changed_employees:
        Employee.objects.bulk_update(
            changed_employees, [*sorted(fields), "updated_at"], batch_size=BATCH_SIZE
        )


def _write_moves(moves: list[Move], ctx: EmployeeContext) -> dict[str, int]:
    ids: dict[str | None, int] = {}
    for piece in chunked(sorted({move.nip for move in moves})):
        ids.update(Employee.objects.filter(nip__in=piece).values_list("nip", "id"))
    ended = []
    for move in moves:
        for seat in move.ends:
            seat.selesai = move.mulai - ONE_DAY
            ended.append(seat)
    Assignment.objects.bulk_update(ended, ["selesai"], batch_size=BATCH_SIZE)
    Assignment.objects.bulk_create(
        [
            Assignment(
                employee_id=ids[move.nip],
                position_id=move.position_id,
                jenis=JenisPenugasan.DEFINITIF,
                mulai=move.mulai,
            )
            for move in moves
        ],
        batch_size=BATCH_SIZE,
    )
    return {"assignments_created": len(moves), "assignments_ended": len(ended)}


# ---------------------------------------------------------------------------------------------
# Every import kind, for the views


WRITERS: dict[str, Callable[[ImportBatch], dict[str, int]]] = {
    **org_imports.WRITERS,
    KIND_EMPLOYEE: _write_employees,
}


@transaction.atomic
def apply_import(*, actor: Any, batch: ImportBatch) -> dict[str, int]:
    """Write a batch's valid rows (any kind); refuses a batch that is not in preview.

    Returns {created, updated, unchanged, skipped_error_rows}, plus assignment counts for
    employee batches.
    """
    return run_apply(actor=actor, batch=batch, write=WRITERS[batch.kind])


@dataclass(frozen=True)
class ImportKind:
    kind: str
    label: str
    icon: str
    fields: list[Field]
    preview: Callable[..., ImportBatch]
    examples: list[dict[str, Any]]  # two rows for the downloadable template, by column
    # True when a file with any bad row is refused whole rather than applied in part.
    all_or_nothing: bool = False

    @property
    def columns(self) -> list[Column]:
        return [spec.column for spec in self.fields]

    def example_rows(self) -> list[list[Any]]:
        return [[example.get(spec.name, "") for spec in self.fields] for example in self.examples]

    def sample_table(self, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
        """For a preview: the columns that have values in these valid rows, and the rows as
        display text, each led by its row number in the file."""
        fields = [spec for spec in self.fields if any(spec.key in row for row in rows)]
        table = [[row.get("_row"), *(_shown(row.get(spec.key)) for spec in fields)] for row in rows]
        return [spec.name for spec in fields], table


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


UNIT_EXAMPLES: list[dict[str, Any]] = [
    {
        "kode_unit": "03",
        "nama_unit": "Dinas Kesehatan",
        "singkatan": "Dinkes",
        "jenis_unit": "Dinas",
        "zona_waktu": "WITA",
        "alamat": "Jl. Merdeka No. 1",
        "lintang": -0.502106,
        "bujur": 117.153709,
        "radius_m": 100,
    },
    {
        "kode_unit": "03.01",
        "nama_unit": "Bidang Pencegahan dan Pengendalian Penyakit",
        "singkatan": "P2P",
        "jenis_unit": "bidang",
        "kode_unit_induk": "03",
    },
]
POSITION_EXAMPLES: list[dict[str, Any]] = [
    {
        "kode_jabatan": "KADINKES",
        "nama_jabatan": "Kepala Dinas Kesehatan",
        "jenis_jabatan": "JPT Pratama",
        "kelas_jabatan": 14,
        "eselon": "II.b",
        "kode_unit": "03",
        "kode_jabatan_atasan": "SEKDA",
        "kepala_unit": "ya",
    },
    {
        "kode_jabatan": "EPID-MUDA",
        "nama_jabatan": "Epidemiolog Kesehatan Ahli Muda",
        "jenis_jabatan": "Fungsional Keahlian",
        "jenjang": "Ahli Muda",
        "kelas_jabatan": 9,
        "kode_unit": "03.01",
        "kode_jabatan_atasan": "KADINKES",
        "kepala_unit": "tidak",
    },
]
EMPLOYEE_EXAMPLES: list[dict[str, Any]] = [
    {
        "nip": "198503122010012003",
        "nama": "Siti Aminah",
        "gelar_depan": "dr.",
        "gelar_belakang": "M.Kes.",
        "tempat_lahir": "Samarinda",
        "tanggal_lahir": "1985-03-12",
        "jenis_kelamin": "P",
        "status": "PNS",
        "golongan": "IV/a",
        "kategori": "Tenaga Kesehatan",
        "kedudukan": "Aktif",
        "kode_jabatan": "KADINKES",
        "tmt_jabatan": "2023-01-02",
        "email": "siti.aminah@example.go.id",
        "telepon": "081234567890",
    },
    {
        "nip": "199207152023211004",
        "nama": "Rudi Hartono",
        "gelar_belakang": "S.Kom.",
        "tempat_lahir": "Balikpapan",
        "tanggal_lahir": "15-07-1992",
        "jenis_kelamin": "L",
        "status": "PPPK",
        "golongan": "IX",
        "kode_jabatan": "EPID-MUDA",
    },
]

KINDS = {
    kind.kind: kind
    for kind in [
        ImportKind(
            org_imports.KIND_UNIT,
            "Unit kerja",
            "bi-diagram-3",
            org_imports.UNIT_FIELDS,
            org_imports.preview_unit_import,
            UNIT_EXAMPLES,
        ),
        ImportKind(
            org_imports.KIND_POSITION,
            "Jabatan",
            "bi-person-badge",
            org_imports.POSITION_FIELDS,
            org_imports.preview_position_import,
            POSITION_EXAMPLES,
        ),
        ImportKind(
            KIND_EMPLOYEE,
            "Pegawai",
            "bi-people",
            EMPLOYEE_FIELDS,
            preview_employee_import,
            EMPLOYEE_EXAMPLES,
        ),
    ]
}


def register_import_kind(kind: ImportKind, write: Callable[[ImportBatch], dict[str, int]]) -> None:
    """Add the import kind of an app further along the import order (activity, planning, ...).

    Such an app calls this from its AppConfig.ready(): the import page then offers its template,
    preview and apply without people importing that app."""
    known = KINDS.get(kind.kind)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"Import kind {kind.kind!r} is already registered.")
    KINDS[kind.kind] = kind
    WRITERS[kind.kind] = write
