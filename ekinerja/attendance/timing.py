"""Timing of one working day: which schedule applies, which punches count as arrival and
leaving, how many minutes late or early, and the TL/PSW code those minutes fall in.

Pure: plain values in and out, so the rules are tested without a database. Everything that
domain.md tags [I] or [U] (schedules, Ramadan dates, shift patterns, punch windows, band
tables, grace) comes in as arguments; the module-level DEFAULT_* values are only the
starting point most regions use, and callers replace them with their Pemda's configuration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Break = tuple[dt.time, dt.time]

MINUTES_PER_DAY = 24 * 60

# Indonesia's three zones; a unit's zone is a property of the unit, never of the server.
WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"


class ScheduleError(ValueError):
    """A schedule, calendar or punch that cannot be evaluated; the message is for the user."""


class BandTableError(ValueError):
    """A TL/PSW band table that does not cover every minute exactly once."""


def _minute_of(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


# --- Schedules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DaySchedule:
    """Working hours of one day in the unit's local time. An overnight schedule ends on the
    next calendar day; its breaks may fall on either side of midnight."""

    start: dt.time
    end: dt.time
    breaks: Sequence[Break] = ()
    overnight: bool = False
    name: str = ""

    def __post_init__(self) -> None:
        # Frozen and hashable even when the caller hands in a list of breaks.
        object.__setattr__(self, "breaks", tuple(self.breaks))
        start, end = _minute_of(self.start), _minute_of(self.end)
        if self.overnight and end > start:
            raise ScheduleError(
                f"Jadwal lewat tengah malam {_hhmm(self.start)}–{_hhmm(self.end)} harus "
                "berakhir pada atau sebelum jam mulainya pada hari berikutnya."
            )
        if not self.overnight and end <= start:
            raise ScheduleError(
                f"Jam pulang ({_hhmm(self.end)}) harus setelah jam masuk ({_hhmm(self.start)}); "
                "tandai overnight=True bila jadwal melewati tengah malam."
            )
        previous_end = 0
        for begin, finish in sorted(self._break_offsets()):
            if not 0 <= begin < finish <= self.span_minutes:
                raise ScheduleError(
                    f"Istirahat harus berada di dalam jam kerja "
                    f"{_hhmm(self.start)}–{_hhmm(self.end)}."
                )
            if begin < previous_end:
                raise ScheduleError("Waktu istirahat tidak boleh saling tumpang tindih.")
            previous_end = finish

    def _offset(self, value: dt.time) -> int:
        delta = _minute_of(value) - _minute_of(self.start)
        # Only an overnight schedule may wrap; a day schedule's break before the start is an error.
        return delta % MINUTES_PER_DAY if self.overnight else delta

    def _break_offsets(self) -> list[tuple[int, int]]:
        offsets = []
        for begin, finish in self.breaks:
            first = self._offset(begin)
            length = _minute_of(finish) - _minute_of(begin)
            if self.overnight:
                length %= MINUTES_PER_DAY
            offsets.append((first, first + length))
        return offsets

    @property
    def span_minutes(self) -> int:
        span = _minute_of(self.end) - _minute_of(self.start)
        if not self.overnight:
            return span
        # An overnight schedule ending at its own start time is a full 24-hour duty.
        return span % MINUTES_PER_DAY or MINUTES_PER_DAY

    @property
    def break_minutes(self) -> int:
        return sum(finish - begin for begin, finish in self._break_offsets())

    @property
    def working_minutes(self) -> int:
        return self.span_minutes - self.break_minutes

    def bounds(self, day: dt.date, zone: str | ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """Aware start and end on ``day`` in the unit's zone."""
        tz = resolve_zone(zone)
        end_day = day + dt.timedelta(days=1) if self.overnight else day
        return (
            dt.datetime.combine(day, self.start, tzinfo=tz),
            dt.datetime.combine(end_day, self.end, tzinfo=tz),
        )


@dataclass(frozen=True)
class WeekSchedule:
    """The schedule per weekday; ``None`` is a day off."""

    monday: DaySchedule | None = None
    tuesday: DaySchedule | None = None
    wednesday: DaySchedule | None = None
    thursday: DaySchedule | None = None
    friday: DaySchedule | None = None
    saturday: DaySchedule | None = None
    sunday: DaySchedule | None = None

    @property
    def days(self) -> tuple[DaySchedule | None, ...]:
        return (
            self.monday,
            self.tuesday,
            self.wednesday,
            self.thursday,
            self.friday,
            self.saturday,
            self.sunday,
        )

    def on(self, day: dt.date) -> DaySchedule | None:
        return self.days[day.weekday()]

    @property
    def working_minutes(self) -> int:
        return sum(d.working_minutes for d in self.days if d is not None)


def five_day_week(mon_thu: DaySchedule, friday: DaySchedule) -> WeekSchedule:
    return WeekSchedule(mon_thu, mon_thu, mon_thu, mon_thu, friday)


# Perpres 21/2023 (domain 7.1): start 07:30, 37.5 h a week, 60 min break (90 on Friday). The
# exact clock times of the breaks are the common regional reading, not the Perpres.
PERPRES_21_2023_WEEK = five_day_week(
    DaySchedule(dt.time(7, 30), dt.time(16, 0), [(dt.time(12, 0), dt.time(13, 0))]),
    DaySchedule(dt.time(7, 30), dt.time(16, 30), [(dt.time(11, 30), dt.time(13, 0))]),
)

# Ramadan per Perpres 21/2023: start 08:00, 32.5 h a week, 30 min break (60 on Friday). The
# Perpres gives only the lengths; 12:00–12:30 and 11:30–12:30 (around Friday prayer) are a
# regional choice that a Pemda replaces with its own.
RAMADAN_WEEK = five_day_week(
    DaySchedule(dt.time(8, 0), dt.time(15, 0), [(dt.time(12, 0), dt.time(12, 30))]),
    DaySchedule(dt.time(8, 0), dt.time(15, 30), [(dt.time(11, 30), dt.time(12, 30))]),
)

# Example shift pattern for 24-hour services (exempt from the office week in Perpres 21/2023);
# the hours and the absence of breaks are [U] and differ per unit.
DEFAULT_SHIFTS: Mapping[str, DaySchedule] = MappingProxyType(
    {
        "pagi": DaySchedule(dt.time(7, 0), dt.time(14, 0), name="pagi"),
        "siang": DaySchedule(dt.time(14, 0), dt.time(21, 0), name="siang"),
        "malam": DaySchedule(dt.time(21, 0), dt.time(7, 0), overnight=True, name="malam"),
    }
)


@dataclass(frozen=True)
class SchedulePeriod:
    """A week schedule that replaces the normal one between two dates, both inclusive
    (Ramadan: its dates are announced each year, so they are data)."""

    first: dt.date
    last: dt.date
    week: WeekSchedule
    name: str = ""

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ScheduleError(
                f"Periode {self.name or 'jadwal'}: tanggal akhir ({self.last:%d-%m-%Y}) "
                f"sebelum tanggal awal ({self.first:%d-%m-%Y})."
            )

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def ramadan(first: dt.date, last: dt.date, week: WeekSchedule = RAMADAN_WEEK) -> SchedulePeriod:
    return SchedulePeriod(first, last, week, name="Ramadan")


def schedule_for(
    day: dt.date,
    week: WeekSchedule = PERPRES_21_2023_WEEK,
    *,
    periods: Iterable[SchedulePeriod] = (),
    roster: Mapping[dt.date, DaySchedule | None] | None = None,
) -> DaySchedule | None:
    """The schedule of ``day``: a roster entry (shift work; ``None`` there is a day off) wins
    over a period such as Ramadan, which wins over the normal week. Holidays are the caller's
    business, since they come from the yearly calendar rather than from hours."""
    if roster is not None and day in roster:
        return roster[day]
    matching = [p for p in periods if p.covers(day)]
    if len(matching) > 1:
        names = ", ".join(p.name or f"{p.first:%d-%m-%Y}" for p in matching)
        raise ScheduleError(f"Tanggal {day:%d-%m-%Y} masuk ke lebih dari satu periode: {names}.")
    return (matching[0].week if matching else week).on(day)


# --- Punches ---------------------------------------------------------------------------------


def resolve_zone(zone: str | ZoneInfo) -> ZoneInfo:
    if isinstance(zone, ZoneInfo):
        return zone
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"Zona waktu tidak dikenal: {zone!r}.") from exc


@dataclass(frozen=True)
class PunchWindows:
    """When a punch may count as arrival or leaving, relative to the scheduled start and end.
    The arrival window is half-open at its close so that a lone punch exactly at the end of
    the day reads as leaving (the employee forgot to check in) rather than as a huge lateness."""

    arrival_opens_before_start: dt.timedelta = dt.timedelta(hours=3)
    arrival_closes_after_end: dt.timedelta = dt.timedelta(0)
    leaving_opens_after_start: dt.timedelta = dt.timedelta(0)
    leaving_closes_after_end: dt.timedelta = dt.timedelta(hours=6)


DEFAULT_WINDOWS = PunchWindows()


@dataclass(frozen=True)
class PunchPair:
    """The chosen punches as aware datetimes in the unit's zone; ``None`` when missing."""

    arrival: dt.datetime | None
    leaving: dt.datetime | None


def local_punches(punches: Iterable[dt.datetime], zone: str | ZoneInfo) -> list[dt.datetime]:
    """Punches in the unit's zone, sorted, each instant once (devices and sync jobs resend)."""
    tz = resolve_zone(zone)
    seen: set[dt.datetime] = set()
    for punch in punches:
        if punch.tzinfo is None or punch.utcoffset() is None:
            raise ScheduleError(
                f"Waktu presensi {punch.isoformat()} tidak memiliki zona waktu; "
                "simpan dalam UTC atau sertakan zonanya."
            )
        seen.add(punch.astimezone(tz))
    return sorted(seen)


def pick_punches(
    schedule: DaySchedule,
    day: dt.date,
    punches: Iterable[dt.datetime],
    zone: str | ZoneInfo,
    windows: PunchWindows = DEFAULT_WINDOWS,
) -> PunchPair:
    """Arrival is the first punch in the arrival window; leaving is the last punch in the
    leaving window other than that arrival, so one punch never counts as both."""
    start, end = schedule.bounds(day, zone)
    ordered = local_punches(punches, zone)
    arrival_from = start - windows.arrival_opens_before_start
    arrival_until = end + windows.arrival_closes_after_end
    leaving_from = start + windows.leaving_opens_after_start
    leaving_until = end + windows.leaving_closes_after_end
    arrival = next((p for p in ordered if arrival_from <= p < arrival_until), None)
    leaving = next(
        (p for p in reversed(ordered) if leaving_from <= p <= leaving_until and p != arrival),
        None,
    )
    return PunchPair(arrival, leaving)


def _whole_minutes(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _to_minute(value: dt.datetime) -> dt.datetime:
    # Machines and recaps show HH:MM, so seconds are dropped before comparing: 07:30:59 is on
    # time, and leaving at 15:59:30 is one minute early, as the employee sees it.
    return value.replace(second=0, microsecond=0)


def late_minutes(arrival: dt.datetime | None, start: dt.datetime, grace: int = 0) -> int | None:
    """Whole minutes after the start; ``None`` when there is no arrival punch. Inside the grace
    the lateness is forgiven entirely; past it, it counts from the start (the usual reading
    of "toleransi"; a region that deducts the grace can shift ``start`` instead)."""
    if grace < 0:
        raise ScheduleError(f"Toleransi tidak boleh negatif: {grace}.")
    if arrival is None:
        return None
    minutes = max(0, _whole_minutes(_to_minute(arrival) - start))
    return 0 if minutes <= grace else minutes


def early_minutes(leaving: dt.datetime | None, end: dt.datetime, grace: int = 0) -> int | None:
    """Whole minutes before the end; ``None`` when there is no leaving punch."""
    if grace < 0:
        raise ScheduleError(f"Toleransi tidak boleh negatif: {grace}.")
    if leaving is None:
        return None
    minutes = max(0, _whole_minutes(end - _to_minute(leaving)))
    return 0 if minutes <= grace else minutes


# --- Bands -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """Minutes from ``min_minutes`` to ``max_minutes`` inclusive; ``None`` is open-ended."""

    code: str
    min_minutes: int
    max_minutes: int | None


# Domain 3.4 (central tukin template, copied by many Pemda, [V]/[I]): "1 – <31" etc. in whole
# minutes. Regions vary the table, so it is a default, not a rule.
DEFAULT_TL_BANDS: tuple[Band, ...] = (
    Band("TL1", 1, 30),
    Band("TL2", 31, 60),
    Band("TL3", 61, 90),
    Band("TL4", 91, None),
)
DEFAULT_PSW_BANDS: tuple[Band, ...] = (
    Band("PSW1", 1, 30),
    Band("PSW2", 31, 60),
    Band("PSW3", 61, 90),
    Band("PSW4", 91, None),
)


def validate_bands(bands: Sequence[Band]) -> tuple[Band, ...]:
    """The table must give every positive minute exactly one code: it starts at 1, each band
    continues where the previous ended, and only the last is open-ended."""
    table = tuple(bands)
    if not table:
        raise BandTableError("Tabel kategori tidak boleh kosong.")
    codes: set[str] = set()
    expected = 1
    for index, band in enumerate(table):
        label = band.code or f"ke-{index + 1}"
        if not band.code.strip():
            raise BandTableError(f"Kategori {label}: kode tidak boleh kosong.")
        if band.code in codes:
            raise BandTableError(f"Kode kategori {band.code} dipakai lebih dari sekali.")
        codes.add(band.code)
        if index == 0 and band.min_minutes != 1:
            raise BandTableError(
                f"Kategori pertama ({label}) harus dimulai dari 1 menit, bukan {band.min_minutes}."
            )
        if band.min_minutes > expected:
            raise BandTableError(
                f"Ada celah sebelum kategori {label}: menit {expected}–{band.min_minutes - 1} "
                "tidak masuk kategori mana pun."
            )
        if band.min_minutes < expected:
            raise BandTableError(
                f"Kategori {label} tumpang tindih dengan kategori sebelumnya: "
                f"seharusnya dimulai dari {expected} menit, bukan {band.min_minutes}."
            )
        last = index == len(table) - 1
        if band.max_minutes is None:
            if not last:
                raise BandTableError(
                    f"Hanya kategori terakhir yang boleh tanpa batas atas; {label} bukan yang "
                    "terakhir."
                )
            break
        if band.max_minutes < band.min_minutes:
            raise BandTableError(
                f"Kategori {label}: batas atas ({band.max_minutes}) lebih kecil dari batas "
                f"bawah ({band.min_minutes})."
            )
        if last:
            raise BandTableError(
                f"Kategori terakhir ({label}) harus tanpa batas atas agar keterlambatan di atas "
                f"{band.max_minutes} menit tetap tercakup."
            )
        expected = band.max_minutes + 1
    return table


# Tables already checked, by identity: a month's recompute asks for a band twice per
# employee-day with the same few table objects, and hashing them cost more than the lookup.
# Each entry keeps its table alive, so an id is never reused while it is in here.
_CHECKED: dict[int, tuple[Sequence[Band], tuple[Band, ...]]] = {}


def _validated(bands: Sequence[Band]) -> tuple[Band, ...]:
    if not isinstance(bands, tuple):  # a list may change after it was checked
        return validate_bands(bands)
    entry = _CHECKED.get(id(bands))
    if entry is not None and entry[0] is bands:
        return entry[1]
    table = validate_bands(bands)
    if len(_CHECKED) >= 256:
        _CHECKED.clear()
    _CHECKED[id(bands)] = (bands, table)
    return table


def band_for(
    minutes: int | None, bands: Sequence[Band], *, missing_code: str | None = None
) -> str | None:
    """The code for ``minutes``; ``None`` for 0 (on time). ``minutes=None`` is a missing
    punch, which domain 3.4 puts in the highest band ("≥ 91, or no check-in/out"); a region
    with its own code for it passes ``missing_code``."""
    table = _validated(bands)
    if minutes is None:
        return missing_code if missing_code is not None else table[-1].code
    if minutes < 0:
        raise BandTableError(f"Menit tidak boleh negatif: {minutes}.")
    if minutes == 0:
        return None
    for band in table:
        if band.max_minutes is None or minutes <= band.max_minutes:
            return band.code
    raise AssertionError("validate_bands guarantees an open-ended last band")


# --- The day ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayResult:
    day: dt.date
    schedule: DaySchedule
    arrival_at: dt.datetime | None
    leaving_at: dt.datetime | None
    late: int | None
    early: int | None
    tl_code: str | None
    psw_code: str | None

    @property
    def arrival(self) -> dt.time | None:
        return None if self.arrival_at is None else self.arrival_at.time()

    @property
    def leaving(self) -> dt.time | None:
        # For an overnight schedule this is on the next calendar day; see leaving_at.
        return None if self.leaving_at is None else self.leaving_at.time()

    @property
    def missing_in(self) -> bool:
        return self.arrival_at is None

    @property
    def missing_out(self) -> bool:
        return self.leaving_at is None


def evaluate_day(
    schedule: DaySchedule,
    punches: Iterable[dt.datetime],
    zone: str | ZoneInfo,
    bands_tl: Sequence[Band] = DEFAULT_TL_BANDS,
    bands_psw: Sequence[Band] = DEFAULT_PSW_BANDS,
    grace: int = 0,
    *,
    day: dt.date,
    windows: PunchWindows = DEFAULT_WINDOWS,
    early_grace: int = 0,
    missing_tl_code: str | None = None,
    missing_psw_code: str | None = None,
) -> DayResult:
    """Late/early minutes and TL/PSW codes of a scheduled working day. Whether the day is a
    working day at all (holiday, leave, dinas luar) is decided before calling this."""
    start, end = schedule.bounds(day, zone)
    pair = pick_punches(schedule, day, punches, zone, windows)
    late = late_minutes(pair.arrival, start, grace)
    early = early_minutes(pair.leaving, end, early_grace)
    return DayResult(
        day=day,
        schedule=schedule,
        arrival_at=pair.arrival,
        leaving_at=pair.leaving,
        late=late,
        early=early,
        tl_code=band_for(late, bands_tl, missing_code=missing_tl_code),
        psw_code=band_for(early, bands_psw, missing_code=missing_psw_code),
    )
