"""Import of competence records from a spreadsheet: one kind of file per kind of record
(pendidikan, diklat, penilaian kompetensi), each row naming its employee by NIP.

Rows go through the staged import of `core.imports`: the file is parsed and checked row by row
and kept as an ImportBatch in preview; nothing is written until the batch is applied. A file
with any bad row is refused whole when applied (the rows are one register, sent together), so
the admin fixes the file and uploads it again. Records are matched by their natural key (the
employee and jenjang + jurusan; the employee, nama diklat and tanggal mulai; the employee and
tanggal penilaian); only values that differ are written, so importing the same file twice adds
and changes nothing.

The kinds are offered on the master-data import page (`/impor/`, admin BKPSDM), registered from
TalentConfig.ready(), and on `/talenta/impor/`, where an admin OPD imports the records of the
employees seated in their OPD. The uploader's scope is checked when previewing and again when
applying.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from ekinerja.core.imports import (
    ROW_KEY,
    Choice,
    Date,
    Field,
    Integer,
    Issues,
    Number,
    Plan,
    Row,
    Staging,
    Text,
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
from ekinerja.org.models import Instansi
from ekinerja.people.access import today
from ekinerja.people.choices import StatusKepegawaian
from ekinerja.people.imports import ImportKind, NipText
from ekinerja.people.models import Employee, User

from . import access, services
from .choices import JENJANG_CHOICES, JenisDiklat, MetodeAsesmen
from .models import (
    JP_MAX,
    TAHUN_LULUS_MAX,
    TAHUN_LULUS_MIN,
    CompetencyAssessment,
    Education,
    Training,
)

KIND_PENDIDIKAN = "kompetensi_pendidikan"
KIND_DIKLAT = "kompetensi_diklat"
KIND_ASESMEN = "kompetensi_asesmen"
BATCH_SIZE = 1000
RECORD_KEY = "_kunci"  # (nip, natural key...) while checking for duplicates; never stored

NIP_FIELD = Field.of(
    "nip",
    "nip",
    NipText(),
    22,
    text=True,
    required=True,
    help="NIP atau NI PPPK pegawai (18 digit), diformat sebagai Teks.",
)

JENJANG = Choice.of(
    JENJANG_CHOICES,
    aliases={
        "mi": "sd", "sltp": "smp", "mts": "smp", "slta": "sma", "smk": "sma", "ma": "sma",
        "d-i": "d1", "di": "d1", "d-ii": "d2", "dii": "d2", "d-iii": "d3", "diii": "d3",
        "d-iv": "d4", "div": "d4", "s-1": "s1", "sarjana": "s1", "s-2": "s2", "magister": "s2",
        "s-3": "s3", "doktor": "s3",
    },
    shown="SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3",
)  # fmt: skip

PENDIDIKAN_FIELDS = [
    NIP_FIELD,
    Field.of(
        "jenjang", "jenjang", JENJANG, 12, required=True,
        help="SD, SMP, SMA, D1, D2, D3, D4, S1, S2 atau S3.",
    ),
    Field.of("jurusan", "jurusan", Text(150), 30, help="Jurusan/program studi; kosong: SD/SMP."),
    Field.of("nama_institusi", "nama_institusi", Text(200), 34, help="Nama sekolah/kampus."),
    Field.of(
        "tahun_lulus", "tahun_lulus", Integer(TAHUN_LULUS_MIN, TAHUN_LULUS_MAX), 12,
        required=True, help="Tahun lulus, mis. 2012.",
    ),
]  # fmt: skip

DIKLAT_FIELDS = [
    NIP_FIELD,
    Field.of("nama_diklat", "nama", Text(255), 40, required=True, help="Nama diklat/pelatihan."),
    Field.of(
        "jenis", "jenis", Choice.of(JenisDiklat.choices, default=JenisDiklat.TEKNIS), 18,
        help="kepemimpinan, fungsional, teknis, prajabatan, seminar atau lainnya; kosong: teknis.",
    ),
    Field.of("penyelenggara", "penyelenggara", Text(200), 30, help="Lembaga penyelenggara."),
    Field.of(
        "tanggal_mulai", "tanggal_mulai", Date(), 14, required=True,
        help="YYYY-MM-DD atau DD-MM-YYYY.",
    ),
    Field.of(
        "tanggal_selesai", "tanggal_selesai", Date(), 14,
        help="Kosong: selesai pada tanggal mulai. JP dihitung pada tahun selesai.",
    ),
    Field.of(
        "jam_pelajaran", "jam_pelajaran", Integer(1, JP_MAX), 12, required=True,
        help=f"Jumlah JP, 1 sampai {JP_MAX}.",
    ),
]  # fmt: skip

ASESMEN_FIELDS = [
    NIP_FIELD,
    Field.of(
        "tanggal", "tanggal", Date(), 14, required=True, help="Tanggal penilaian kompetensi."
    ),
    Field.of("lembaga", "lembaga", Text(200), 34, required=True, help="Lembaga/unit penilai."),
    Field.of(
        "metode", "metode",
        Choice.of(
            MetodeAsesmen.choices, default=MetodeAsesmen.ASSESSMENT_CENTER,
            aliases={"ac": MetodeAsesmen.ASSESSMENT_CENTER},
        ),
        22, help="assessment center, CAT, portofolio atau lainnya; kosong: assessment center.",
    ),
    Field.of(
        "nilai", "nilai", Number(Decimal(0), Decimal(100), places=2), 10, required=True,
        help="Nilai total 0-100, mis. JPM dalam persen (85,5).",
    ),
    Field.of("rekomendasi", "rekomendasi", Text(2000), 40, help="Rekomendasi penilai."),
]  # fmt: skip


def _check_pendidikan(row: Row, day: dt.date) -> dict[str, str]:
    return services.education_errors(
        jenjang=row["jenjang"], tahun_lulus=row["tahun_lulus"], day=day
    )


def _check_diklat(row: Row, day: dt.date) -> dict[str, str]:
    return services.training_errors(
        tanggal_mulai=row["tanggal_mulai"], tanggal_selesai=row["tanggal_selesai"],
        jam_pelajaran=row["jam_pelajaran"], day=day,
    )  # fmt: skip


def _check_asesmen(row: Row, day: dt.date) -> dict[str, str]:
    return services.assessment_errors(tanggal=row["tanggal"], nilai=row["nilai"], day=day)


def _fill_diklat(row: Row) -> None:
    if row.get("tanggal_selesai") is None and row.get("tanggal_mulai") is not None:
        row["tanggal_selesai"] = row["tanggal_mulai"]


@dataclass(frozen=True)
class RecordSpec:
    """One kind of competence file: its model, columns, natural key and checks."""

    kind: str
    label: str
    model: type[models.Model]
    fields: list[Field]
    key: tuple[str, ...]  # row keys that, with the employee, identify a record
    key_label: str
    attrs: tuple[str, ...]  # the other values, compared and written
    check: Callable[[Row, dt.date], dict[str, str]]
    fill: Callable[[Row], None] = lambda row: None

    @property
    def column_of(self) -> dict[str, str]:
        return {spec.key: spec.name for spec in self.fields}


SPECS: dict[str, RecordSpec] = {
    spec.kind: spec
    for spec in (
        RecordSpec(
            KIND_PENDIDIKAN, "Kompetensi: pendidikan", Education, PENDIDIKAN_FIELDS,
            ("jenjang", "jurusan"), "NIP, jenjang dan jurusan", ("nama_institusi", "tahun_lulus"),
            _check_pendidikan,
        ),
        RecordSpec(
            KIND_DIKLAT, "Kompetensi: diklat", Training, DIKLAT_FIELDS,
            ("nama", "tanggal_mulai"), "NIP, nama diklat dan tanggal mulai",
            ("jenis", "penyelenggara", "tanggal_selesai", "jam_pelajaran"),
            _check_diklat, _fill_diklat,
        ),
        RecordSpec(
            KIND_ASESMEN, "Kompetensi: penilaian kompetensi", CompetencyAssessment,
            ASESMEN_FIELDS, ("tanggal",), "NIP dan tanggal penilaian",
            ("lembaga", "metode", "nilai", "rekomendasi"), _check_asesmen,
        ),
    )
}  # fmt: skip


# --- checking ---------------------------------------------------------------------------------


def import_scope(user: User | None) -> frozenset[int] | None:
    """Employees whose records the uploader may import: None for the whole instansi (admin
    BKPSDM), else the ids of the employees seated in their OPD (none without the role)."""
    if user is None or not access.can_import_competence(user):
        return frozenset()
    if access.roles_for(user).is_admin_bkpsdm:
        return None
    return frozenset(access.competence_editors_scope(user).values_list("pk", flat=True))


@dataclass
class CompetenceContext:
    instansi: Instansi
    employee_ids: dict[str, int]  # NIP -> id of the instansi's ASN the rows name
    scope: frozenset[int] | None
    stored: dict[tuple[Any, ...], Any]  # (employee id, natural key...) -> stored record
    day: dt.date


def _key_of(spec: RecordSpec, employee_id: int, values: Any) -> tuple[Any, ...]:
    get = values.get if isinstance(values, dict) else partial(getattr, values)
    return (employee_id, *(get(name) for name in spec.key))


def _context(
    spec: RecordSpec, scope: frozenset[int] | None, instansi: Instansi, rows: list[Row]
) -> CompetenceContext:
    """The employees the rows name, and their stored records of this kind (a query per 2,000)."""
    nips = sorted({row["nip"] for row in rows if row.get("nip")})
    employee_ids: dict[str, int] = {}
    for piece in chunked(nips):
        employee_ids.update(
            Employee.objects.filter(instansi=instansi, nip__in=piece)
            .exclude(status=StatusKepegawaian.PEJABAT_NEGARA)
            .values_list("nip", "pk")
        )
    stored: dict[tuple[Any, ...], Any] = {}
    for piece in chunked(sorted(set(employee_ids.values()))):
        for record in spec.model.objects.filter(employee_id__in=piece):  # type: ignore[attr-defined]
            stored[_key_of(spec, record.employee_id, record)] = record
    return CompetenceContext(instansi, employee_ids, scope, stored, today())


def _check(spec: RecordSpec, rows: list[Row], ctx: CompetenceContext, issues: Issues) -> None:
    for row in rows:
        spec.fill(row)
        # A row without its NIP or a required part of its key already has an error.
        if row.get("nip") and all(
            row.get(name) is not None for name in spec.key if name != "jurusan"
        ):
            row[RECORD_KEY] = (row["nip"], *(row.get(name, "") for name in spec.key))
    key_column = spec.column_of[spec.key[0]]
    flag_duplicates(rows, RECORD_KEY, key_column, spec.key_label, issues)
    for row in rows:
        row.pop(RECORD_KEY, None)
    columns = spec.column_of
    for row in without_errors(rows, issues):
        employee_id = ctx.employee_ids.get(row["nip"])
        if employee_id is None:
            issues.add(row[ROW_KEY], "nip", f"Pegawai dengan NIP {row['nip']} tidak ditemukan.")
            continue
        if ctx.scope is not None and employee_id not in ctx.scope:
            message = f"Pegawai dengan NIP {row['nip']} di luar OPD yang Anda kelola."
            issues.add(row[ROW_KEY], "nip", message)
            continue
        for name, message in spec.check(row, ctx.day).items():
            issues.add(row[ROW_KEY], columns.get(name, name), message)


def _plan(spec: RecordSpec, rows: list[Row], ctx: CompetenceContext) -> Plan:
    plan = Plan()
    for row in rows:
        for name in spec.key:
            row.setdefault(name, "")  # a file without `jurusan` means none
        record = ctx.stored.get(_key_of(spec, ctx.employee_ids[row["nip"]], row))
        if record is None:
            plan.create.append(row)
            continue
        changed = changed_fields(record, row, spec.attrs)
        if changed:
            plan.update.append((record, row, changed))
        else:
            plan.unchanged += 1
    return plan


def _staging(spec: RecordSpec, scope: frozenset[int] | None) -> Staging[CompetenceContext]:
    return Staging(
        kind=spec.kind,
        fields=spec.fields,
        # The key is built by _check (NIP and the record's own key), which flags duplicates.
        key=RECORD_KEY,
        key_column=spec.column_of[spec.key[0]],
        key_label=spec.key_label,
        context=partial(_context, spec, scope),
        check=partial(_check, spec),
        plan=partial(_plan, spec),
    )


def preview_competence_import(
    kind: str, *, actor: Any, instansi: Instansi, filename: str, content: bytes
) -> ImportBatch:
    """Parse and check a file and keep it as a batch in preview; no record is written."""
    spec = SPECS[kind]
    staging = _staging(spec, import_scope(actor))
    return stage_import(staging, actor=actor, instansi=instansi, filename=filename, content=content)


# --- applying ---------------------------------------------------------------------------------


def _new_record(spec: RecordSpec, ctx: CompetenceContext, row: Row) -> models.Model:
    values = {name: row[name] for name in (*spec.key, *spec.attrs) if name in row}
    return spec.model(
        instansi_id=ctx.instansi.pk, employee_id=ctx.employee_ids[row["nip"]], **values
    )


def write_competence(batch: ImportBatch) -> dict[str, int]:
    """Write a competence batch: refused whole when the file had bad rows, or when the database
    or the uploader's scope moved since the preview; otherwise only what differs."""
    spec = SPECS.get(batch.kind)
    if spec is None:
        raise ValidationError("Batch impor ini bukan impor data kompetensi.")
    if batch.errors:
        raise ValidationError(
            f"Berkas berisi {batch.error_row_count} baris bermasalah, jadi tidak ada yang "
            "diterapkan. Perbaiki baris tersebut lalu unggah ulang berkasnya."
        )
    rows = load_rows(batch.valid_rows, spec.fields)
    instansi = Instansi.objects.get(pk=batch.instansi_id)
    uploader = User.objects.filter(pk=batch.uploaded_by_id).first()
    ctx = _context(spec, import_scope(uploader), instansi, rows)
    issues = Issues()
    _check(spec, rows, ctx, issues)
    refuse_stale(issues)
    plan = _plan(spec, rows, ctx)
    spec.model.objects.bulk_create(  # type: ignore[attr-defined]
        [_new_record(spec, ctx, row) for row in plan.create], batch_size=BATCH_SIZE
    )
    touched: set[str] = set()
    now = timezone.now()
    for record, row, changed in plan.update:
        for name in changed:
            setattr(record, name, row[name])
        record.updated_at = now  # bulk_update does not touch auto_now fields
        touched.update(changed)
    if touched:
        spec.model.objects.bulk_update(  # type: ignore[attr-defined]
            [record for record, _row, _changed in plan.update],
            sorted(touched | {"updated_at"}),
            batch_size=BATCH_SIZE,
        )
    return plan.counts()


@transaction.atomic
def apply_competence_import(*, actor: Any, batch: ImportBatch) -> dict[str, int]:
    """Apply a competence batch; counts {created, updated, unchanged, skipped_error_rows}."""
    if batch.kind not in SPECS:
        raise ValidationError("Batch impor ini bukan impor data kompetensi.")
    return run_apply(actor=actor, batch=batch, write=write_competence)


# --- the kinds, with two example rows each for the downloadable template ----------------------

EXAMPLES: dict[str, list[dict[str, Any]]] = {
    KIND_PENDIDIKAN: [
        {"nip": "198503152010011002", "jenjang": "S1", "jurusan": "Kesehatan Masyarakat",
         "nama_institusi": "Universitas Hasanuddin", "tahun_lulus": 2008},
        {"nip": "198503152010011002", "jenjang": "S2", "jurusan": "Epidemiologi",
         "nama_institusi": "Universitas Gadjah Mada", "tahun_lulus": 2016},
    ],
    KIND_DIKLAT: [
        {"nip": "198503152010011002", "nama_diklat": "Pelatihan Kepemimpinan Pengawas",
         "jenis": "kepemimpinan", "penyelenggara": "BPSDM Provinsi",
         "tanggal_mulai": "2025-03-03", "tanggal_selesai": "2025-06-20", "jam_pelajaran": 300},
        {"nip": "198503152010011002", "nama_diklat": "Bimbingan Teknis Penyusunan SKP",
         "jenis": "teknis", "penyelenggara": "BKPSDM", "tanggal_mulai": "2026-02-10",
         "tanggal_selesai": "", "jam_pelajaran": 8},
    ],
    KIND_ASESMEN: [
        {"nip": "198503152010011002", "tanggal": "2025-09-18",
         "lembaga": "UPT Penilaian Kompetensi BKPSDM", "metode": "assessment center",
         "nilai": "82,5", "rekomendasi": "Memenuhi syarat untuk jabatan administrator."},
        {"nip": "199001012015012003", "tanggal": "2025-09-18",
         "lembaga": "UPT Penilaian Kompetensi BKPSDM", "metode": "CAT", "nilai": 71,
         "rekomendasi": ""},
    ],
}  # fmt: skip

ICONS = {KIND_PENDIDIKAN: "bi-mortarboard", KIND_DIKLAT: "bi-easel", KIND_ASESMEN: "bi-award"}

IMPORT_KINDS = [
    ImportKind(
        spec.kind,
        spec.label,
        ICONS[spec.kind],
        spec.fields,
        partial(preview_competence_import, spec.kind),
        EXAMPLES[spec.kind],
        all_or_nothing=True,
    )
    for spec in SPECS.values()
]
KINDS = {kind.kind: kind for kind in IMPORT_KINDS}
