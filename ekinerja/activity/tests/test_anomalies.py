"""Anomaly flags: the pure rules at their thresholds, and the set-wise facts behind them read
from activities, attendance and leave (Ani's activities in March 2026, Budi's queue)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekinerja.activity.anomalies import Facts, Thresholds, flags_for
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, ActivityPolicy
from ekinerja.activity.selectors_queue import (
    Entry,
    QueueFilter,
    anomaly_flags,
    validation_queue,
)
from ekinerja.attendance.models import DailyAttendance, LeaveRequest
from ekinerja.people.testing import make_employee

from .test_queue import T, frozen, make_activity  # noqa: F401 (frozen is an autouse fixture)

LIMITS = Thresholds(menit_entri=240, hari_salin=5, rekan_salin=3)


def facts(**changes) -> Facts:
    values = {"menit": 60, "hari_uraian_sama": 1, "pegawai_uraian_sama": 1, "menit_hari": 60}
    return Facts(**(values | changes))


def codes(found) -> list[str]:
    return [flag.kode for flag in found]


# --- the pure rules --------------------------------------------------------------------------


def test_an_ordinary_activity_has_no_flags():
    assert flags_for(facts(), LIMITS) == []


@pytest.mark.parametrize(("days", "flagged"), [(4, False), (5, True), (6, True)])
def test_same_description_on_many_days_of_the_month(days, flagged):
    found = flags_for(facts(hari_uraian_sama=days), LIMITS)
    assert codes(found) == (["uraian_berulang"] if flagged else [])
    if flagged:
        assert f"{days} hari berbeda" in found[0].keterangan


@pytest.mark.parametrize(("people", "flagged"), [(2, False), (3, True)])
def test_same_description_by_several_employees_on_one_day(people, flagged):
    found = flags_for(facts(pegawai_uraian_sama=people), LIMITS)
    assert codes(found) == (["uraian_sama_rekan"] if flagged else [])


@pytest.mark.parametrize(
    ("day_minutes", "attended", "flagged"),
    [(480, 480, False), (481, 480, True), (600, None, False), (1, 0, True)],
)
def test_day_longer_than_attendance(day_minutes, attended, flagged):
    found = flags_for(facts(menit_hari=day_minutes, menit_hadir=attended), LIMITS)
    assert codes(found) == (["melebihi_kehadiran"] if flagged else [])


def test_activity_on_a_day_away():
    found = flags_for(facts(tidak_hadir="tanpa keterangan"), LIMITS)
    assert codes(found) == ["tidak_hadir"]
    assert found[0].keterangan == "Pada hari itu pegawai tercatat tanpa keterangan."


@pytest.mark.parametrize(("minutes", "flagged"), [(239, False), (240, False), (241, True)])
def test_single_long_entry(minutes, flagged):
    found = flags_for(facts(menit=minutes, menit_hari=minutes), LIMITS)
    assert codes(found) == (["entri_panjang"] if flagged else [])


def test_several_flags_at_once_keep_a_stable_order():
    found = flags_for(
        facts(menit=300, menit_hari=300, menit_hadir=200, hari_uraian_sama=9, tidak_hadir="sakit"),
        LIMITS,
    )
    assert codes(found) == ["uraian_berulang", "melebihi_kehadiran", "tidak_hadir", "entri_panjang"]


# --- the facts, read set-wise ------------------------------------------------------------------


def flags_of(personas, *activities):
    """The flags of these activities, with their normalised text read as the queue reads it."""
    texts = dict(
        Activity.objects.filter(pk__in=[a.pk for a in activities]).values_list("pk", "uraian_norm")
    )
    entries = [Entry(a.pk, a.employee_id, a.tanggal, a.menit, texts[a.pk]) for a in activities]
    found = anomaly_flags(personas.instansi.pk, entries)
    return {pk: codes(flags) for pk, flags in found.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "flagged"), [(4, False), (5, True)])
def test_repeated_description_counts_distinct_days_of_the_month(personas, days, flagged):
    # Case and whitespace do not make a description different; a second entry on the same day,
    # a rejected one and one in the previous month do not add days.
    variants = ["Rapat koordinasi", "rapat  KOORDINASI", "Rapat\tkoordinasi ", "rapat koordinasi"]
    last = None
    for n in range(days):
        last = make_activity(
            personas.ani, 2 + n, uraian=variants[n % len(variants)], start=(8, 0), end=(9, 0)
        )
    make_activity(personas.ani, 2, uraian="Rapat koordinasi", start=(10, 0), end=(11, 0))
    make_activity(personas.ani, 9, uraian="Rapat koordinasi", status=StatusAktivitas.DITOLAK)
    make_activity(personas.ani, tanggal=dt.date(2026, 2, 27), uraian="Rapat koordinasi")
    make_activity(personas.intan, 9, uraian="Rapat koordinasi")
    assert flags_of(personas, last)[last.pk] == (["uraian_berulang"] if flagged else [])


@pytest.mark.django_db
@pytest.mark.parametrize(("colleagues", "flagged"), [(1, False), (2, True)])
def test_shared_description_counts_employees_of_the_instansi_on_that_day(
    personas, colleagues, flagged
):
    mine = make_activity(personas.ani, 9, uraian="Input data   SKDR")
    make_activity(personas.ani, 9, uraian="input data skdr", start=(10, 0), end=(11, 0))
    for person in [personas.intan, personas.dodi][:colleagues]:
        make_activity(person, 9, uraian="INPUT DATA SKDR")
    make_activity(personas.citra, 8, uraian="input data skdr")  # another day
    make_activity(personas.stranger, 9, uraian="input data skdr")  # another instansi
    make_activity(personas.fajar, 9, uraian="input data skdr", status=StatusAktivitas.DITOLAK)
    assert flags_of(personas, mine)[mine.pk] == (["uraian_sama_rekan"] if flagged else [])


@pytest.mark.django_db
@pytest.mark.parametrize(("leaving", "flagged"), [(T(12, 0), False), (T(11, 59), True)])
def test_day_longer_than_attendance_sums_the_day(personas, leaving, flagged):
    # 08:00-12:00 is 240 attended minutes; the two entries add up to 240.
    first = make_activity(personas.ani, 9, start=(8, 0), end=(10, 0))
    second = make_activity(personas.ani, 9, start=(10, 0), end=(12, 0), uraian="Lain")
    make_activity(personas.ani, 9, start=(13, 0), end=(15, 0), status=StatusAktivitas.DITOLAK)
    DailyAttendance.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=dt.date(2026, 3, 9),
        status="hadir", jam_datang=T(8, 0), jam_pulang=leaving,
    )  # fmt: skip
    expected = ["melebihi_kehadiran"] if flagged else []
    assert flags_of(personas, first, second) == {first.pk: expected, second.pk: expected}


@pytest.mark.django_db
def test_no_attendance_record_or_missing_punch_means_no_attendance_flag(personas):
    no_record = make_activity(personas.ani, 9, start=(8, 0), end=(12, 0))
    no_punch = make_activity(personas.ani, 10, start=(8, 0), end=(12, 0))
    DailyAttendance.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=dt.date(2026, 3, 10),
        status="hadir", jam_datang=T(8, 0),
    )  # fmt: skip
    assert flags_of(personas, no_record, no_punch) == {no_record.pk: [], no_punch.pk: []}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "text"),
    [
        ("tanpa_keterangan", "tanpa keterangan"),
        ("sakit", "sakit"),
        ("izin", "izin"),
        ("cuti", "cuti"),
        ("hadir", None),
        ("dinas_luar", None),
        ("libur", None),
    ],
)
def test_activity_on_a_day_of_absence(personas, status, text):
    activity = make_activity(personas.ani, 9)
    DailyAttendance.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=dt.date(2026, 3, 9),
        status=status,
    )  # fmt: skip
    entry = Entry(activity.pk, personas.ani.pk, activity.tanggal, 60, "x")
    found = anomaly_flags(personas.instansi.pk, [entry])[activity.pk]
    if text is None:
        assert found == []
    else:
        assert [f.keterangan for f in found] == [f"Pada hari itu pegawai tercatat {text}."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("leave", "flagged"),
    [
        ({"status": "disetujui"}, True),
        ({"status": "diajukan"}, False),
        ({"status": "disetujui", "sehari_penuh": False}, False),
        ({"status": "disetujui", "jenis": "dinas_luar"}, False),
        ({"status": "disetujui", "selesai": dt.date(2026, 3, 8)}, False),
    ],
)
def test_activity_on_a_day_of_approved_full_day_leave(personas, leave, flagged):
    activity = make_activity(personas.ani, 9)
    values = {"jenis": "tahunan", "mulai": dt.date(2026, 3, 5), "selesai": dt.date(2026, 3, 9)}
    LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.ani, **(values | leave)
    )
    entry = Entry(activity.pk, personas.ani.pk, activity.tanggal, 60, "x")
    found = anomaly_flags(personas.instansi.pk, [entry])[activity.pk]
    if flagged:
        assert [f.keterangan for f in found] == [
            "Pada hari itu pegawai tercatat cuti tahunan yang disetujui."
        ]
    else:
        assert found == []


@pytest.mark.django_db
def test_thresholds_come_from_the_policy_in_force_on_the_activity_day(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 3, 9), anomali_menit_entri=60
    )
    before = make_activity(personas.ani, 8, start=(8, 0), end=(9, 30))
    after = make_activity(personas.ani, 9, start=(8, 0), end=(9, 30))
    assert flags_of(personas, before, after) == {before.pk: [], after.pk: ["entri_panjang"]}


@pytest.mark.django_db
def test_flag_reads_take_a_fixed_number_of_queries(personas):
    few = [make_activity(personas.ani, 9)]
    people = [
        make_employee(personas.instansi, f"Staf {i}", position=personas.positions["staf"])
        for i in range(8)
    ]
    many = [
        make_activity(person, day, start=(h, 0), end=(h + 1, 0), uraian=f"Kegiatan {h}")
        for person in [personas.ani, personas.intan, *people]
        for day in (2, 3, 4)
        for h in (13, 14, 15)
    ]

    def count(activities):
        entries = [Entry(a.pk, a.employee_id, a.tanggal, a.menit, a.uraian) for a in activities]
        with CaptureQueriesContext(connection) as ctx:
            anomaly_flags(personas.instansi.pk, entries)
        return len(ctx)

    assert count(few) == count(many) == 6


@pytest.mark.django_db
def test_the_queue_rows_carry_their_flags_with_an_explanation(personas, login):
    for person in (personas.ani, personas.intan, personas.dodi):
        make_activity(person, 9, uraian="Apel pagi")
    quiet = make_activity(personas.ani, 9, start=(10, 0), end=(11, 0), uraian="Menulis laporan")
    response = login(personas.user("budi")).get("/aktivitas/validasi/")
    rows = {row.activity.pk: codes(row.flags) for row in response.context["queue"].rows}
    assert rows[quiet.pk] == []
    assert sorted(set(rows) - {quiet.pk}) and all(
        rows[pk] == ["uraian_sama_rekan"] for pk in rows if pk != quiet.pk
    )
    html = response.content.decode()
    assert "Sama dengan rekan" in html
    assert "Uraian yang sama diisi oleh 3 pegawai pada hari yang sama" in html


@pytest.mark.django_db
def test_only_flagged_filter_uses_the_same_rules(personas):
    flagged = make_activity(personas.ani, 9, start=(8, 0), end=(12, 30))
    make_activity(personas.ani, 9, start=(13, 0), end=(14, 0))
    queue = validation_queue(personas.user("budi"), QueueFilter(hanya_ditandai=True))
    assert [row.activity.pk for row in queue.rows] == [flagged.pk] and queue.matching == 1
