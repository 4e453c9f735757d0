"""Import of the activity catalogue (uraian tugas per jabatan, with norma waktu) from a spreadsheet.

Rows are matched by (jabatan, uraian tugas) within the batch's own instansi; the jabatan must be
stored already. A (kode_jabatan, uraian_tugas) pair that appears twice in one file is an error on
both rows. Only the columns the file has are compared and written: a file without `aktif` leaves
the stored flag alone, and new items are then active; a file without `volume_tahunan` (older
templates) leaves the stored volume alone, and new items then have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ekinerja.core.imports import (
    ROW_KEY,
    CellError,
    Field,
    Issues,
    Parser,
    Plan,
    Row,
    Staging,
    Text,
    YesNo,
    changed_fields,
    chunked,
    flag_duplicates,
    load_rows,
    refuse_stale,
    run_apply,
    stage_import,
    without_errors,
)
from ekinerja.core.models import ImportBatch
from ekinerja.org.models import Instansi, Position
from ekinerja.people.imports import ImportKind

from .models import CatalogItem

KIND_CATALOG = "katalog"
BATCH_SIZE = 500
NORMA_MAX = 100_000  # minutes per output; far above any real norma, it only stops typos
VOLUME_MAX = 10_000_000  # outputs a year for one position; only stops typos
PAIR_KEY = "_pasangan"  # (kode_jabatan, uraian) while checking for duplicates; never stored


class NormaWaktu(Parser):
    """Minutes per output: a whole number above zero ('30' or Excel's 30.0)."""

    def parse(self, raw: str) -> int | None:
        if not raw:
            return None
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value <= 0:
            raise CellError(f"Norma waktu harus bilangan bulat lebih dari 0, bukan '{raw}'.")
        if value > NORMA_MAX:
            raise CellError(f"Norma waktu paling banyak {NORMA_MAX} menit, bukan {value}.")
        return value


class VolumeTahunan(Parser):
    """Outputs a year (the ABK beban kerja): a whole number above zero, or empty for none."""

    def parse(self, raw: str) -> int | None:
        if not raw:
            return None
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value <= 0:
            raise CellError(
                f"Volume per tahun harus bilangan bulat lebih dari 0 atau kosong, bukan '{raw}'."
            )
        if value > VOLUME_MAX:
            raise CellError(f"Volume per tahun paling banyak {VOLUME_MAX}, bukan {value}.")
        return value


class YesNoDefaultYes(YesNo):
    """Like YesNo, but an empty cell means 'ya'."""

    def parse(self, raw: str) -> bool:
        return True if not raw.strip() else super().parse(raw)


CATALOG_FIELDS = [
    Field.of(
        "kode_jabatan",
        "position_kode",
        Text(40),
        16,
        text=True,
        required=True,
        help="Kode jabatan yang sudah ada di instansi ini.",
    ),
    Field.of(
        "uraian_tugas",
        "uraian",
        Text(500),
        60,
        required=True,
        help="Uraian tugas dari analisis jabatan; unik per jabatan.",
    ),
    Field.of(
        "norma_waktu",
        "norma_waktu",
        NormaWaktu(),
        13,
        required=True,
        help="Menit per satu output, bilangan bulat lebih dari 0.",
    ),
    Field.of(
        "satuan_hasil",
        "satuan_hasil",
        Text(60),
        16,
        required=True,
        help="Satuan output, mis. Laporan, Dokumen, Kegiatan.",
    ),
    Field.of(
        "aktif",
        "aktif",
        YesNoDefaultYes(),
        9,
        help="ya atau tidak; kosong berarti ya.",
    ),
    Field.of(
        "volume_tahunan",
        "volume_tahunan",
        VolumeTahunan(),
        14,
        help="Beban kerja ABK: jumlah output jabatan per tahun, bilangan bulat; kosong bila "
        "belum dianalisis.",
    ),
]
CATALOG_ATTRS = ["norma_waktu", "satuan_hasil", "aktif", "volume_tahunan"]


@dataclass
class CatalogContext:
    instansi: Instansi
    position_ids: dict[str, int]  # kode -> id, every position of the instansi
    items: dict[tuple[int, str], CatalogItem]  # (position id, uraian) -> stored item


def _catalog_context(instansi: Instansi, rows: list[Row]) -> CatalogContext:
    """The instansi's positions, and the stored items of the positions the rows name."""
    position_ids = dict(Position.objects.filter(instansi=instansi).values_list("kode", "id"))
    wanted = sorted(
        {position_ids[r["position_kode"]] for r in rows if r.get("position_kode") in position_ids}
    )
    items: dict[tuple[int, str], CatalogItem] = {}
    for piece in chunked(wanted):
        for item in CatalogItem.objects.filter(instansi=instansi, position_id__in=piece):
            items[(item.position_id, item.uraian)] = item
    return CatalogContext(instansi=instansi, position_ids=position_ids, items=items)


def _check_catalog(rows: list[Row], ctx: CatalogContext, issues: Issues) -> None:
    for row in rows:
        if row.get("position_kode") and row.get("uraian"):
            row[PAIR_KEY] = (row["position_kode"], row["uraian"])
    flag_duplicates(rows, PAIR_KEY, "uraian_tugas", "Kode jabatan dan uraian tugas", issues)
    for row in rows:
        row.pop(PAIR_KEY, None)
    for row in without_errors(rows, issues):
        if row["position_kode"] not in ctx.position_ids:
            message = f"Kode jabatan {row['position_kode']} tidak ditemukan."
            issues.add(row[ROW_KEY], "kode_jabatan", message)


def _plan_catalog(rows: list[Row], ctx: CatalogContext) -> Plan:
    plan = Plan()
    for row in rows:
        item = ctx.items.get((ctx.position_ids[row["position_kode"]], row["uraian"]))
        if item is None:
            plan.create.append(row)
            continue
        changed = changed_fields(item, row, CATALOG_ATTRS)
        if changed:
            plan.update.append((item, row, changed))
        else:
            plan.unchanged += 1
    return plan


CATALOG_STAGING = Staging(
    kind=KIND_CATALOG,
    fields=CATALOG_FIELDS,
    # The key is a pair, which the parsed row does not hold yet when stage_import looks for
    # duplicates; _check_catalog builds it and flags the duplicates itself.
    key=PAIR_KEY,
    key_column="uraian_tugas",
    key_label="Kode jabatan dan uraian tugas",
    context=_catalog_context,
    check=_check_catalog,
    plan=_plan_catalog,
)


def preview_catalog_import(
    *, actor: Any, instansi: Instansi, filename: str, content: bytes
) -> ImportBatch:
    """Parse and check a catalogue file and store it as a batch in preview; no item is written."""
    return stage_import(
        CATALOG_STAGING, actor=actor, instansi=instansi, filename=filename, content=content
    )


def _new_item(ctx: CatalogContext, row: Row) -> CatalogItem:
    values = {key: row[key] for key in CATALOG_ATTRS if key in row}
    return CatalogItem(
        instansi=ctx.instansi,
        position_id=ctx.position_ids[row["position_kode"]],
        uraian=row["uraian"],
        **values,
    )


def write_catalog(batch: ImportBatch) -> dict[str, int]:
    rows = load_rows(batch.valid_rows, CATALOG_FIELDS)
    ctx = _catalog_context(Instansi.objects.get(pk=batch.instansi_id), rows)
    issues = Issues()
    _check_catalog(rows, ctx, issues)
    refuse_stale(issues)
    plan = _plan_catalog(rows, ctx)
    CatalogItem.objects.bulk_create(
        [_new_item(ctx, row) for row in plan.create], batch_size=BATCH_SIZE
    )
    touched: set[str] = set()
    for item, row, changed in plan.update:
        for key in changed:
            setattr(item, key, row[key])
        touched.update(changed)
    if touched:
        CatalogItem.objects.bulk_update(
            [item for item, _row, _changed in plan.update], sorted(touched), batch_size=BATCH_SIZE
        )
    return plan.counts()


WRITERS = {KIND_CATALOG: write_catalog}


@transaction.atomic
def apply_catalog_import(*, actor: Any, batch: ImportBatch) -> dict[str, int]:
    """Write a catalogue batch's valid rows; counts {created, updated, unchanged, ...}."""
    if batch.kind != KIND_CATALOG:
        raise ValidationError("Batch impor ini bukan impor katalog aktivitas.")
    return run_apply(actor=actor, batch=batch, write=write_catalog)


CATALOG_EXAMPLES: list[dict[str, Any]] = [
    {
        "kode_jabatan": "EPID-MUDA",
        "uraian_tugas": "Menyusun laporan surveilans mingguan",
        "norma_waktu": 90,
        "satuan_hasil": "Laporan",
        "aktif": "ya",
        "volume_tahunan": 52,
    },
    {
        "kode_jabatan": "EPID-MUDA",
        "uraian_tugas": "Melakukan penyelidikan epidemiologi kejadian luar biasa",
        "norma_waktu": 240,
        "satuan_hasil": "Kegiatan",
        "aktif": "ya",
        "volume_tahunan": 12,
    },
]

# Offered on the master-data import page (/impor/); registered from ActivityConfig.ready().
CATALOG_IMPORT_KIND = ImportKind(
    KIND_CATALOG,
    "Katalog aktivitas",
    "bi-journal-check",
    CATALOG_FIELDS,
    preview_catalog_import,
    CATALOG_EXAMPLES,
)
