"""The pure part of the daily digest: who stands above whom (from maps already read), which
days of the entry window are about to close, the texts, and the grouping of an e-mail.
Plain values in and out, no ORM."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ekinerja.activity.rules import Rules, date_errors

MAX_TREE_DEPTH = 30
# The entry window is announced this many days before a day drops out of it.
HORIZON_DAYS = 2
# The SKP submission deadline is announced this many days ahead.
SKP_DEADLINE_DAYS = 7
NAMA_BULAN = (
    "", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
)  # fmt: skip
MAX_NAMES = 5
MAX_QUOTE = 120


@dataclass(frozen=True)
class Item:
    """One notification to write for one user."""

    user_id: int
    kind: str
    title: str
    body: str
    url: str
    key: str


@dataclass(frozen=True)
class Group:
    label: str
    items: tuple[Item, ...]


def tanggal(day: dt.date) -> str:
    """22 November 2026."""
    return f"{day.day} {NAMA_BULAN[day.month]} {day.year}"


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def names(counts: Mapping[str, int], *, with_counts: bool = True) -> str:
    """'Ani (3), Budi (1) dan 2 pegawai lain', largest first (without counts: by name)."""
    ordered = sorted(counts.items(), key=lambda pair: (-pair[1] if with_counts else 0, pair[0]))
    shown = ", ".join(f"{name} ({n})" if with_counts else name for name, n in ordered[:MAX_NAMES])
    rest = len(ordered) - MAX_NAMES
    return f"{shown} dan {rest} pegawai lain" if rest > 0 else shown


def atasan_from(
    penilai_seats: Mapping[int, tuple[int, int]],
    in_charge: Mapping[int, int],
    reports_to: Mapping[int, int | None],
) -> dict[int, int]:
    """Employee -> their atasan pejabat penilai: from above the position their penilai leads
    them from, the first position with somebody in charge who is neither of the two (as
    `people.hierarchy.atasan_pejabat_penilai` walks it, but over maps read once)."""
    found: dict[int, int] = {}
    for employee_id, (penilai_id, position_id) in penilai_seats.items():
        current = reports_to.get(position_id)
        for _ in range(MAX_TREE_DEPTH):
            if current is None:
                break
            holder = in_charge.get(current)
            if holder is not None and holder not in (employee_id, penilai_id):
                found[employee_id] = holder
                break
            current = reports_to.get(current)
    return found


def closing_days(rules: Rules, day: dt.date, horizon: int = HORIZON_DAYS) -> list[dt.date]:
    """The past days that may still be entered on `day` but no longer `horizon` days later.
    The day itself is left out: the job runs before the working day is over."""
    later = day + dt.timedelta(days=horizon)
    found = []
    for back in range(rules.mundur_hari, 0, -1):
        candidate = day - dt.timedelta(days=back)
        if not date_errors(rules, candidate, day) and date_errors(rules, candidate, later):
            found.append(candidate)
    return found


def last_entry_day(rules: Rules, candidate: dt.date, day: dt.date) -> dt.date:
    """The last day on which `candidate` may still be entered (looking from `day`)."""
    last = day
    while not date_errors(rules, candidate, last + dt.timedelta(days=1)):
        last += dt.timedelta(days=1)
    return last


def days_left_text(deadline: dt.date, day: dt.date) -> str:
    left = (deadline - day).days
    if left <= 0:
        return "hari ini"
    if left == 1:
        return "besok"
    return f"{left} hari lagi"


def group(items: Iterable[Item], order: Sequence[str], labels: Mapping[str, str]) -> list[Group]:
    """The items of one e-mail by kind, in the given order of kinds, each kind's items in the
    order they came."""
    by_kind: dict[str, list[Item]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    rank = {kind: i for i, kind in enumerate(order)}
    kinds = sorted(by_kind, key=lambda kind: (rank.get(kind, len(rank)), kind))
    return [Group(labels.get(kind, kind), tuple(by_kind[kind])) for kind in kinds]


def subject(count: int, day: dt.date) -> str:
    noun = "1 pemberitahuan" if count == 1 else f"{count} pemberitahuan"
    return f"E-Kinerja: {noun} untuk Anda, {tanggal(day)}"
