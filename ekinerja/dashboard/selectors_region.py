"""Reads of the region's dashboard: the stored month figures per OPD, per unit and per
employee, with the compliance each stands at. Every read is a fixed number of queries over
the precomputed rows, never over the activity table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from ekinerja.appraisal.rules import PREDIKAT_LABELS, Predikat

from . import compliance
from .models import (
    EmployeeMonth,
    MonitoringPolicy,
    MonitoringRefresh,
    OpdMonth,
    StatusPenyegaran,
)

# Figures older than this are computed again when someone looks (the 15 minutes).
STALE_AFTER = dt.timedelta(minutes=15)
PREDIKAT_ORDER = [str(kind) for kind in Predikat]


def thresholds_of(policy: MonitoringPolicy) -> compliance.Thresholds:
    return compliance.Thresholds(
        skp_persen=policy.ambang_skp_persen,
        isian_persen=policy.ambang_isian_persen,
        tunggakan_persen=policy.ambang_tunggakan_persen,
    )


@dataclass(frozen=True)
class RefreshState:
    latest: MonitoringRefresh | None  # the last finished computation
    pending: MonitoringRefresh | None  # one waiting or running now

    def stale(self, now: dt.datetime) -> bool:
        return (
            self.latest is None
            or self.latest.dihitung_at is None
            or (now - self.latest.dihitung_at > STALE_AFTER)
        )


def refresh_state(instansi_id: int, tahun: int, bulan: int) -> RefreshState:
    """The last finished computation of the month and any still to come. One query."""
    recent = list(
        MonitoringRefresh.objects.filter(instansi_id=instansi_id, tahun=tahun, bulan=bulan)
        .exclude(status=StatusPenyegaran.GAGAL)
        .order_by("-diminta_at")[:10]
    )
    latest = next((r for r in recent if r.status == StatusPenyegaran.SELESAI), None)
    pending = next(
        (r for r in recent if r.status != StatusPenyegaran.SELESAI
         and (latest is None or r.diminta_at >= latest.diminta_at)),
        None,
    )  # fmt: skip
    return RefreshState(latest=latest, pending=pending)


@dataclass(frozen=True)
class Figures:
    """Rates of an OPD, a unit or the region, with its compliance."""

    counts: compliance.OpdCounts
    dikecualikan: int
    menit_disetujui: int
    tpp_total: Decimal
    status: compliance.Compliance

    @property
    def skp_persen(self) -> Decimal | None:
        return self.counts.skp_persen

    @property
    def isian_persen(self) -> Decimal | None:
        return self.counts.isian_persen

    @property
    def presensi_persen(self) -> Decimal | None:
        return self.counts.presensi_persen

    @property
    def tunggakan_persen(self) -> Decimal | None:
        return self.counts.tunggakan_persen


def _counts(row: Any) -> compliance.OpdCounts:
    return compliance.OpdCounts(
        pegawai=_get(row, "pegawai"),
        skp_disetujui=_get(row, "skp_disetujui"),
        hari_wajib=_get(row, "hari_wajib"),
        hari_terisi=_get(row, "hari_terisi"),
        presensi_wajib=_get(row, "presensi_wajib"),
        presensi_hadir=_get(row, "presensi_hadir"),
        aktivitas_diajukan=_get(row, "aktivitas_diajukan"),
        tunggakan=_get(row, "tunggakan"),
    )


def _get(row: Any, name: str) -> int:
    value = row[name] if isinstance(row, dict) else getattr(row, name)
    return int(value or 0)


@dataclass(frozen=True)
class OpdRow:
    month: OpdMonth
    figures: Figures

    @property
    def predikat_counts(self) -> list[tuple[str, int]]:
        counts = self.month.predikat.get("jumlah", {})
        return [(PREDIKAT_LABELS[Predikat(k)], counts.get(k, 0)) for k in PREDIKAT_ORDER]

    @property
    def curve_findings(self) -> list[str]:
        return list(self.month.predikat.get("temuan", []))

    @property
    def live_not_complying(self) -> bool:
        return self.month.sudah_live and not self.figures.status.patuh


def opd_rows(
    instansi_id: int,
    tahun: int,
    bulan: int,
    thresholds: compliance.Thresholds,
    opd_ids: frozenset[int] | None = None,
) -> list[OpdRow]:
    """The OPDs' stored figures for the month (only ``opd_ids`` when given), by name. One
    query."""
    months = OpdMonth.objects.filter(instansi_id=instansi_id, tahun=tahun, bulan=bulan)
    if opd_ids is not None:
        months = months.filter(unit_id__in=opd_ids)
    rows = []
    for month in months.select_related("unit").order_by("unit__nama"):
        counts = _counts(month)
        status = (
            compliance.assess(counts, thresholds)
            if month.sudah_live
            else compliance.Compliance(patuh=True)
        )
        figures = Figures(
            counts, month.dikecualikan, month.menit_disetujui, month.tpp_total, status
        )
        rows.append(OpdRow(month, figures))
    return rows


def region_figures(rows: list[OpdRow], thresholds: compliance.Thresholds) -> Figures:
    """The region's totals over the OPDs that are live."""
    live = [row for row in rows if row.month.sudah_live]
    counts = compliance.OpdCounts(
        **{
            name: sum(getattr(row.figures.counts, name) for row in live)
            for name in compliance.OpdCounts.__dataclass_fields__
        }
    )
    return Figures(
        counts,
        sum(row.figures.dikecualikan for row in live),
        sum(row.figures.menit_disetujui for row in live),
        sum((row.month.tpp_total for row in rows), Decimal(0)),
        compliance.assess(counts, thresholds),
    )


def predikat_totals(rows: list[OpdRow]) -> list[tuple[str, int]]:
    totals = dict.fromkeys(PREDIKAT_ORDER, 0)
    for row in rows:
        for kind, n in row.month.predikat.get("jumlah", {}).items():
            totals[kind] = totals.get(kind, 0) + n
    return [(PREDIKAT_LABELS[Predikat(k)], totals[k]) for k in PREDIKAT_ORDER]


def chart_data(rows: list[OpdRow]) -> dict[str, Any]:
    """Plain numbers for the charts (read by dashboard/static/dashboard/charts.js)."""
    live = [row for row in rows if row.month.sudah_live and row.figures.counts.pegawai]

    def number(value: Decimal | None) -> float:
        return float(value) if value is not None else 0.0

    return {
        "opd": [row.month.unit.singkatan or row.month.unit.nama for row in live],
        "skp": [number(row.figures.skp_persen) for row in live],
        "isian": [number(row.figures.isian_persen) for row in live],
        "presensi": [number(row.figures.presensi_persen) for row in live],
        "predikat": predikat_totals(rows),
    }


# --- drilling down ----------------------------------------------------------------------------

_SUMS = (
    "skp_disetujui", "hari_wajib", "hari_terisi", "presensi_wajib", "presensi_hadir",
    "aktivitas_diajukan", "tunggakan", "menit_disetujui",
)  # fmt: skip


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    nama: str
    figures: Figures


def unit_rows(opd_month: OpdMonth, thresholds: compliance.Thresholds) -> list[UnitRow]:
    """The OPD's units that have employees this month, with their figures. One query."""
    counted = Q(pengecualian="")
    # skp_disetujui is a yes/no per employee: counted below rather than summed.
    sums = {name: Sum(name, filter=counted) for name in _SUMS if name != "skp_disetujui"}
    grouped = (
        EmployeeMonth.objects.filter(
            opd_id=opd_month.unit_id, tahun=opd_month.tahun, bulan=opd_month.bulan
        )
        .order_by()
        .values("unit_id", "unit__nama")
        .annotate(
            pegawai=Count("id", filter=counted),
            dikecualikan=Count("id", filter=~counted),
            skp_disetujui=Count("id", filter=counted & Q(skp_disetujui=True)),
            tpp_total=Sum("tpp"),
            **sums,
        )
    )
    rows = []
    for row in grouped:
        counts = _counts(row)
        status = (
            compliance.assess(counts, thresholds)
            if opd_month.sudah_live
            else compliance.Compliance(patuh=True)
        )
        figures = Figures(
            counts,
            row["dikecualikan"],
            int(row["menit_disetujui"] or 0),
            row["tpp_total"] or Decimal(0),
            status,
        )
        rows.append(UnitRow(row["unit_id"], row["unit__nama"], figures))
    rows.sort(key=lambda r: r.nama)
    return rows


def employee_rows(unit_id: int, tahun: int, bulan: int) -> QuerySet[EmployeeMonth]:
    """The unit's employees this month, counted ones first. One query."""
    return (
        EmployeeMonth.objects.filter(unit_id=unit_id, tahun=tahun, bulan=bulan)
        .select_related("employee")
        .order_by("pengecualian", "employee__nama")
    )


def exception_rows(
    instansi_id: int, tahun: int, bulan: int, opd_ids: frozenset[int] | None
) -> QuerySet[EmployeeMonth]:
    """Employees left out of compliance in the month, by OPD and name. One query."""
    rows = EmployeeMonth.objects.filter(instansi_id=instansi_id, tahun=tahun, bulan=bulan).exclude(
        pengecualian=""
    )
    if opd_ids is not None:
        rows = rows.filter(opd_id__in=opd_ids)
    return rows.select_related("employee", "opd", "unit").order_by("opd__nama", "employee__nama")


def exception_counts(rows: list[EmployeeMonth]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.pengecualian] = counts.get(row.pengecualian, 0) + 1
    return [
        (compliance.EXCEPTION_LABELS.get(reason, reason), n)
        for reason, n in sorted(counts.items(), key=lambda item: -item[1])
    ]
