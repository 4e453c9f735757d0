"""Which days are working days: holidays, the working-week pattern of units, and the arithmetic.

Reads are set-wise (a fixed number of queries whatever the range or the number of units);
`working_days` and `is_working_day` are pure once the holidays are loaded, so a month view or a
TPP run loads the holidays once and asks per unit pattern.

National holidays (instansi empty) are shared by every region; a region's own rows add to them.
Libur nasional, cuti bersama and libur daerah all close the day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Q

from ekinerja.org.models import Unit

from .models import Holiday, WorkWeek

DEFAULT_HARI_KERJA = 5
# Holidays of a range: date -> [(jenis, nama)], national rows first.
Holidays = Mapping[dt.date, list[tuple[str, str]]]


def holidays_between(
    instansi_id: int | None, first: dt.date, last: dt.date
) -> dict[dt.date, list[tuple[str, str]]]:
    """National holidays plus the instansi's own between first and last (inclusive), one query.

    With `instansi_id=None` only the national rows are returned.
    """
    scope = Q(instansi__isnull=True)
    if instansi_id is not None:
        scope |= Q(instansi_id=instansi_id)
    rows = (
        Holiday.objects.filter(scope, tanggal__gte=first, tanggal__lte=last)
        .order_by("tanggal", "instansi_id", "jenis")
        .values_list("tanggal", "jenis", "nama")
    )
    found: dict[dt.date, list[tuple[str, str]]] = defaultdict(list)
    for tanggal, jenis, nama in rows:
        found[tanggal].append((jenis, nama))
    return dict(found)


def workweek_for_units(unit_ids: Iterable[int], day: dt.date) -> dict[int, int]:
    """unit id -> working days per week (5 or 6) in force on `day`, in two queries.

    A unit's own pattern is its row with the latest `berlaku_mulai` not after `day`; a unit
    without one takes the nearest ancestor's, and a tree without any the default of 5 days.
    Unknown unit ids get the default too.
    """
    wanted = set(unit_ids)
    if not wanted:
        return {}
    # The whole trees of the instansi concerned, so ancestors are walked in memory.
    instansi_ids = Unit.objects.filter(pk__in=wanted).values("instansi_id")
    parents: dict[int, int | None] = dict(
        Unit.objects.filter(instansi_id__in=instansi_ids).values_list("id", "parent_id")
    )
    own: dict[int, int] = {}
    for unit_id, hari_kerja in (
        WorkWeek.objects.filter(unit__instansi_id__in=instansi_ids, berlaku_mulai__lte=day)
        .order_by("unit_id", "berlaku_mulai")
        .values_list("unit_id", "hari_kerja")
    ):
        own[unit_id] = hari_kerja  # ordered by date, so the latest effective row wins
    return {unit_id: _pattern_of(unit_id, parents, own) for unit_id in wanted}


def _pattern_of(unit_id: int, parents: Mapping[int, int | None], own: Mapping[int, int]) -> int:
    current: int | None = unit_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current in own:
            return own[current]
        seen.add(current)
        current = parents.get(current)
    return DEFAULT_HARI_KERJA


def is_working_day(day: dt.date, hari_kerja: int, holidays: Holidays) -> bool:
    """True when `day` falls in the working week (Mon–Fri, or Mon–Sat for 6) and is no holiday."""
    return day.weekday() < hari_kerja and day not in holidays


def working_days(
    instansi_id: int | None,
    first: dt.date,
    last: dt.date,
    hari_kerja: int = DEFAULT_HARI_KERJA,
    holidays: Holidays | None = None,
) -> list[dt.date]:
    """The working days from first to last (inclusive) for a unit pattern of `hari_kerja` days.

    Pass `holidays` (from `holidays_between` over at least the same range) to stay pure and
    reuse one load for several patterns; without it they are read for `instansi_id` (one query).
    """
    if hari_kerja not in (5, 6):
        raise ValueError("hari_kerja harus 5 atau 6")
    if holidays is None:
        holidays = holidays_between(instansi_id, first, last)
    days: list[dt.date] = []
    day = first
    while day <= last:
        if is_working_day(day, hari_kerja, holidays):
            days.append(day)
        day += dt.timedelta(days=1)
    return days
