"""The entry rules for daily activities and the credited-minute arithmetic. Pure: plain values
in, Indonesian messages or numbers out. The region's numbers come in as a `Rules` value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Rules:
    mundur_hari: int = 7
    bulan_sama: bool = True
    tanggal_tutup: int = 10
    batas_menit_harian: int = 420


@dataclass(frozen=True)
class Slot:
    mulai: dt.time
    selesai: dt.time

    @property
    def minutes(self) -> int:
        return minutes_between(self.mulai, self.selesai)


def minutes_between(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


URAIAN_NORM_LENGTH = 255


def normalise_uraian(text: str) -> str:
    """The description as the copy checks compare it: lowercased, blanks collapsed to one
    space, cut to the stored length (two copies differ in their first words, if at all)."""
    return " ".join(text.lower().split())[:URAIAN_NORM_LENGTH]


def month_is_closed(rules: Rules, month_day: dt.date, today: dt.date) -> bool:
    """A month closes for entry and edits on the given day of the next month."""
    next_month = (month_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    closing = next_month.replace(day=rules.tanggal_tutup)
    return today >= closing


def closed_month_message(month_day: dt.date) -> str:
    return (
        f"Bulan {month_day:%m/%Y} sudah ditutup; aktivitas pada bulan itu tidak dapat "
        "ditambah atau diubah."
    )


def date_errors(
    rules: Rules, tanggal: dt.date, today: dt.date, *, window: bool = True
) -> list[str]:
    """Whether an activity may be entered for this date today. Without `window` (correcting an
    activity on its own date) only the future and the closed month count: a returned activity
    stays correctable until its month closes, however long its validator took."""
    if tanggal > today:
        return ["Aktivitas tidak boleh diisi untuk tanggal yang akan datang."]
    if month_is_closed(rules, tanggal, today):
        return [closed_month_message(tanggal)]
    if not window:
        return []
    errors = []
    if (today - tanggal).days > rules.mundur_hari:
        errors.append(
            f"Aktivitas hanya dapat diisi paling lambat {rules.mundur_hari} hari ke belakang."
        )
    if rules.bulan_sama and (tanggal.year, tanggal.month) != (today.year, today.month):
        errors.append("Aktivitas hanya dapat diisi untuk tanggal pada bulan berjalan.")
    return errors


def slot_errors(slot: Slot, others: list[Slot], *, now: dt.datetime | None = None,
                tanggal: dt.date | None = None) -> list[str]:  # fmt: skip
    """Times in order, not ending in the future, and not overlapping the day's other entries."""
    if slot.selesai <= slot.mulai:
        return ["Jam selesai harus setelah jam mulai."]
    errors = []
    if now is not None and tanggal == now.date() and slot.selesai > now.time():
        errors.append("Jam selesai belum terlewati.")
    clash = next((o for o in others if o.mulai < slot.selesai and slot.mulai < o.selesai), None)
    if clash is not None:
        span = f"{clash.mulai:%H:%M}-{clash.selesai:%H:%M}"
        errors.append(f"Waktu bertumpuk dengan aktivitas lain pukul {span}.")
    return errors


def credited_minutes(approved_per_day: dict[dt.date, int], cap: int) -> int:
    """Approved minutes, each day counted up to the daily cap."""
    return sum(min(cap, minutes) for minutes in approved_per_day.values())


def capaian_percent(credited: int, target: int) -> Decimal:
    """Monthly capaian of effective minutes, in %, capped at 100 (domain.md 4)."""
    if target <= 0:
        return Decimal(100)
    value = Decimal(credited) * 100 / Decimal(target)
    return min(Decimal(100), value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def monthly_target(*, dasar: str, tetap: int, per_hari: int, hari_kerja: int) -> int:
    return tetap if dasar == "tetap" else per_hari * hari_kerja
