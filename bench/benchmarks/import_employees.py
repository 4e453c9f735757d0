"""Preview + apply of a 10,000-row employee Excel file into the demo region (issue 2: < 15 s).

The file holds 10,000 new employees on positions the region has; the run happens inside a
transaction that is rolled back, so the shared dataset stays as seed_demo left it. The same file
is then previewed and applied a second time (everything unchanged), reported in the notes.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import transaction

from bench.dataset import Context, Result, ensure_dataset

TARGET_S = 15.0
ROWS = 10_000
FIRST_BIRTH = dt.date(1965, 1, 1)


def employee_rows(position_kodes: list[str], count: int, taken: set[str | None]) -> list[list[Any]]:
    """Valid, distinct rows: one birth date per row, appointed 2019-2021, spread over positions."""
    from ekinerja.people.imports import EMPLOYEE_FIELDS

    rows: list[list[Any]] = []
    index = 0
    while len(rows) < count:
        birth = FIRST_BIRTH + dt.timedelta(days=index)
        gender = "1" if index % 2 else "2"
        nip = f"{birth:%Y%m%d}{2019 + index % 3}{1 + index % 12:02d}{gender}{index % 1000:03d}"
        index += 1
        if nip in taken:
            continue
        record = {
            "nip": nip,
            "nama": f"Pegawai Impor {index:05d}",
            "tempat_lahir": "Samarinda",
            "tanggal_lahir": birth,
            "jenis_kelamin": "L" if gender == "1" else "P",
            "status": "PNS",
            "golongan": "III/a",
            "kategori": "Umum",
            "kedudukan": "Aktif",
            "kode_jabatan": position_kodes[index % len(position_kodes)],
            "tmt_jabatan": dt.date(2024, 1, 2),
            "email": f"impor{index}@example.go.id",
            "telepon": f"0812{index:08d}",
        }
        rows.append([record.get(spec.name, "") for spec in EMPLOYEE_FIELDS])
    return rows


def employee_file(position_kodes: list[str], count: int, taken: set[str | None]) -> bytes:
    from ekinerja.core.tabular import xlsx_bytes
    from ekinerja.people.imports import EMPLOYEE_FIELDS

    rows = employee_rows(position_kodes, count, taken)
    return xlsx_bytes([spec.column for spec in EMPLOYEE_FIELDS], rows)


def staff_position_kodes(instansi: Any) -> list[str]:
    """Positions many people may hold at once (not heads, not JPT/administrator/pengawas)."""
    from ekinerja.org.models import Position
    from ekinerja.people.services import SINGLE_HOLDER_JENIS

    return list(
        Position.objects.filter(instansi=instansi, is_unit_head=False)
        .exclude(jenis_jabatan__in=SINGLE_HOLDER_JENIS)
        .values_list("kode", flat=True)
    )


def preview_and_apply(
    actor: Any, instansi: Any, content: bytes
) -> tuple[float, float, dict[str, int], dict[str, int]]:
    from ekinerja.people.imports import apply_import, preview_employee_import

    start = time.perf_counter()
    batch = preview_employee_import(
        actor=actor, instansi=instansi, filename="bench.xlsx", content=content
    )
    middle = time.perf_counter()
    counts = apply_import(actor=actor, batch=batch)
    end = time.perf_counter()
    return middle - start, end - middle, batch.result["plan"], counts


def run(ctx: Context) -> Result:
    from ekinerja.org.models import Instansi
    from ekinerja.people.choices import Peran
    from ekinerja.people.models import Employee, RoleGrant

    ensure_dataset()
    grant = RoleGrant.objects.filter(peran=Peran.ADMIN_BKPSDM).select_related("user").first()
    if grant is None:
        raise RuntimeError("The demo dataset has no admin BKPSDM to import as.")
    instansi = Instansi.objects.get(pk=grant.instansi_id)
    taken = set(Employee.objects.values_list("nip", flat=True))
    content = employee_file(staff_position_kodes(instansi), ROWS, taken)
    with transaction.atomic():
        preview_s, apply_s, _plan, counts = preview_and_apply(grant.user, instansi, content)
        again_preview, again_apply, plan, _again = preview_and_apply(grant.user, instansi, content)
        transaction.set_rollback(True)
    total = preview_s + apply_s
    return Result(
        value=total,
        unit="s",
        target=TARGET_S,
        target_text=f"< {TARGET_S:.0f} s",
        met=total < TARGET_S and counts["created"] == ROWS and plan["unchanged"] == ROWS,
        notes=(
            f"preview {preview_s:.1f} s + apply {apply_s:.1f} s, {counts['created']} created; "
            f"re-import {again_preview + again_apply:.1f} s, {plan['unchanged']} unchanged; "
            f"file {len(content) // 1024} KiB"
        ),
        extra={"preview_s": round(preview_s, 3), "apply_s": round(apply_s, 3)},
    )
