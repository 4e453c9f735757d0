"""Anomaly flags on pending activities, shown to the validator beside each row. Pure: the facts of
one activity and the region's thresholds in, flags with an Indonesian explanation out.

Flags inform the validator; they never refuse an entry or a decision. The facts are gathered
set-wise by `selectors_queue`; the thresholds are the `ActivityPolicy` fields in force on the
activity's day.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    menit_entri: int
    hari_salin: int
    rekan_salin: int


@dataclass(frozen=True)
class Facts:
    """What is known about one activity and its day. "Same description" means the same text once
    lowercased and with its whitespace collapsed."""

    menit: int
    # Distinct days of the calendar month on which the employee entered the same description.
    hari_uraian_sama: int
    # Distinct employees of the instansi who entered the same description on the same day,
    # the employee included.
    pegawai_uraian_sama: int
    # The employee's minutes of activity that day, this one included.
    menit_hari: int
    # Minutes between arrival and leaving; None when there is no record or a punch is missing.
    menit_hadir: int | None = None
    # Why the employee was away that day ("cuti tahunan", "tanpa keterangan"); None if not.
    tidak_hadir: str | None = None


@dataclass(frozen=True)
class Flag:
    kode: str
    label: str
    keterangan: str


def repeated_across_days(facts: Facts, limits: Thresholds) -> Flag | None:
    if facts.hari_uraian_sama < limits.hari_salin:
        return None
    return Flag(
        "uraian_berulang",
        "Uraian berulang",
        f"Uraian yang sama diisi pada {facts.hari_uraian_sama} hari berbeda dalam bulan ini "
        f"(ditandai mulai {limits.hari_salin} hari).",
    )


def shared_with_colleagues(facts: Facts, limits: Thresholds) -> Flag | None:
    if facts.pegawai_uraian_sama < limits.rekan_salin:
        return None
    return Flag(
        "uraian_sama_rekan",
        "Sama dengan rekan",
        f"Uraian yang sama diisi oleh {facts.pegawai_uraian_sama} pegawai pada hari yang sama "
        f"(ditandai mulai {limits.rekan_salin} pegawai).",
    )


def longer_than_attendance(facts: Facts) -> Flag | None:
    if facts.menit_hadir is None or facts.menit_hari <= facts.menit_hadir:
        return None
    return Flag(
        "melebihi_kehadiran",
        "Melebihi jam hadir",
        f"Jumlah aktivitas hari itu {facts.menit_hari} menit, lebih lama dari waktu hadir "
        f"{facts.menit_hadir} menit (jam datang sampai jam pulang).",
    )


def on_day_away(facts: Facts) -> Flag | None:
    if not facts.tidak_hadir:
        return None
    return Flag(
        "tidak_hadir",
        "Hari tidak hadir",
        f"Pada hari itu pegawai tercatat {facts.tidak_hadir}.",
    )


def long_entry(facts: Facts, limits: Thresholds) -> Flag | None:
    if facts.menit <= limits.menit_entri:
        return None
    return Flag(
        "entri_panjang",
        "Entri panjang",
        f"Satu entri {facts.menit} menit, di atas batas {limits.menit_entri} menit.",
    )


def flags_for(facts: Facts, limits: Thresholds) -> list[Flag]:
    found = (
        repeated_across_days(facts, limits),
        shared_with_colleagues(facts, limits),
        longer_than_attendance(facts),
        on_day_away(facts),
        long_entry(facts, limits),
    )
    return [flag for flag in found if flag is not None]
