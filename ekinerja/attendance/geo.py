"""Where a phone check-in happened relative to the office: distance and the verdict (issue 5).

Pure: numbers in, a `Verdict` out; no Django, so the rules are tested exhaustively and typed
strictly.

How the verdict is reached, in order:

1. No office point (neither the unit nor any ancestor has coordinates): flagged, "lokasi kantor
   belum diatur", because nobody can tell whether the employee was at work.
2. The distance is measured between the office point and the centre of the phone's reading,
   on a sphere (haversine), and rounded to whole metres, which is also what is stored and
   shown. Exactly at the radius is inside; one metre more is outside.
3. The phone's accuracy (the radius of its uncertainty circle, as the browser reports it) never
   helps: a reading of ±2 km would otherwise "touch" every office in town. A reading worse than
   the region's `akurasi_maks_m` is flagged even when its centre is inside, because it cannot
   show that the employee was there; a reading within the limit is judged on its centre.
4. An approved WFH or dinas luar covering the day clears the flag: the employee is meant to be
   elsewhere. The reason still records what was measured, so a recap can show it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

# IUGG mean Earth radius; the spherical error against the ellipsoid is well under 0.5% and
# radii are tens to hundreds of metres, so it never moves a verdict meaningfully.
EARTH_RADIUS_M: Final = 6_371_008.8
# No reading is less sure than "somewhere on the planet"; keeps stored values bounded.
MAX_ACCURACY_M: Final = 20_015_115

NO_OFFICE: Final = "Lokasi kantor belum diatur"


@dataclass(frozen=True, slots=True)
class Point:
    """Latitude and longitude in decimal degrees (WGS 84, as browsers report them)."""

    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.latitude) and -90 <= self.latitude <= 90):
            raise ValueError("Lintang harus di antara -90 dan 90.")
        if not (math.isfinite(self.longitude) and -180 <= self.longitude <= 180):
            raise ValueError("Bujur harus di antara -180 dan 180.")


@dataclass(frozen=True, slots=True)
class Verdict:
    """``distance_m`` is None only when the office has no point; ``reason`` is shown to users."""

    distance_m: int | None
    accuracy_m: int
    flagged: bool
    reason: str


def distance_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres (haversine, stable for the short distances used here)."""
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    d_phi = phi2 - phi1
    d_lambda = math.radians(b.longitude - a.longitude)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    # Rounding can push h a hair above 1 for antipodal points, where asin would fail.
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))


def whole_metres(value: float) -> int:
    """Half up, so 100.5 m reads as 101 m the same way on every path (not banker's rounding)."""
    return math.floor(value + 0.5)


def accuracy_metres(value: float) -> int:
    """The accuracy rounded up: ±150.2 m is not as good as ±150 m. At least 1 m, at most
    `MAX_ACCURACY_M`."""
    if not (math.isfinite(value) and value > 0):
        raise ValueError("Akurasi lokasi harus lebih dari 0 meter.")
    return min(MAX_ACCURACY_M, max(1, math.ceil(value)))


def metres_text(value: int) -> str:
    """12345 -> "12.345 m", as Indonesian readers group thousands."""
    return f"{value:,} m".replace(",", ".")


def judge(
    *,
    office: Point | None,
    radius_m: int,
    phone: Point,
    accuracy_m: float,
    max_accuracy_m: int,
    covered_by: str | None = None,
) -> Verdict:
    """The verdict on one reading (see the module text for the rules).

    ``covered_by`` is the label of the approved WFH or dinas luar covering the day, if any.
    """
    if radius_m <= 0:
        raise ValueError("Radius kantor harus lebih dari 0 meter.")
    accuracy = accuracy_metres(accuracy_m)
    if office is None:
        if covered_by:
            return Verdict(None, accuracy, False, f"{NO_OFFICE}; {covered_by} disetujui.")
        return Verdict(None, accuracy, True, f"{NO_OFFICE}.")

    distance = whole_metres(distance_m(office, phone))
    outside = distance > radius_m
    vague = accuracy > max_accuracy_m
    measured = f"{metres_text(distance)} dari titik kantor, radius {metres_text(radius_m)}"
    problems = []
    if outside:
        problems.append(f"di luar radius kantor ({measured})")
    if vague:
        problems.append(
            f"akurasi lokasi ±{metres_text(accuracy)} melebihi batas ±{metres_text(max_accuracy_m)}"
        )
    if not problems:
        return Verdict(distance, accuracy, False, f"Di dalam radius kantor ({measured}).")
    text = "; ".join(problems)
    if covered_by:
        return Verdict(distance, accuracy, False, f"{covered_by} disetujui; {text}.")
    return Verdict(distance, accuracy, True, f"{text[0].upper()}{text[1:]}.")
