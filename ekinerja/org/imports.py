"""Import of units and positions from a spreadsheet (docs/import-template.md).

Rows are matched by (instansi, kode). Only the columns the file has are compared and written, so
a file with just kode_unit, nama_unit and jenis_unit leaves addresses and coordinates alone.
A parent (kode_unit_induk, kode_jabatan_atasan) may be stored already or defined anywhere in the
same file; parents are always looked up within the batch's own instansi.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from ekinerja.core.imports import (
    ROW_KEY,
    Choice,
    Field,
    Integer,
    Issues,
    Number,
    Plan,
    Row,
    Staging,
    Text,
    TreeWords,
    YesNo,
    changed_fields,
    check_tree,
    load_rows,
    refuse_stale,
    run_apply,
    stage_import,
    without_errors,
)
from ekinerja.core.models import ImportBatch

from .choices import Eselon, JenisJabatan, JenisUnit, Jenjang, ZonaWaktu
from .models import Instansi, Position, Unit, position_field_errors

KIND_UNIT = "unit"
KIND_POSITION = "jabatan"
BATCH_SIZE = 500


def _eselon_aliases() -> dict[str, str]:
    """'III/a', 'IIIa' and 'III.a' all mean eselon III.a; '-' means non-eselon."""
    aliases = {"-": "", "non eselon": "", "nonesselon": ""}
    for code, _label in Eselon.choices:
        if code:
            aliases[code.replace(".", "/")] = code
            aliases[code.replace(".", "")] = code
    return aliases


UNIT_FIELDS = [
    Field.of(
        "kode_unit",
        "kode",
        Text(32),
        14,
        text=True,
        required=True,
        help="Kode unik unit di instansi ini, mis. 03.01.",
    ),
    Field.of("nama_unit", "nama", Text(200), 40, required=True, help="Nama resmi unit kerja."),
    Field.of("singkatan", "singkatan", Text(40), 14, help="Singkatan, mis. Dinkes."),
    Field.of(
        "jenis_unit",
        "jenis",
        Choice.of(JenisUnit.choices),
        16,
        required=True,
        help="Dinas, Badan, Bidang, Seksi, UPT, ... (kode atau nama).",
    ),
    Field.of(
        "kode_unit_induk",
        "parent_kode",
        Text(32),
        16,
        text=True,
        help="Kode unit di atasnya (kosong untuk unit puncak); boleh unit di baris lain.",
    ),
    Field.of(
        "zona_waktu",
        "zona_waktu",
        Choice.of(ZonaWaktu.choices, shown="WIB, WITA, WIT"),
        11,
        help="WIB, WITA, atau WIT; kosong berarti zona waktu instansi.",
    ),
    Field.of("alamat", "alamat", Text(255), 40, help="Alamat kantor."),
    Field.of(
        "lintang",
        "latitude",
        Number(Decimal(-90), Decimal(90)),
        12,
        help="Lintang lokasi presensi, mis. -6.200000.",
    ),
    Field.of(
        "bujur",
        "longitude",
        Number(Decimal(-180), Decimal(180)),
        12,
        help="Bujur lokasi presensi, mis. 106.816666.",
    ),
    Field.of(
        "radius_m",
        "radius_m",
        Integer(1, 100_000),
        10,
        help="Radius presensi dalam meter; perlu lintang dan bujur.",
    ),
]
UNIT_ATTRS = [
    "nama",
    "singkatan",
    "jenis",
    "zona_waktu",
    "alamat",
    "latitude",
    "longitude",
    "radius_m",
]

POSITION_FIELDS = [
    Field.of(
        "kode_jabatan",
        "kode",
        Text(40),
        16,
        text=True,
        required=True,
        help="Kode unik jabatan di instansi ini.",
    ),
    Field.of("nama_jabatan", "nama", Text(255), 40, required=True, help="Nama jabatan."),
    Field.of(
        "jenis_jabatan",
        "jenis_jabatan",
        Choice.of(JenisJabatan.choices),
        22,
        required=True,
        help="JPT Pratama, Administrator, Pengawas, Pelaksana, Fungsional Keahlian, ...",
    ),
    Field.of(
        "jenjang",
        "jenjang",
        Choice.of(Jenjang.choices),
        14,
        help="Untuk jabatan fungsional: Ahli Pertama ... Ahli Utama, Pemula ... Penyelia.",
    ),
    Field.of(
        "kelas_jabatan",
        "kelas_jabatan",
        Integer(1, 17),
        13,
        help="1 sampai 17; kosong hanya untuk Kepala Daerah.",
    ),
    Field.of(
        "eselon",
        "eselon",
        Choice.of(Eselon.choices, aliases=_eselon_aliases(), shown="I.a ... V.a, atau kosong"),
        9,
        help="I.a sampai V.a; kosong untuk non-eselon.",
    ),
    Field.of(
        "kode_unit",
        "unit_kode",
        Text(32),
        14,
        text=True,
        required=True,
        help="Kode unit tempat jabatan berada (harus sudah ada).",
    ),
    Field.of(
        "kode_jabatan_atasan",
        "reports_to_kode",
        Text(40),
        18,
        text=True,
        help="Kode jabatan atasan langsung; boleh jabatan di baris lain.",
    ),
    Field.of(
        "kepala_unit",
        "is_unit_head",
        YesNo(),
        12,
        help="ya bila jabatan ini memimpin unitnya, selain itu tidak.",
    ),
]
POSITION_ATTRS = ["nama", "jenis_jabatan", "jenjang", "kelas_jabatan", "eselon", "is_unit_head"]

UNIT_WORDS = TreeWords(parent="unit induk", loop="Unit induk")
POSITION_WORDS = TreeWords(parent="jabatan atasan", loop="Jabatan atasan")


# ---------------------------------------------------------------------------------------------
# Units


@dataclass
class UnitContext:
    instansi: Instansi
    by_kode: dict[str, Unit]
    parent_kode: dict[str, str | None]  # every stored unit's kode -> its parent's kode


def _unit_context(instansi: Instansi) -> UnitContext:
    units = list(Unit.objects.filter(instansi=instansi))
    kode_of: dict[int | None, str] = {unit.id: unit.kode for unit in units}
    return UnitContext(
        instansi=instansi,
        by_kode={unit.kode: unit for unit in units},
        parent_kode={unit.kode: kode_of.get(unit.parent_id) for unit in units},
    )


def _check_units(rows: list[Row], ctx: UnitContext, issues: Issues) -> None:
    for row in without_errors(rows, issues):
        stored = ctx.by_kode.get(row["kode"])
        if not row.get("zona_waktu") and ("zona_waktu" in row or stored is None):
            row["zona_waktu"] = ctx.instansi.zona_waktu
        _check_unit_location(row, stored, issues)
    check_tree(
        rows,
        parent_key="parent_kode",
        column="kode_unit_induk",
        stored_parent=ctx.parent_kode,
        words=UNIT_WORDS,
        issues=issues,
    )


def _check_unit_location(row: Row, stored: Unit | None, issues: Issues) -> None:
    def merged(key: str) -> Any:
        return row[key] if key in row else getattr(stored, key, None)

    latitude, longitude = merged("latitude"), merged("longitude")
    if (latitude is None) != (longitude is None):
        message = "Lintang dan bujur harus diisi berdua atau kosong berdua."
        issues.add(row[ROW_KEY], "lintang", message)
    elif merged("radius_m") and latitude is None:
        issues.add(row[ROW_KEY], "radius_m", "Radius presensi memerlukan lintang dan bujur.")


def _plan_units(rows: list[Row], ctx: UnitContext) -> Plan:
    plan = Plan()
    for row in rows:
        unit = ctx.by_kode.get(row["kode"])
        if unit is None:
            plan.create.append(row)
            continue
        changed = changed_fields(unit, row, UNIT_ATTRS)
        if "parent_kode" in row and ctx.parent_kode[unit.kode] != (row["parent_kode"] or None):
            changed.append("parent")
        if changed:
            plan.update.append((unit, row, changed))
        else:
            plan.unchanged += 1
    return plan


UNIT_STAGING = Staging(
    kind=KIND_UNIT,
    fields=UNIT_FIELDS,
    key="kode",
    key_column="kode_unit",
    key_label="Kode unit",
    context=lambda instansi, _rows: _unit_context(instansi),
    check=_check_units,
    plan=_plan_units,
)


def preview_unit_import(
    *, actor: Any, instansi: Instansi, filename: str, content: bytes
) -> ImportBatch:
    """Parse and check a unit file and store it as a batch in preview; no unit is written."""
    return stage_import(
        UNIT_STAGING, actor=actor, instansi=instansi, filename=filename, content=content
    )


def _write_units(batch: ImportBatch) -> dict[str, int]:
    ctx = _unit_context(Instansi.objects.get(pk=batch.instansi_id))
    rows = load_rows(batch.valid_rows, UNIT_FIELDS)
    issues = Issues()
    _check_units(rows, ctx, issues)
    refuse_stale(issues)
    plan = _plan_units(rows, ctx)
    Unit.objects.bulk_create([_new_unit(ctx, row) for row in plan.create], batch_size=BATCH_SIZE)
    _update_changed(Unit, plan, UNIT_ATTRS)
    ids = dict(Unit.objects.filter(instansi=ctx.instansi).values_list("kode", "id"))
    moved = [row for row in plan.create if _parent_is_new(row, "parent_kode", ctx.by_kode)]
    moved += [row for _unit, row, changed in plan.update if "parent" in changed]
    Unit.objects.bulk_update(
        [Unit(pk=ids[row["kode"]], parent_id=ids.get(row["parent_kode"])) for row in moved],
        ["parent"],
        batch_size=BATCH_SIZE,
    )
    return plan.counts()


def _parent_is_new(row: Row, key: str, stored: Row) -> bool:
    return bool(row.get(key)) and row[key] not in stored


def _new_unit(ctx: UnitContext, row: Row) -> Unit:
    """A unit whose parent is already stored gets it now; a parent from the file comes later."""
    parent = ctx.by_kode.get(row.get("parent_kode") or "")
    values = {key: row[key] for key in UNIT_ATTRS if key in row}
    return Unit(instansi=ctx.instansi, kode=row["kode"], parent=parent, **values)


def _update_changed(model: Any, plan: Plan, attrs: list[str]) -> None:
    """Write only the changed fields of the changed rows; parent links are set afterwards."""
    fields: set[str] = set()
    objects = []
    for obj, row, changed in plan.update:
        plain = [key for key in changed if key in attrs]
        for key in plain:
            if key in row:
                setattr(obj, key, row[key])
        if plain:
            fields.update(plain)
            objects.append(obj)
    if objects:
        model.objects.bulk_update(objects, sorted(fields), batch_size=BATCH_SIZE)


# ---------------------------------------------------------------------------------------------
# Positions


@dataclass
class PositionContext:
    instansi: Instansi
    by_kode: dict[str, Position]
    unit_ids: dict[str, int]
    unit_kode: dict[int, str]
    reports_to_kode: dict[str, str | None]


def _position_context(instansi: Instansi) -> PositionContext:
    positions = list(Position.objects.filter(instansi=instansi))
    kode_of: dict[int | None, str] = {position.id: position.kode for position in positions}
    unit_ids = dict(Unit.objects.filter(instansi=instansi).values_list("kode", "id"))
    return PositionContext(
        instansi=instansi,
        by_kode={position.kode: position for position in positions},
        unit_ids=unit_ids,
        unit_kode={unit_id: kode for kode, unit_id in unit_ids.items()},
        reports_to_kode={p.kode: kode_of.get(p.reports_to_id) for p in positions},
    )


def _check_positions(rows: list[Row], ctx: PositionContext, issues: Issues) -> None:
    for row in without_errors(rows, issues):
        if row["unit_kode"] not in ctx.unit_ids:
            issues.add(row[ROW_KEY], "kode_unit", f"Kode unit {row['unit_kode']} tidak ditemukan.")
        _check_position_fields(row, ctx.by_kode.get(row["kode"]), issues)
    check_tree(
        rows,
        parent_key="reports_to_kode",
        column="kode_jabatan_atasan",
        stored_parent=ctx.reports_to_kode,
        words=POSITION_WORDS,
        issues=issues,
    )


def _check_position_fields(row: Row, stored: Position | None, issues: Issues) -> None:
    def merged(key: str, default: Any) -> Any:
        return row[key] if key in row else getattr(stored, key, default)

    errors = position_field_errors(
        jenis_jabatan=row["jenis_jabatan"],
        jenjang=merged("jenjang", ""),
        kelas_jabatan=merged("kelas_jabatan", None),
    )
    for key, message in errors.items():
        issues.add(row[ROW_KEY], key, message)


def _plan_positions(rows: list[Row], ctx: PositionContext) -> Plan:
    plan = Plan()
    for row in rows:
        position = ctx.by_kode.get(row["kode"])
        if position is None:
            plan.create.append(row)
            continue
        changed = changed_fields(position, row, POSITION_ATTRS)
        if ctx.unit_kode.get(position.unit_id) != row["unit_kode"]:
            changed.append("unit")
        stored_parent = ctx.reports_to_kode[position.kode]
        if "reports_to_kode" in row and stored_parent != (row["reports_to_kode"] or None):
            changed.append("reports_to")
        if changed:
            plan.update.append((position, row, changed))
        else:
            plan.unchanged += 1
    return plan


POSITION_STAGING = Staging(
    kind=KIND_POSITION,
    fields=POSITION_FIELDS,
    key="kode",
    key_column="kode_jabatan",
    key_label="Kode jabatan",
    context=lambda instansi, _rows: _position_context(instansi),
    check=_check_positions,
    plan=_plan_positions,
)


def preview_position_import(
    *, actor: Any, instansi: Instansi, filename: str, content: bytes
) -> ImportBatch:
    """Parse and check a position file and store it as a batch in preview; nothing else."""
    return stage_import(
        POSITION_STAGING, actor=actor, instansi=instansi, filename=filename, content=content
    )


def _write_positions(batch: ImportBatch) -> dict[str, int]:
    ctx = _position_context(Instansi.objects.get(pk=batch.instansi_id))
    rows = load_rows(batch.valid_rows, POSITION_FIELDS)
    issues = Issues()
    _check_positions(rows, ctx, issues)
    refuse_stale(issues)
    plan = _plan_positions(rows, ctx)
    Position.objects.bulk_create(
        [_new_position(ctx, row) for row in plan.create], batch_size=BATCH_SIZE
    )
    for position, row, changed in plan.update:
        if "unit" in changed:
            position.unit_id = ctx.unit_ids[row["unit_kode"]]
    _update_changed(Position, plan, [*POSITION_ATTRS, "unit"])
    _relink_positions(ctx, plan)
    return plan.counts()


def _new_position(ctx: PositionContext, row: Row) -> Position:
    reports_to = ctx.by_kode.get(row.get("reports_to_kode") or "")
    values = {key: row[key] for key in POSITION_ATTRS if key in row}
    return Position(
        instansi=ctx.instansi,
        kode=row["kode"],
        unit_id=ctx.unit_ids[row["unit_kode"]],
        reports_to=reports_to,
        **values,
    )


def _relink_positions(ctx: PositionContext, plan: Plan) -> None:
    """Point rows at superiors that did not exist before this batch, or that changed."""
    ids = dict(Position.objects.filter(instansi=ctx.instansi).values_list("kode", "id"))
    moved = [row for row in plan.create if _parent_is_new(row, "reports_to_kode", ctx.by_kode)]
    moved += [row for _position, row, changed in plan.update if "reports_to" in changed]
    Position.objects.bulk_update(
        [Position(pk=ids[r["kode"]], reports_to_id=ids.get(r["reports_to_kode"])) for r in moved],
        ["reports_to"],
        batch_size=BATCH_SIZE,
    )


# ---------------------------------------------------------------------------------------------

WRITERS = {KIND_UNIT: _write_units, KIND_POSITION: _write_positions}


@transaction.atomic
def apply_import(*, actor: Any, batch: ImportBatch) -> dict[str, int]:
    """Write a unit or position batch's valid rows; counts {created, updated, unchanged, ...}."""
    return run_apply(actor=actor, batch=batch, write=WRITERS[batch.kind])
