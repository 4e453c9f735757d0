"""Import of employee master data from the file SIASN (BKN) lets an instansi download.

The file keeps SIASN's own column names (NIP_BARU, NAMA, TGL_LHR, GOL_AKHIR_NAMA, ...; the
mapping is in docs/siasn.md), so an admin uploads it unchanged. It goes through the same staging
as our own employee template: rows are matched by NIP, checked against the NIP's birth date and
gender, previewed, and applying writes only the rows whose values differ, so a second import of
the same file changes nothing.

SIASN names units and positions (UNOR_NAMA, JABATAN_NAMA) but carries none of our kode, so this
import never creates or moves seats: a name that matches nothing here is a warning on the
preview, not an error, and the employee's data is still imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import Lower

from ekinerja.core.imports import (
    ROW_KEY,
    Choice,
    Date,
    Field,
    Issues,
    Parser,
    Row,
    Staging,
    Text,
    stage_import,
    without_errors,
)
from ekinerja.core.models import ImportBatch
from ekinerja.org.models import Instansi, Position, Unit

from .choices import JenisKelamin, Kedudukan, StatusKepegawaian
from .imports import (
    Email,
    EmployeeContext,
    Golongan,
    ImportKind,
    NipText,
    _check_employees,
    _employee_context,
    _plan_employees,
    apply_employee_rows,
)

KIND_SIASN = "siasn_pegawai"
MAX_WARNINGS = 500

# SIASN writes M/F; people also type the Indonesian words.
SIASN_GENDER = {
    "m": JenisKelamin.LAKI_LAKI,
    "f": JenisKelamin.PEREMPUAN,
    "laki laki": JenisKelamin.LAKI_LAKI,
    "laki-laki": JenisKelamin.LAKI_LAKI,
    "pria": JenisKelamin.LAKI_LAKI,
    "wanita": JenisKelamin.PEREMPUAN,
}
# KEDUDUKAN_HUKUM_NAMA as SIASN spells it, onto our kedudukan.
SIASN_KEDUDUKAN = {
    "cltn": Kedudukan.CLTN,
    "pemberhentian sementara": Kedudukan.DIBERHENTIKAN_SEMENTARA,
    "diberhentikan sementara": Kedudukan.DIBERHENTIKAN_SEMENTARA,
    "mpp": Kedudukan.MASA_PERSIAPAN_PENSIUN,
    "pensiun bup": Kedudukan.PENSIUN,
    "pensiun dini": Kedudukan.PENSIUN,
    "pindah instansi": Kedudukan.PINDAH_KELUAR,
    "pindah keluar": Kedudukan.PINDAH_KELUAR,
    "mutasi keluar": Kedudukan.PINDAH_KELUAR,
    "pemberhentian": Kedudukan.DIBERHENTIKAN,
    "diberhentikan dengan hormat": Kedudukan.DIBERHENTIKAN,
    "diberhentikan tidak dengan hormat": Kedudukan.DIBERHENTIKAN,
    "wafat": Kedudukan.MENINGGAL,
    "meninggal": Kedudukan.MENINGGAL,
}


class Upper(Parser):
    """A code compared case-insensitively (STATUS_CPNS_PNS 'P', 'c', 'PNS')."""

    def parse(self, raw: str) -> str:
        return raw.strip().upper()


SIASN_FIELDS = [
    Field.of("pns_id", "pns_id", Text(64), 38, text=True, help="ID SIASN; tidak disimpan."),
    Field.of("nip_baru", "nip", NipText(), 21, text=True, required=True, help="NIP 18 digit."),
    Field.of("nip_lama", "nip_lama", Text(20), 12, text=True, help="Tidak dipakai."),
    Field.of("nama", "nama", Text(150), 30, required=True, help="Nama tanpa gelar."),
    Field.of("gelar_depan", "gelar_depan", Text(40), 12),
    Field.of("gelar_blakang", "gelar_belakang", Text(60), 15),
    Field.of("tempat_lahir_nama", "tempat_lahir", Text(80), 16),
    Field.of("tgl_lhr", "tanggal_lahir", Date(), 12, help="DD-MM-YYYY; harus sama dengan NIP."),
    Field.of(
        "jenis_kelamin",
        "jenis_kelamin",
        Choice.of(JenisKelamin.choices, aliases=SIASN_GENDER, shown="M, F, L, P"),
        10,
    ),
    Field.of("jenis_pegawai_nama", "jenis_pegawai", Text(80), 20, help="Mis. PNS Daerah, PPPK."),
    Field.of("status_cpns_pns", "status_cpns_pns", Upper(), 10, help="P (PNS) atau C (CPNS)."),
    Field.of(
        "kedudukan_hukum_nama",
        "kedudukan",
        Choice.of(Kedudukan.choices, aliases=SIASN_KEDUDUKAN),
        18,
        help="Aktif, CLTN, Tugas Belajar, MPP, ...; kosong berarti tidak diubah.",
    ),
    Field.of("gol_akhir_nama", "golongan", Golongan(), 10, help="Mis. III/a, atau IX (PPPK)."),
    Field.of("tmt_golongan", "tmt_golongan", Date(), 12, help="Tidak disimpan."),
    Field.of("jabatan_nama", "jabatan_nama", Text(255), 30, help="Hanya dicocokkan."),
    Field.of("unor_nama", "unor_nama", Text(255), 30, help="Hanya dicocokkan."),
    Field.of("instansi_kerja_nama", "instansi_kerja", Text(255), 24, help="Tidak disimpan."),
    Field.of("email", "email", Email(), 26, help="Kosong berarti tidak diubah."),
    Field.of("nomor_hp", "telepon", Text(20), 16, text=True, help="Kosong berarti tidak diubah."),
]  # fmt: skip

SIASN_COLUMN = {spec.key: spec.name for spec in SIASN_FIELDS} | {"status": "jenis_pegawai_nama"}

# A blank SIASN cell means SIASN does not know, not that the value is gone.
KEEP_WHEN_BLANK = ("tempat_lahir", "kedudukan", "email", "telepon", "golongan")


def status_of(jenis_pegawai: str, status_cpns_pns: str) -> str | None:
    """PNS, CPNS or PPPK from JENIS_PEGAWAI_NAMA and STATUS_CPNS_PNS; None if neither says."""
    jenis = jenis_pegawai.upper()
    if "PPPK" in jenis or "P3K" in jenis:
        return StatusKepegawaian.PPPK
    if status_cpns_pns in {"C", "CPNS"}:
        return StatusKepegawaian.CPNS
    if status_cpns_pns in {"P", "PNS"}:
        return StatusKepegawaian.PNS
    if "CPNS" in jenis:
        return StatusKepegawaian.CPNS
    if "PNS" in jenis:
        return StatusKepegawaian.PNS
    return None


def _settle_row(row: Row, issues: Issues) -> None:
    """Turn SIASN's columns into our employee fields, in place."""
    for key in KEEP_WHEN_BLANK:
        if key in row and not row[key]:
            del row[key]
    status = status_of(row.get("jenis_pegawai", ""), row.get("status_cpns_pns", ""))
    if status is None:
        issues.add(
            row[ROW_KEY],
            "jenis_pegawai_nama",
            "Status kepegawaian tidak dapat ditentukan dari JENIS_PEGAWAI_NAMA dan "
            "STATUS_CPNS_PNS (harus PNS, CPNS, atau PPPK).",
        )
        return
    row["status"] = status


@dataclass
class SiasnContext:
    employees: EmployeeContext
    unit_names: set[str]
    position_names: set[str]
    warnings: list[dict[str, Any]] = field(default_factory=list)


def _names(model: type[Unit] | type[Position], instansi: Instansi) -> set[str]:
    rows = model.objects.filter(instansi=instansi).annotate(key=Lower("nama"))
    return {" ".join(name.split()) for name in rows.values_list("key", flat=True)}


def _siasn_context(instansi: Instansi, rows: list[Row]) -> SiasnContext:
    return SiasnContext(
        _employee_context(instansi, rows), _names(Unit, instansi), _names(Position, instansi)
    )


def _check_siasn(rows: list[Row], ctx: SiasnContext, issues: Issues) -> None:
    for row in without_errors(rows, issues):
        _settle_row(row, issues)
    # The shared checks name our template's columns; the admin is looking at SIASN's.
    found = Issues(rows=set(issues.rows))
    _check_employees(rows, ctx.employees, found)
    for item in found.items:
        issues.add(item["row"], SIASN_COLUMN.get(item["column"], item["column"]), item["message"])
    for row in without_errors(rows, issues):
        _warn_unknown(row, ctx)


def _warn_unknown(row: Row, ctx: SiasnContext) -> None:
    checks = (
        ("unor_nama", "unor_nama", ctx.unit_names, "Unit kerja"),
        ("jabatan_nama", "jabatan_nama", ctx.position_names, "Jabatan"),
    )
    for key, column, known, label in checks:
        name = row.get(key) or ""
        unknown = name and " ".join(name.lower().split()) not in known
        if unknown and len(ctx.warnings) < MAX_WARNINGS:
            message = (
                f"{label} '{name}' tidak ada di data induk; data pegawai tetap diimpor, "
                "penempatan diatur lewat impor pegawai dengan kode_jabatan."
            )
            ctx.warnings.append({"row": row[ROW_KEY], "column": column, "message": message})


def _plan_siasn(rows: list[Row], ctx: SiasnContext) -> Any:
    return _plan_employees(rows, ctx.employees)


def preview_siasn_import(
    *, actor: Any, instansi: Instansi, filename: str, content: bytes
) -> ImportBatch:
    """Parse and check a SIASN file and store it as a batch in preview; nothing else.

    The warnings about unknown units and positions go to `batch.result["warnings"]`."""
    seen: list[SiasnContext] = []

    def context(instansi: Instansi, rows: list[Row]) -> SiasnContext:
        ctx = _siasn_context(instansi, rows)
        seen.append(ctx)
        return ctx

    staging = Staging(
        kind=KIND_SIASN,
        fields=SIASN_FIELDS,
        key="nip",
        key_column="nip_baru",
        key_label="NIP",
        context=context,
        check=_check_siasn,
        plan=_plan_siasn,
    )
    batch = stage_import(
        staging, actor=actor, instansi=instansi, filename=filename, content=content
    )
    warnings = seen[0].warnings if seen else []
    if warnings:
        batch.result = {**batch.result, "warnings": warnings}
        batch.save(update_fields=["result"])
    return batch


def write_siasn(batch: ImportBatch) -> dict[str, int]:
    """Apply a previewed SIASN batch: create new NIPs, update changed fields, nothing else."""
    plan, _ctx = apply_employee_rows(batch, SIASN_FIELDS)
    return plan.counts()


SIASN_EXAMPLES: list[dict[str, Any]] = [
    {
        "pns_id": "A8ACA7B0F2A63912E040640A040269BB",
        "nip_baru": "198503122010012003",
        "nip_lama": "",
        "nama": "SITI AMINAH",
        "gelar_depan": "dr.",
        "gelar_blakang": "M.Kes.",
        "tempat_lahir_nama": "SAMARINDA",
        "tgl_lhr": "12-03-1985",
        "jenis_kelamin": "F",
        "jenis_pegawai_nama": "PNS Daerah",
        "status_cpns_pns": "P",
        "kedudukan_hukum_nama": "Aktif",
        "gol_akhir_nama": "IV/a",
        "tmt_golongan": "01-04-2022",
        "jabatan_nama": "Kepala Dinas Kesehatan",
        "unor_nama": "Dinas Kesehatan",
        "instansi_kerja_nama": "Pemerintah Kab. Sukamaju",
        "email": "siti.aminah@example.go.id",
        "nomor_hp": "081234567890",
    },
    {
        "nip_baru": "199207152023211004",
        "nama": "RUDI HARTONO",
        "gelar_blakang": "S.Kom.",
        "tempat_lahir_nama": "BALIKPAPAN",
        "tgl_lhr": "15-07-1992",
        "jenis_kelamin": "M",
        "jenis_pegawai_nama": "PPPK",
        "kedudukan_hukum_nama": "Aktif",
        "gol_akhir_nama": "IX",
        "jabatan_nama": "Pranata Komputer Ahli Pertama",
        "unor_nama": "Dinas Komunikasi dan Informatika",
    },
]

SIASN_IMPORT_KIND = ImportKind(
    KIND_SIASN,
    "Pegawai dari SIASN",
    "bi-cloud-download",
    SIASN_FIELDS,
    preview_siasn_import,
    SIASN_EXAMPLES,
)


def register() -> None:
    """Offer the SIASN file on the import page; called from PeopleConfig.ready()."""
    from .imports import register_import_kind

    register_import_kind(SIASN_IMPORT_KIND, write_siasn)
