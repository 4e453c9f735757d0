"""Compliance arithmetic for the monitoring dashboards: who is left out of compliance and why,
the rates of an OPD, and whether an OPD complies with the region's thresholds.

Pure: plain values in and out, no ORM, so the rules are tested on hand-made data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# Why an employee is left out of an OPD's compliance for a month. Kedudukan codes are those of
# people.choices.Kedudukan; "mutasi" is computed (a seat in more than one OPD in the month).
EXCEPTION_LABELS: dict[str, str] = {
    "tugas_belajar": "Tugas belajar",
    "cltn": "Cuti di luar tanggungan negara",
    "diberhentikan_sementara": "Diberhentikan sementara",
    "mpp": "Masa persiapan pensiun",
    "pensiun": "Pensiun",
    "pindah_keluar": "Pindah ke instansi lain",
    "diberhentikan": "Diberhentikan",
    "meninggal": "Meninggal dunia",
    "mutasi": "Mutasi antar-OPD dalam bulan ini",
}
# Kedudukan in which a person does not do the daily work the dashboard measures.
EXCEPTED_KEDUDUKAN = frozenset(k for k in EXCEPTION_LABELS if k != "mutasi")


def exception_reason(kedudukan: str, opd_ids_in_month: Iterable[int | None]) -> str:
    """The reason an employee is left out of compliance, or "" when they count. Kedudukan wins
    over mutasi: someone who moved OPD and then went on tugas belajar is on tugas belajar."""
    if kedudukan in EXCEPTED_KEDUDUKAN:
        return kedudukan
    if len(set(opd_ids_in_month)) > 1:
        return "mutasi"
    return ""


def days_in_seat(
    working: Sequence[dt.date], mulai: dt.date, selesai: dt.date | None, cutoff: dt.date
) -> list[dt.date]:
    """The working days from ``mulai`` to ``selesai`` (open-ended when None), up to ``cutoff``."""
    return [
        day for day in working if mulai <= day <= cutoff and (selesai is None or day <= selesai)
    ]


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent with one decimal, or None when there is no whole."""
    if whole <= 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class OpdCounts:
    """The month's counters of one OPD over its counted employees (exceptions left out)."""

    pegawai: int = 0
    skp_disetujui: int = 0
    hari_wajib: int = 0
    hari_terisi: int = 0
    presensi_wajib: int = 0
    presensi_hadir: int = 0
    aktivitas_diajukan: int = 0
    tunggakan: int = 0

    @property
    def skp_persen(self) -> Decimal | None:
        return percent(self.skp_disetujui, self.pegawai)

    @property
    def isian_persen(self) -> Decimal | None:
        return percent(self.hari_terisi, self.hari_wajib)

    @property
    def presensi_persen(self) -> Decimal | None:
        return percent(self.presensi_hadir, self.presensi_wajib)

    @property
    def tunggakan_persen(self) -> Decimal | None:
        return percent(self.tunggakan, self.aktivitas_diajukan)


@dataclass(frozen=True)
class Thresholds:
    skp_persen: int = 90
    isian_persen: int = 80
    tunggakan_persen: int = 10


@dataclass(frozen=True)
class Compliance:
    patuh: bool
    alasan: tuple[str, ...] = field(default_factory=tuple)


def shown(value: Decimal) -> str:
    """A percentage as Indonesians write it: 18,2%."""
    return f"{value}%".replace(".", ",")


def assess(counts: OpdCounts, thresholds: Thresholds) -> Compliance:
    """Whether an OPD complies: enough approved SKPs, enough filled days, and a validation
    backlog within bounds. An OPD with nobody counted has nothing to comply with."""
    if counts.pegawai == 0:
        return Compliance(patuh=True)
    reasons = []
    skp = counts.skp_persen or Decimal(0)
    if skp < thresholds.skp_persen:
        reasons.append(f"SKP disetujui {shown(skp)} (ambang {thresholds.skp_persen}%)")
    isian = counts.isian_persen
    if isian is not None and isian < thresholds.isian_persen:
        reasons.append(f"pengisian aktivitas {shown(isian)} (ambang {thresholds.isian_persen}%)")
    backlog = counts.tunggakan_persen
    if backlog is not None and backlog > thresholds.tunggakan_persen:
        reasons.append(
            f"tunggakan validasi {shown(backlog)} dari aktivitas diajukan "
            f"(paling banyak {thresholds.tunggakan_persen}%)"
        )
    return Compliance(patuh=not reasons, alasan=tuple(reasons))


def is_live(go_live: dt.date | None, month_last_day: dt.date, *, uses_waves: bool) -> bool:
    """An OPD counts in a month once it went live on or before the month's last day. In a
    region that rolls out in waves, an OPD without a go-live date has not started; a region
    without any go-live date uses the system everywhere."""
    if go_live is None:
        return not uses_waves
    return go_live <= month_last_day
