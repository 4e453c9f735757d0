"""/pantauan/kematangan/: each OPD's maturity level for a month (docs/maturity.md), the level
distribution, the checks that explain each level, and the same as Excel. The pages read the
rows the monitoring job stored (OpdMonth.tingkat_kematangan and .kematangan); they compute
nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from ekinerja.core.closing import month_label
from ekinerja.core.tabular import Column, xlsx_response

from . import access, params
from .forms import BULAN
from .maturity import CHECK_NAMES, LEVEL_NAMES, TOP_LEVEL, Assessment, level_counts, level_label
from .models import OpdMonth
from .selectors_maturity import stored_level, stored_levels, unit_of_instansi


@dataclass(frozen=True)
class Month:
    tahun: int
    bulan: int

    @property
    def label(self) -> str:
        return month_label(self.tahun, self.bulan)

    @property
    def query(self) -> str:
        return f"tahun={self.tahun}&bulan={self.bulan}"


def _month(request: HttpRequest) -> Month | str:
    """The month asked for, or what is wrong with it (Indonesian)."""
    asked = params.month_asked(request.GET, timezone.localdate())
    return asked if isinstance(asked, str) else Month(*asked)


def _bad_month(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "dashboard/kematangan_galat.html", {"message": message}, status=400)


def _month_context(month: Month) -> dict[str, Any]:
    return {
        "tahun": month.tahun,
        "bulan": month.bulan,
        "bulan_label": month.label,
        "bulan_pilihan": BULAN,
        "query": month.query,
    }


def overview(request: HttpRequest) -> HttpResponse:
    access.require_monitoring(request.user)
    month = _month(request)
    if isinstance(month, str):
        return _bad_month(request, month)
    rows = stored_levels(
        params.instansi_of(request.user), month.tahun, month.bulan, params.opd_scope(request.user)
    )
    counts = level_counts([row.tingkat_kematangan for row in rows])
    labels = [level_label(n) for n in range(TOP_LEVEL + 1)]
    context = {
        **_month_context(month),
        "rows": rows,
        "dihitung_at": max((row.dihitung_at for row in rows), default=None),
        "sebaran": [
            {"label": labels[n], "nama": LEVEL_NAMES[n], "jumlah": counts[n]}
            for n in range(TOP_LEVEL + 1)
        ],
        "chart": {"labels": labels, "counts": counts},
    }
    return render(request, "dashboard/kematangan.html", context)


def opd_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    access.require_monitoring(request.user)
    access.require_unit(request.user, unit_id)
    month = _month(request)
    if isinstance(month, str):
        return _bad_month(request, month)
    instansi_id = params.instansi_of(request.user)
    unit = unit_of_instansi(instansi_id, unit_id)
    if unit is None:
        raise Http404
    row = stored_level(instansi_id, unit_id, month.tahun, month.bulan)
    context = {**_month_context(month), "unit": unit, "row": row}
    return render(request, "dashboard/kematangan_opd.html", context)


EXPORT_CHECKS = list(CHECK_NAMES)
EXPORT_COLUMNS = [
    Column("Kode unit", 12, text=True),
    Column("Perangkat daerah", 40),
    Column("Tingkat", 8),
    Column("Keterangan tingkat", 36),
    *[Column(CHECK_NAMES[kode], 18) for kode in EXPORT_CHECKS],
    Column("Yang belum terpenuhi", 70),
    Column("Dihitung pada", 18),
]


def _export_row(row: OpdMonth) -> list[Any]:
    assessment = Assessment.from_json(row.kematangan or {})
    values: list[Any] = []
    for kode in EXPORT_CHECKS:
        check = assessment.check(kode)
        if check is None:
            values.append("")
        elif check.ambang is None:
            values.append("ya" if check.lulus else "tidak")
        else:
            values.append(_percent(check.nilai))
    missing = "; ".join(
        check.alasan
        for level in assessment.levels
        if level.tingkat == row.tingkat_kematangan + 1
        for check in level.checks
        if not check.lulus
    )
    return [
        row.unit.kode,
        row.unit.nama,
        row.tingkat_kematangan,
        f"{level_label(row.tingkat_kematangan)} · {LEVEL_NAMES.get(row.tingkat_kematangan, '')}",
        *values,
        missing,
        timezone.localtime(row.dihitung_at).strftime("%Y-%m-%d %H:%M"),
    ]


def _percent(value: Decimal | None) -> Decimal | str:
    return "" if value is None else value.quantize(Decimal("0.1"))


def overview_export(request: HttpRequest) -> HttpResponseBase:
    access.require_monitoring(request.user)
    month = _month(request)
    if isinstance(month, str):
        return HttpResponse(month, status=400, content_type="text/plain; charset=utf-8")
    rows = stored_levels(
        params.instansi_of(request.user), month.tahun, month.bulan, params.opd_scope(request.user)
    )
    return xlsx_response(
        f"kematangan-{month.tahun}-{month.bulan:02d}.xlsx",
        EXPORT_COLUMNS,
        (_export_row(row) for row in rows),
        sheet_name="Kematangan",
    )
