"""The attendance configuration of an instansi, read from the database into the pure values of
`timing`: the rules in force (tolerances, punch windows, TL/PSW bands), and which working hours
apply to whom on which day (weekly schedules by unit with per-employee overrides, special
periods such as Ramadan, shift rosters).

Everything is loaded in a fixed number of queries for a date range and then answered from
memory, so recomputing a month for thousands of employees does not query per day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from ekinerja.org.models import Unit

from . import timing
from .choices import JenisJadwal, JenisKategori
from .daystatus import DEFAULT_RULES, Rules
from .models import (
    AttendanceBand,
    AttendancePolicy,
    ScheduleAssignment,
    ScheduleDay,
    SchedulePeriod,
    WorkSchedule,
)

DEFAULT_SCHEDULE_NAME = "Perpres 21/2023 (bawaan)"


# --- rules -------------------------------------------------------------------------------------


def _rules_from(policy: AttendancePolicy, bands: Iterable[AttendanceBand]) -> Rules:
    by_kind: dict[str, list[timing.Band]] = defaultdict(list)
    for band in sorted(bands, key=lambda b: b.menit_dari):
        by_kind[band.jenis].append(timing.Band(band.kode, band.menit_dari, band.menit_sampai))
    return Rules(
        toleransi_terlambat=policy.toleransi_terlambat,
        toleransi_pulang_cepat=policy.toleransi_pulang_cepat,
        windows=timing.PunchWindows(
            arrival_opens_before_start=dt.timedelta(minutes=policy.masuk_dibuka_sebelum),
            leaving_closes_after_end=dt.timedelta(minutes=policy.pulang_ditutup_setelah),
        ),
        # A policy without its own bands keeps the default table for that kind.
        tl_bands=timing.validate_bands(by_kind[JenisKategori.TL])
        if by_kind[JenisKategori.TL]
        else timing.DEFAULT_TL_BANDS,
        psw_bands=timing.validate_bands(by_kind[JenisKategori.PSW])
        if by_kind[JenisKategori.PSW]
        else timing.DEFAULT_PSW_BANDS,
        radius_bawaan_m=policy.radius_bawaan_m,
        akurasi_maks_m=policy.akurasi_maks_m,
        jatah_cuti_tahunan=policy.jatah_cuti_tahunan,
        batas_cuti_satu_tahun=policy.batas_cuti_satu_tahun,
        batas_cuti_dua_tahun=policy.batas_cuti_dua_tahun,
        cuti_bersama_mengurangi=policy.cuti_bersama_mengurangi,
    )


@dataclass(frozen=True)
class RulesBook:
    """The policies of an instansi over a range, answered per day."""

    starts: tuple[dt.date, ...] = ()
    rules: tuple[Rules, ...] = ()

    def on(self, day: dt.date) -> Rules:
        index = bisect.bisect_right(self.starts, day) - 1
        return self.rules[index] if index >= 0 else DEFAULT_RULES


def load_rules(instansi_id: int, first: dt.date, last: dt.date) -> RulesBook:
    """The policies in force from first to last, in two queries."""
    latest_before = (
        AttendancePolicy.objects.filter(instansi_id=instansi_id, berlaku_mulai__lte=first)
        .order_by("-berlaku_mulai")
        .values("berlaku_mulai")[:1]
    )
    policies = list(
        AttendancePolicy.objects.filter(instansi_id=instansi_id)
        .filter(
            Q(berlaku_mulai__gt=first, berlaku_mulai__lte=last) | Q(berlaku_mulai__in=latest_before)
        )
        .order_by("berlaku_mulai")
    )
    if not policies:
        return RulesBook()
    bands: dict[int, list[AttendanceBand]] = defaultdict(list)
    for band in AttendanceBand.objects.filter(policy__in=policies):
        bands[band.policy_id].append(band)
    return RulesBook(
        starts=tuple(p.berlaku_mulai for p in policies),
        rules=tuple(_rules_from(p, bands[p.pk]) for p in policies),
    )


def rules_on(instansi_id: int, day: dt.date) -> Rules:
    return load_rules(instansi_id, day, day).on(day)


# --- schedules ---------------------------------------------------------------------------------


def day_schedule_of(row: ScheduleDay, name: str) -> timing.DaySchedule:
    breaks = []
    if row.istirahat_mulai is not None and row.istirahat_selesai is not None:
        breaks.append((row.istirahat_mulai, row.istirahat_selesai))
    return timing.DaySchedule(
        row.jam_masuk,
        row.jam_pulang,
        breaks,
        overnight=row.lewat_tengah_malam,
        name=row.kode or name,
    )


@dataclass(frozen=True)
class Span:
    first: dt.date
    last: dt.date | None
    schedule_id: int

    def covers(self, day: dt.date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class Applied:
    """The hours of one employee on one day. ``hours`` is None on a day off."""

    hours: timing.DaySchedule | None
    schedule_name: str
    shift: bool


@dataclass
class ScheduleBook:
    weeks: dict[int, timing.WeekSchedule] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    shifts: dict[int, timing.DaySchedule] = field(default_factory=dict)
    unit_spans: dict[int, list[Span]] = field(default_factory=dict)
    employee_spans: dict[int, list[Span]] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)
    periods: list[tuple[dt.date, dt.date, int]] = field(default_factory=list)
    _unit_cache: dict[tuple[int, dt.date], int | None] = field(default_factory=dict)

    def _unit_schedule(self, unit_id: int | None, day: dt.date) -> int | None:
        if unit_id is None:
            return None
        key = (unit_id, day)
        if key not in self._unit_cache:
            found: int | None = None
            current: int | None = unit_id
            seen: set[int] = set()
            while current is not None and current not in seen:
                span = _covering(self.unit_spans.get(current, ()), day)
                if span is not None:
                    found = span.schedule_id
                    break
                seen.add(current)
                current = self.parents.get(current)
            self._unit_cache[key] = found
        return self._unit_cache[key]

    def schedule_id(self, employee_id: int, unit_id: int | None, day: dt.date) -> int | None:
        """The employee's own assignment wins over the unit's, which is inherited down the tree."""
        own = _covering(self.employee_spans.get(employee_id, ()), day)
        return own.schedule_id if own is not None else self._unit_schedule(unit_id, day)

    def applied(
        self,
        employee_id: int,
        unit_id: int | None,
        day: dt.date,
        roster: Mapping[dt.date, int | None] | None = None,
    ) -> Applied:
        schedule_id = self.schedule_id(employee_id, unit_id, day)
        if schedule_id is not None and self.kinds[schedule_id] == JenisJadwal.SHIFT:
            name = self.names[schedule_id]
            if roster is None or day not in roster:
                # Shift workers without a roster entry have no hours that day: nothing to
                # measure against, rather than the office week by mistake.
                return Applied(None, name, shift=True)
            shift_id = roster[day]
            return Applied(None if shift_id is None else self.shifts[shift_id], name, shift=True)
        if roster is not None and day in roster:
            # A roster entry for someone on a weekly schedule still decides the day (a staff
            # member pulled into a shift for a week).
            shift_id = roster[day]
            hours = None if shift_id is None else self.shifts.get(shift_id)
            return Applied(hours, "Roster", shift=True)
        for first, last, period_schedule in self.periods:
            if first <= day <= last:
                return Applied(
                    self.weeks[period_schedule].on(day), self.names[period_schedule], shift=False
                )
        if schedule_id is None:
            return Applied(timing.PERPRES_21_2023_WEEK.on(day), DEFAULT_SCHEDULE_NAME, shift=False)
        return Applied(self.weeks[schedule_id].on(day), self.names[schedule_id], shift=False)


def _covering(spans: Iterable[Span], day: dt.date) -> Span | None:
    # Latest start first, so a newer assignment replaces an open-ended older one.
    for span in spans:
        if span.covers(day):
            return span
    return None


def _week_of(rows: Iterable[ScheduleDay], name: str) -> timing.WeekSchedule:
    days: list[timing.DaySchedule | None] = [None] * 7
    for row in rows:
        if row.hari is not None:
            days[row.hari] = day_schedule_of(row, name)
    return timing.WeekSchedule(*days)


def load_schedule_book(instansi_id: int, first: dt.date, last: dt.date) -> ScheduleBook:
    """Every schedule of the instansi and who works it between first and last, in 5 queries."""
    book = ScheduleBook()
    rows_by_schedule: dict[int, list[ScheduleDay]] = defaultdict(list)
    for schedule in WorkSchedule.objects.filter(instansi_id=instansi_id):
        book.names[schedule.pk] = schedule.nama
        book.kinds[schedule.pk] = schedule.jenis
    for row in ScheduleDay.objects.filter(jadwal__instansi_id=instansi_id):
        rows_by_schedule[row.jadwal_id].append(row)
        if row.kode:
            book.shifts[row.pk] = day_schedule_of(row, book.names[row.jadwal_id])
    for schedule_id, kind in book.kinds.items():
        if kind == JenisJadwal.MINGGUAN:
            book.weeks[schedule_id] = _week_of(
                rows_by_schedule[schedule_id], book.names[schedule_id]
            )
    assignments = (
        ScheduleAssignment.objects.filter(instansi_id=instansi_id, berlaku_mulai__lte=last)
        .filter(Q(berlaku_sampai__isnull=True) | Q(berlaku_sampai__gte=first))
        .order_by("-berlaku_mulai", "-id")
        .values_list("unit_id", "employee_id", "berlaku_mulai", "berlaku_sampai", "jadwal_id")
    )
    for unit_id, employee_id, mulai, sampai, schedule_id in assignments:
        span = Span(mulai, sampai, schedule_id)
        if employee_id is not None:
            book.employee_spans.setdefault(employee_id, []).append(span)
        else:
            book.unit_spans.setdefault(unit_id, []).append(span)
    book.parents = dict(Unit.objects.filter(instansi_id=instansi_id).values_list("id", "parent_id"))
    book.periods = [
        (mulai, selesai, schedule_id)
        for mulai, selesai, schedule_id in SchedulePeriod.objects.filter(
            instansi_id=instansi_id, mulai__lte=last, selesai__gte=first
        ).values_list("mulai", "selesai", "jadwal_id")
        if schedule_id in book.weeks
    ]
    return book
