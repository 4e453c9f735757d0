"""Reads for the activity reports and the activity import: who is in a user's productivity
report, the report rows, and an employee's SKP indicators under stable codes with the month's
realisation. Every function here costs a fixed number of queries, whatever the number of
employees, days or indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from ekinerja.people import hierarchy
from ekinerja.people.models import Assignment, Employee

# Shared with the attendance recaps; re-exported for the activity views.
from ekinerja.people.reporting import ReportInputError as ReportInputError
from ekinerja.people.reporting import in_unit as in_unit
from ekinerja.people.reporting import month_from_param as month_from_param
from ekinerja.people.reporting import unit_options as unit_options
from ekinerja.planning.choices import ADDITIVE_ASPEK, JenisRhk, SiklusEvaluasi, StatusSkp
from ekinerja.planning.models import Indikator, Rhk, Skp
from ekinerja.planning.selectors import rhk_with_indicators

from .productivity import ProductivityRow, monthly_productivity, target_realisation

SORTS = ("nama", "capaian", "-capaian")

# Employees per call of monthly_productivity: it filters with an IN list, and this size stays
# well inside every database's parameter limit. A report over more employees than this makes
# two more queries per chunk.
CHUNK = 2000
# ---------------------------------------------------------------------------------------------
# Report rows


@dataclass(frozen=True)
class ReportLine:
    employee_id: int
    nama: str
    figures: ProductivityRow


@dataclass(frozen=True)
class ReportRow:
    employee: Employee
    seat: Assignment | None
    figures: ProductivityRow


def productivity_lines(
    employees: QuerySet[Employee], instansi_id: int, year: int, month: int, sort: str
) -> list[ReportLine]:
    """Every employee of the queryset with the month's figures, a zero row for anyone without
    activities, sorted by name or by capaian (ties by name)."""
    names = list(employees.order_by("nama", "id").values_list("pk", "nama"))
    ids = [pk for pk, _nama in names]
    figures: dict[int, ProductivityRow] = {}
    for start in range(0, len(ids), CHUNK):
        for row in monthly_productivity(instansi_id, year, month, ids[start : start + CHUNK]):
            figures[row.employee_id] = row
    lines = [ReportLine(pk, nama, figures[pk]) for pk, nama in names]
    if sort == "capaian":
        return sorted(lines, key=lambda line: line.figures.capaian)
    if sort == "-capaian":
        # Python's sort stays stable in reverse, so equal capaian keep the name order.
        return sorted(lines, key=lambda line: line.figures.capaian, reverse=True)
    return lines


def with_employees(lines: list[ReportLine], day: dt.date) -> list[ReportRow]:
    """The lines with their employee and seat (unit, position), loaded per chunk of lines."""
    rows: list[ReportRow] = []
    for start in range(0, len(lines), CHUNK):
        piece = lines[start : start + CHUNK]
        ids = [line.employee_id for line in piece]
        employees = Employee.objects.in_bulk(ids)
        seats = hierarchy.seats_for(ids, day)
        rows += [
            ReportRow(employees[line.employee_id], seats.get(line.employee_id), line.figures)
            for line in piece
        ]
    return rows


# ---------------------------------------------------------------------------------------------
# SKP indicators under stable codes


@dataclass(frozen=True)
class IndicatorLine:
    kode: str
    indikator: Indikator
    rhk: Rhk


@dataclass(frozen=True)
class SkpIndicators:
    skp: Skp | None
    lines: list[IndicatorLine]


def indicator_lines(rhks: list[Rhk]) -> list[IndicatorLine]:
    """Codes as the printed SKP numbers things: A for RHK utama and B for tambahan, the RHK's
    number in its part, then the indicator's number, so A2.1 is the first indicator of the
    second RHK utama. A revision copies the RHK in the same order, so the codes in an employee's
    spreadsheet keep working for the whole year, where row ids would change with each version.
    Expects the RHK in display order with their indicators prefetched in order."""
    lines: list[IndicatorLine] = []
    for jenis, letter in ((JenisRhk.UTAMA, "A"), (JenisRhk.TAMBAHAN, "B")):
        part = [rhk for rhk in rhks if rhk.jenis == jenis]
        for number, rhk in enumerate(part, start=1):
            for index, indikator in enumerate(rhk.indikator.all(), start=1):
                lines.append(IndicatorLine(f"{letter}{number}.{index}", indikator, rhk))
    return lines


def _skp_of_year(employee_id: int, year: int) -> Skp | None:
    """The approved version (it stays in force while a revision is drafted), else the newest
    version still in play."""
    versions = list(
        Skp.objects.live()
        .filter(employee_id=employee_id, period__tahun=year)
        .select_related("period")
        .order_by("-version")
    )
    approved = [skp for skp in versions if skp.status == StatusSkp.DISETUJUI]
    return (approved or versions or [None])[0]


def skp_indicators(employee_id: int, year: int) -> SkpIndicators:
    skp = _skp_of_year(employee_id, year)
    if skp is None:
        return SkpIndicators(None, [])
    return SkpIndicators(skp, indicator_lines(list(rhk_with_indicators([skp.pk]))))


@dataclass(frozen=True)
class RealisationLine:
    kode: str
    rhk: str
    indikator: str
    aspek: str
    satuan: str
    target_tahunan: Decimal | None
    target_periode: Decimal | None
    realisasi: Decimal
    persen: Decimal | None


@dataclass(frozen=True)
class Realisation:
    skp: Skp | None
    periode_label: str
    lines: list[RealisationLine]


def period_of_month(siklus: str, month: int) -> tuple[int, str]:
    """The evaluation period a month falls in: (periode_ke, label)."""
    if siklus == SiklusEvaluasi.TRIWULANAN:
        quarter = (month - 1) // 3 + 1
        return quarter, f"Target triwulan {('I', 'II', 'III', 'IV')[quarter - 1]}"
    return month, "Target bulan ini"


def realisation_percent(realised: Decimal, target: Decimal | None) -> Decimal | None:
    if target is None or target <= 0:
        return None
    return (realised * 100 / target).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _period_target(indikator: Indikator, periode_ke: int) -> Decimal | None:
    # The targets are prefetched; filtering in the database would cost a query per indicator.
    return next((t.target for t in indikator.targets.all() if t.periode_ke == periode_ke), None)


def target_realisation_of(employee_id: int, year: int, month: int) -> Realisation:
    """Each indicator of the employee's SKP of the year with its annual target, the target of
    the period the month falls in, and the outputs of the month's approved activities. A
    percentage only where it means something: a monthly target of an additive aspect
    (kuantitas, biaya) or of an SKP without aspects; a month against a quarter's target, or a
    level such as a quality percentage, is not a share."""
    found = skp_indicators(employee_id, year)
    if found.skp is None:
        return Realisation(None, "", [])
    siklus = found.skp.period.siklus_evaluasi
    periode_ke, label = period_of_month(siklus, month)
    realised = target_realisation([line.indikator.pk for line in found.lines], year, month)
    lines = []
    for line in found.lines:
        indikator = line.indikator
        target = _period_target(indikator, periode_ke)
        value = realised.get(indikator.pk, Decimal(0))
        shares = siklus == SiklusEvaluasi.BULANAN and (
            not indikator.aspek or indikator.aspek in ADDITIVE_ASPEK
        )
        lines.append(
            RealisationLine(
                kode=line.kode,
                rhk=line.rhk.teks,
                indikator=indikator.uraian,
                aspek=indikator.get_aspek_display() if indikator.aspek else "",
                satuan=indikator.satuan,
                target_tahunan=indikator.target_annual,
                target_periode=target,
                realisasi=value,
                persen=realisation_percent(value, target) if shares else None,
            )
        )
    return Realisation(found.skp, label, lines)
