"""What a month measured for every employee of an instansi, read set-wise for the monitoring
job: their seat and OPD, why they are left out (if they are), approved SKP, filled days,
attendance, the validation backlog, predikat and TPP.

A fixed number of queries for the whole instansi. The activity table is the big one (ten
million rows a year in a large region), so it is read twice, both times through the
(instansi, tanggal) range: once for the filled days, once for the grouped counts."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.allowance.choices import JenisRun, StatusRun
from ekinerja.allowance.inputs import SET_STATUSES, Month
from ekinerja.allowance.models import TppLine, TppRun
from ekinerja.appraisal.choices import JenisEvaluasi
from ekinerja.appraisal.models import Evaluation, UnitPredikat
from ekinerja.attendance.choices import AT_WORK, StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.people.choices import STATUS_ASN, JenisPenugasan
from ekinerja.people.models import Assignment
from ekinerja.people.selectors import opd_of_units
from ekinerja.planning.choices import SiklusEvaluasi, StatusSkp
from ekinerja.planning.models import PerformancePeriod, Skp

from . import compliance
from .models import OpdGoLive

# Days that are not expected at work: leave, sick, permission. They leave the denominators.
AWAY = frozenset({StatusKehadiran.CUTI, StatusKehadiran.SAKIT, StatusKehadiran.IZIN})


@dataclass
class EmployeeFigures:
    employee_id: int
    opd_id: int
    unit_id: int
    pengecualian: str = ""
    skp_disetujui: bool = False
    hari_wajib: int = 0
    hari_terisi: int = 0
    presensi_wajib: int = 0
    presensi_hadir: int = 0
    aktivitas_diajukan: int = 0
    tunggakan: int = 0
    menit_disetujui: int = 0
    predikat: str = ""
    tpp: Decimal | None = None


@dataclass
class OpdInfo:
    unit_id: int
    go_live: dt.date | None
    is_opd: bool = True  # an OPD-typed unit, not a top unit that merely holds someone
    predikat_organisasi: str = ""


@dataclass
class MonthFigures:
    month: Month
    cutoff: dt.date
    uses_waves: bool = False
    employees: list[EmployeeFigures] = field(default_factory=list)
    opds: dict[int, OpdInfo] = field(default_factory=dict)
    tpp_status: str = ""


@dataclass
class _Seat:
    mulai: dt.date
    selesai: dt.date | None
    unit_id: int
    opd_id: int


def read_month(
    instansi_id: int, tahun: int, bulan: int, *, now: dt.datetime, hari_tunggakan: int
) -> MonthFigures:
    month = Month.of(instansi_id, tahun, bulan)
    # A month still running is measured up to today: tomorrow cannot be filled yet.
    cutoff = min(month.last, now.date())
    opds = opd_of_units(instansi_id)
    opd_by_unit = {unit_id: opd.id for unit_id, opd in opds.items()}
    opd_typed = {opd.id for opd in opds.values() if opd.jenis in JENIS_UNIT_OPD}
    go_live = dict(
        OpdGoLive.objects.filter(instansi_id=instansi_id).values_list("unit_id", "tanggal_mulai")
    )
    figures = MonthFigures(month=month, cutoff=cutoff, uses_waves=bool(go_live))
    for opd_id in sorted(set(opd_by_unit.values())):
        figures.opds[opd_id] = OpdInfo(
            unit_id=opd_id, go_live=go_live.get(opd_id), is_opd=opd_id in opd_typed
        )

    seats, kedudukan = _seats(month, opd_by_unit)
    ids = sorted(seats)
    working = month.working
    expected: dict[int, set[dt.date]] = {}
    # A region that does not roll out in waves has no go-live rows: every OPD is live.
    not_scheduled = dt.date.max if go_live else dt.date.min
    for employee_id in ids:
        own = seats[employee_id]
        latest = own[-1]
        days: set[dt.date] = set()
        for seat in own:
            start = max(seat.mulai, go_live.get(seat.opd_id) or not_scheduled)
            days.update(compliance.days_in_seat(working, start, seat.selesai, cutoff))
        expected[employee_id] = days
        figures.employees.append(
            EmployeeFigures(
                employee_id=employee_id,
                opd_id=latest.opd_id,
                unit_id=latest.unit_id,
                pengecualian=compliance.exception_reason(
                    kedudukan[employee_id], (s.opd_id for s in own)
                ),
            )
        )
    by_id = {row.employee_id: row for row in figures.employees}
    _add_attendance(month, cutoff, by_id, expected)
    _add_activities(month, cutoff, by_id, expected, now - dt.timedelta(days=hari_tunggakan))
    _add_skp(instansi_id, tahun, by_id)
    _add_predikat(month, by_id, figures.opds)
    figures.tpp_status = _add_tpp(month, by_id)
    return figures


def _seats(
    month: Month, opd_by_unit: dict[int, int]
) -> tuple[dict[int, list[_Seat]], dict[int, str]]:
    """Definitif seats of ASN overlapping the month, oldest first, and each one's kedudukan."""
    rows = (
        Assignment.objects.overlapping(month.first, month.last)
        .filter(
            jenis=JenisPenugasan.DEFINITIF,
            employee__instansi_id=month.instansi_id,
            employee__status__in=STATUS_ASN,
        )
        .order_by("mulai", "id")
        .values_list("employee_id", "mulai", "selesai", "position__unit_id", "employee__kedudukan")
    )
    seats: dict[int, list[_Seat]] = defaultdict(list)
    kedudukan: dict[int, str] = {}
    for employee_id, mulai, selesai, unit_id, status in rows:
        seats[employee_id].append(_Seat(mulai, selesai, unit_id, opd_by_unit.get(unit_id, unit_id)))
        kedudukan[employee_id] = status
    return seats, kedudukan


def _add_attendance(
    month: Month,
    cutoff: dt.date,
    by_id: dict[int, EmployeeFigures],
    expected: dict[int, set[dt.date]],
) -> None:
    """Working days on leave leave both denominators; days at work count as present."""
    away: dict[int, set[dt.date]] = defaultdict(set)
    present: Counter[int] = Counter()
    rows = DailyAttendance.objects.filter(
        instansi_id=month.instansi_id, tanggal__range=(month.first, cutoff)
    ).values_list("employee_id", "tanggal", "status")
    for employee_id, tanggal, status in rows:
        if tanggal not in expected.get(employee_id, ()):
            continue
        if status in AWAY:
            away[employee_id].add(tanggal)
        elif status in AT_WORK:
            present[employee_id] += 1
    for employee_id, row in by_id.items():
        days = expected[employee_id] - away.get(employee_id, set())
        expected[employee_id] = days
        row.hari_wajib = row.presensi_wajib = len(days)
        row.presensi_hadir = present[employee_id]


def _add_activities(
    month: Month,
    cutoff: dt.date,
    by_id: dict[int, EmployeeFigures],
    expected: dict[int, set[dt.date]],
    overdue_before: dt.datetime,
) -> None:
    in_month = Activity.objects.filter(
        instansi_id=month.instansi_id, tanggal__range=(month.first, cutoff)
    )
    filled = (
        in_month.filter(status=StatusAktivitas.DISETUJUI)
        .order_by()
        .values_list("employee_id", "tanggal")
        .distinct()
    )
    for employee_id, tanggal in filled:
        if tanggal in expected.get(employee_id, ()):
            by_id[employee_id].hari_terisi += 1
    pending = Q(status=StatusAktivitas.DIAJUKAN)
    grouped = (
        in_month.order_by()
        .values("employee_id")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=pending & Q(diajukan_at__lt=overdue_before)),
            menit=Sum("menit", filter=Q(status=StatusAktivitas.DISETUJUI)),
        )
    )
    for row in grouped:
        figures = by_id.get(row["employee_id"])
        if figures is not None:
            figures.aktivitas_diajukan = row["n"]
            figures.tunggakan = row["overdue"]
            figures.menit_disetujui = row["menit"] or 0


def _add_skp(instansi_id: int, tahun: int, by_id: dict[int, EmployeeFigures]) -> None:
    approved = Skp.objects.filter(
        instansi_id=instansi_id, period__tahun=tahun, status=StatusSkp.DISETUJUI
    ).values_list("employee_id", flat=True)
    for employee_id in approved:
        if employee_id in by_id:
            by_id[employee_id].skp_disetujui = True


def _period_of(month: Month) -> tuple[PerformancePeriod | None, int]:
    period = PerformancePeriod.objects.filter(
        instansi_id=month.instansi_id, tahun=month.tahun
    ).first()
    if period is None:
        return None, 0
    quarterly = period.siklus_evaluasi == SiklusEvaluasi.TRIWULANAN
    return period, (month.bulan - 1) // 3 + 1 if quarterly else month.bulan


def _add_predikat(
    month: Month, by_id: dict[int, EmployeeFigures], opds: dict[int, OpdInfo]
) -> None:
    """The set predikat of the evaluation period containing the month, and each OPD's own
    organisational predikat, which decides the curve its employees are held to."""
    period, periode_ke = _period_of(month)
    if period is None:
        return
    rows = Evaluation.objects.filter(
        skp__period=period,
        jenis=JenisEvaluasi.PERIODIK,
        periode_ke=periode_ke,
        status__in=SET_STATUSES,
    ).values_list("employee_id", "predikat")
    for employee_id, predikat in rows:
        if employee_id in by_id:
            by_id[employee_id].predikat = predikat
    org = UnitPredikat.objects.filter(
        period=period, periode_ke=periode_ke, unit_id__in=list(opds)
    ).values_list("unit_id", "predikat")
    for unit_id, predikat in org:
        opds[unit_id].predikat_organisasi = predikat


def _add_tpp(month: Month, by_id: dict[int, EmployeeFigures]) -> str:
    """Amounts received from the month's official run: the final one if any, else the latest
    draft, so the dashboard shows the figure the region is about to pay."""
    run = (
        TppRun.objects.filter(
            instansi_id=month.instansi_id,
            tahun=month.tahun,
            bulan=month.bulan,
            jenis=JenisRun.RESMI,
            unit__isnull=True,
        )
        .order_by("-status", "-id")  # "final" sorts after "draf"
        .only("id", "status")
        .first()
    )
    if run is None:
        return ""
    for employee_id, bersih in TppLine.objects.filter(run=run).values_list("employee_id", "bersih"):
        if employee_id in by_id:
            by_id[employee_id].tpp = bersih
    return StatusRun(run.status).label
