"""The geofence verdict of a phone check-in: distances on known coordinates, the edge at the
radius, and how the reading's accuracy counts."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.attendance import geo
from ekinerja.attendance.geo import Point, judge

# Kantor Bupati in a made-up town on the equator keeps the arithmetic readable.
OFFICE = Point(-6.2, 106.8)
METRE_IN_DEGREES = math.degrees(1 / geo.EARTH_RADIUS_M)


def north_of(point: Point, metres: float) -> Point:
    return Point(point.latitude + metres * METRE_IN_DEGREES, point.longitude)


def verdict(phone: Point, accuracy: float = 10, radius: int = 100, **extra) -> geo.Verdict:
    return judge(office=OFFICE, radius_m=radius, phone=phone, accuracy_m=accuracy,
                 max_accuracy_m=150, **extra)  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        # One degree of arc on the mean sphere: 2πR / 360.
        (Point(0, 0), Point(1, 0), 111_195.08),
        (Point(0, 0), Point(0, 1), 111_195.08),
        (Point(-6.2, 106.8), Point(-5.2, 106.8), 111_195.08),
        # Antipodes: half the circumference, where a naive asin would overflow.
        (Point(0, 0), Point(0, 180), 20_015_114.44),
        (Point(90, 0), Point(-90, 0), 20_015_114.44),
        # Along the 60th parallel the arc is cos 60° x 111,195.08 = 55,597.54 m; the great
        # circle cuts just inside it.
        (Point(60, 0), Point(60, 1), 55_597.01),
    ],
)
def test_distance_on_known_coordinates(a, b, metres):
    assert geo.distance_m(a, b) == pytest.approx(metres, abs=0.01)
    assert geo.distance_m(b, a) == pytest.approx(metres, abs=0.01)


def test_distance_across_the_date_line_goes_the_short_way():
    assert geo.distance_m(Point(0, 179.5), Point(0, -179.5)) == pytest.approx(111_195.08, abs=0.01)


def _chord_distance(a: Point, b: Point) -> float:
    """An independent formula (the chord between unit vectors) to check haversine against."""

    def vector(p: Point) -> tuple[float, float, float]:
        lat, lon = math.radians(p.latitude), math.radians(p.longitude)
        return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))

    chord = math.dist(vector(a), vector(b))
    return 2 * geo.EARTH_RADIUS_M * math.asin(min(1.0, chord / 2))


points = st.builds(
    Point,
    st.floats(min_value=-90, max_value=90, allow_nan=False),
    st.floats(min_value=-180, max_value=180, allow_nan=False),
)


@given(points, points)
def test_haversine_agrees_with_the_chord_formula(a, b):
    assert geo.distance_m(a, b) == pytest.approx(_chord_distance(a, b), abs=0.01, rel=1e-9)
    assert geo.distance_m(a, a) == 0


def test_inside_the_radius_is_not_flagged():
    result = verdict(north_of(OFFICE, 40))
    assert (result.distance_m, result.flagged) == (40, False)
    assert result.reason == "Di dalam radius kantor (40 m dari titik kantor, radius 100 m)."


@pytest.mark.parametrize(
    ("metres", "shown", "flagged"),
    [(100, 100, False), (100.49, 100, False), (100.51, 101, True), (101, 101, True)],
)
def test_exactly_at_the_radius_is_inside_one_metre_more_is_outside(metres, shown, flagged):
    # Judged on the whole metres that are stored and shown, so the page never reads
    # "100 m, radius 100 m" next to a warning.
    result = verdict(north_of(OFFICE, metres))
    assert (result.distance_m, result.flagged) == (shown, flagged)


def test_outside_is_flagged_with_the_distance_in_indonesian_grouping():
    result = verdict(north_of(OFFICE, 12_345))
    assert result.flagged
    assert result.reason == ("Di luar radius kantor (12.345 m dari titik kantor, radius 100 m).")


@pytest.mark.parametrize(("accuracy", "stored", "flagged"), [
    (150, 150, False), (149.2, 150, False), (150.2, 151, True), (0.3, 1, False),
])  # fmt: skip
def test_accuracy_worse_than_the_limit_is_flagged_even_at_the_office(accuracy, stored, flagged):
    result = verdict(OFFICE, accuracy=accuracy)
    assert (result.accuracy_m, result.flagged, result.distance_m) == (stored, flagged, 0)
    if flagged:
        assert result.reason == "Akurasi lokasi ±151 m melebihi batas ±150 m."


def test_a_huge_accuracy_circle_that_touches_the_office_does_not_pass():
    # 600 m away with a ±5 km circle: the circle covers the office, the reading proves nothing.
    result = verdict(north_of(OFFICE, 600), accuracy=5_000)
    assert result.flagged
    assert result.reason == (
        "Di luar radius kantor (600 m dari titik kantor, radius 100 m); "
        "akurasi lokasi ±5.000 m melebihi batas ±150 m."
    )


def test_a_good_accuracy_never_widens_the_radius():
    # 110 m away and ±5 m: outside by 10 m, the circle does not pull it in.
    assert verdict(north_of(OFFICE, 110), accuracy=5).flagged


def test_approved_wfh_or_dinas_luar_clears_the_flag_and_keeps_what_was_measured():
    result = verdict(north_of(OFFICE, 2_000), accuracy=500, covered_by="Dinas luar")
    assert (result.flagged, result.distance_m) == (False, 2_000)
    assert result.reason == (
        "Dinas luar disetujui; di luar radius kantor (2.000 m dari titik kantor, radius 100 m); "
        "akurasi lokasi ±500 m melebihi batas ±150 m."
    )
    inside = verdict(north_of(OFFICE, 5), covered_by="Dinas luar")
    assert inside.reason.startswith("Di dalam radius kantor")


def test_without_an_office_point_the_punch_is_flagged():
    result = judge(office=None, radius_m=100, phone=OFFICE, accuracy_m=8, max_accuracy_m=150)
    assert (result.distance_m, result.flagged, result.reason) == (
        None, True, "Lokasi kantor belum diatur."
    )  # fmt: skip
    covered = judge(office=None, radius_m=100, phone=OFFICE, accuracy_m=8, max_accuracy_m=150,
                    covered_by="Kerja dari rumah (WFH)")  # fmt: skip
    assert (covered.flagged, covered.accuracy_m) == (False, 8)
    assert covered.reason == "Lokasi kantor belum diatur; Kerja dari rumah (WFH) disetujui."


def test_the_widest_circle_is_capped_to_the_planet():
    assert verdict(OFFICE, accuracy=1e12).accuracy_m == geo.MAX_ACCURACY_M


@pytest.mark.parametrize(("lat", "lon"), [(90.1, 0), (-91, 0), (0, 180.5), (0, -181),
                                          (math.nan, 0), (0, math.inf)])  # fmt: skip
def test_impossible_points_are_refused(lat, lon):
    with pytest.raises(ValueError, match="harus di antara"):
        Point(lat, lon)


@pytest.mark.parametrize("accuracy", [0, -5, math.nan, math.inf])
def test_accuracy_must_be_a_positive_number(accuracy):
    with pytest.raises(ValueError, match="Akurasi lokasi harus lebih dari 0 meter"):
        verdict(OFFICE, accuracy=accuracy)


def test_radius_must_be_positive():
    with pytest.raises(ValueError, match="Radius"):
        verdict(OFFICE, radius=0)
