"""Monthly productivity from daily activities (domain.md 4): approved minutes, the minutes
credited after the daily cap, the month's minute target and the capaian %, and the realisation
of SKP indicators from the outputs of approved activities.

Set-based: a fixed number of queries however many employees or indicators are asked for. The
arithmetic lives in `rules.py`; this module only reads and groups."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from ekinerja.attendance.calendar import working_days as calendar_working_days

from . import rules as r
from .choices import DasarTargetMenit, StatusAktivitas
from .models import Activity
from .selectors import policy_on

# Not yet final: waiting for the validator, or returned to the employee to be fixed.
PENDING = frozenset({StatusAktivitas.DIAJUKAN, StatusAktivitas.DIKEMBALIKAN})


@dataclass(frozen=True)
class ProductivityRow:
    employee_id: int
    approved_minutes: int
    credited_minutes: int
    target_minutes: int
    capaian: Decimal
    pending_minutes: int
    rejected_minutes: int


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of the month."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def working_days(instansi_id: int, year: int, month: int) -> int:
    """Hari kerja efektif of the month for the instansi: Monday to Friday, less national
    holidays, cuti bersama and the region's own days off (the attendance calendar; one query).

    6-day units keep the instansi-wide count for the minute target until targets are set per
    unit; the attendance work decides their days worked from their own `WorkWeek`."""
    first, last = _month_bounds(year, month)
    return len(calendar_working_days(instansi_id, first, last))


def monthly_productivity(
    instansi_id: int, year: int, month: int, employee_ids: Iterable[int] | None = None
) -> list[ProductivityRow]:
    """One row per employee, sorted by employee id.

    Without `employee_ids`: every employee of the instansi with an activity in the month. With
    them: exactly those employees, a zero row for anyone without activities. The daily cap and
    the target come from the rules in force on the 1st of the month. Two queries in all (the
    rules and one aggregate grouped by employee, day and status), plus the holidays when the
    target is per working day."""
    first, last = _month_bounds(year, month)
    policy = policy_on(instansi_id, first)
    per_day_target = policy.dasar_target == DasarTargetMenit.PER_HARI_KERJA
    target = r.monthly_target(
        dasar=policy.dasar_target,
        tetap=policy.target_menit_bulanan,
        per_hari=policy.menit_per_hari_kerja,
        # Only a per-working-day target needs the calendar (one more query).
        hari_kerja=working_days(instansi_id, year, month) if per_day_target else 0,
    )

    activities = Activity.objects.filter(instansi_id=instansi_id, tanggal__range=(first, last))
    wanted: list[int] | None = None
    if employee_ids is not None:
        wanted = sorted(set(employee_ids))
        if not wanted:
            return []
        activities = activities.filter(employee_id__in=wanted)
    grouped = (
        activities.order_by()
        .values("employee_id", "tanggal", "status")
        .annotate(total=Sum("menit"))
        .values_list("employee_id", "tanggal", "status", "total")
    )

    approved: dict[int, dict[dt.date, int]] = defaultdict(dict)
    pending: dict[int, int] = defaultdict(int)
    rejected: dict[int, int] = defaultdict(int)
    seen: set[int] = set()
    for employee_id, tanggal, status, total in grouped:
        seen.add(employee_id)
        minutes = int(total or 0)
        if status == StatusAktivitas.DISETUJUI:
            approved[employee_id][tanggal] = minutes
        elif status == StatusAktivitas.DITOLAK:
            rejected[employee_id] += minutes
        elif status in PENDING:
            pending[employee_id] += minutes

    rows = []
    for employee_id in wanted if wanted is not None else sorted(seen):
        per_day = approved.get(employee_id, {})
        credited = r.credited_minutes(per_day, policy.batas_menit_harian)
        rows.append(
            ProductivityRow(
                employee_id=employee_id,
                approved_minutes=sum(per_day.values()),
                credited_minutes=credited,
                target_minutes=target,
                capaian=r.capaian_percent(credited, target),
                pending_minutes=pending.get(employee_id, 0),
                rejected_minutes=rejected.get(employee_id, 0),
            )
        )
    return rows


def target_realisation(indikator_ids: Iterable[int], year: int, month: int) -> dict[int, Decimal]:
    """Per indicator, the sum of `jumlah_output` of its approved activities in the month; an
    indicator without any gets 0. One query."""
    return target_realisation_between(indikator_ids, *_month_bounds(year, month))


def target_realisation_between(
    indikator_ids: Iterable[int], first: dt.date, last: dt.date
) -> dict[int, Decimal]:
    """The same over the days from ``first`` to ``last``. One query."""
    wanted = set(indikator_ids)
    if not wanted:
        return {}
    sums = (
        Activity.objects.filter(
            indikator_id__in=wanted,
            status=StatusAktivitas.DISETUJUI,
            tanggal__range=(first, last),
        )
        .order_by()
        .values("indikator_id")
        .annotate(total=Sum("jumlah_output"))
        .values_list("indikator_id", "total")
    )
    result = dict.fromkeys(sorted(wanted), Decimal(0))
    for indikator_id, total in sums:
        result[indikator_id] = Decimal(total or 0)
    return result
