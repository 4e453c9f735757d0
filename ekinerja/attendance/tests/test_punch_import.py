"""Importing machine logs into punches: counts, idempotence across imports and formats, time
zones, instansi isolation and a bounded number of queries."""

import datetime as dt
import random

import pytest

from ekinerja.attendance.models import Device, DevicePin, Punch, UnknownPunch
from ekinerja.attendance.services_punches import import_punch_log
from ekinerja.core.models import AuditEvent

UTC = dt.UTC
PEOPLE = ["sekda", "kadinkes", "eka", "budi", "ani", "intan", "kadisdik", "dodi", "citra", "fajar"]
UNKNOWN_PIN = "999"
BAD_LINES = [
    "bukan baris presensi",
    "\t2026-11-02 07:00:00\t0",
    "102\t2026-11-02",
    "103\t2026-11-02 25:00:00\t0",
    "104\t2026-13-01 07:00:00\t0",
]


def attlog(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def stamp(day: int, hour: int, second: int) -> str:
    date = dt.date(2026, 10, 1) + dt.timedelta(days=day)
    return f"{date:%Y-%m-%d} {hour:02d}:0{day % 10}:{second:02d}"


@pytest.fixture
def device(personas):
    return Device.objects.create(
        instansi=personas.instansi,
        nama="Mesin Dinkes",
        serial="ZK-001",
        unit=personas.units["dinkes"],
    )


@pytest.fixture
def mapped(personas, device):
    """PINs 101–110 for ten employees: the first five on this machine only, the rest on every
    machine of the instansi."""
    for number, name in enumerate(PEOPLE, start=101):
        DevicePin.objects.create(
            instansi=personas.instansi,
            device=device if number <= 105 else None,
            pin=str(number),
            employee=getattr(personas, name),
        )


@pytest.fixture
def big_log():
    """1,000 lines: 900 distinct mapped punches, 40 distinct from an unknown PIN, 55 repeated
    lines and 5 bad ones, shuffled so repeats may come before their originals."""
    known = [
        f"{pin}\t{stamp(day, hour, pin % 60)}\t{0 if hour < 12 else 1}\t1\t0\t0"
        for pin in range(101, 111)
        for day in range(45)
        for hour in (7, 16)
    ]
    unknown = [f"{UNKNOWN_PIN}\t{stamp(day, hour, 9)}\t0" for day in range(20) for hour in (7, 16)]
    rng = random.Random(5)
    lines = known + unknown + rng.sample(known, 50) + rng.sample(unknown, 5) + BAD_LINES
    rng.shuffle(lines)
    assert len(lines) == 1000
    return attlog(*lines)


def run(personas, data, *, device=None, filename="attlog.dat"):
    return import_punch_log(
        instansi_id=personas.instansi.pk,
        data=data,
        filename=filename,
        device=device,
        actor=personas.user("citra"),
    )


@pytest.mark.django_db
def test_big_log_counts_and_second_import_adds_nothing(
    personas, device, mapped, big_log, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        first = run(personas, big_log, device=device)

    assert (first.total_lines, first.new, first.duplicate, first.unknown) == (1000, 900, 55, 40)
    assert len(first.problems) == 5
    assert first.unknown_keys == [UNKNOWN_PIN]
    assert all(problem.message.startswith("Baris ") for problem in first.problems)
    assert Punch.objects.count() == 900
    assert UnknownPunch.objects.filter(key=UNKNOWN_PIN).count() == 40
    assert Punch.objects.filter(employee=personas.budi).count() == 90
    event = AuditEvent.objects.get(action="import_presensi_mesin")
    assert event.actor == personas.user("citra")
    assert event.data["baru"] == 900

    with django_assert_max_num_queries(30):
        second = run(personas, big_log, device=device)

    # 900 stored before, 50 + 5 repeated within the file; the 40 unknown stay reported.
    assert (second.new, second.duplicate, second.unknown, len(second.problems)) == (0, 955, 40, 5)
    assert second.new + second.duplicate + second.unknown + len(second.problems) == 1000
    assert Punch.objects.count() == 900
    assert UnknownPunch.objects.count() == 40
    assert AuditEvent.objects.filter(action="import_presensi_mesin").count() == 2


@pytest.mark.django_db
def test_same_punch_by_csv_nip_is_a_duplicate(personas, device, mapped):
    first = run(personas, attlog("104\t2026-11-02 07:30:00\t0"), device=device)
    assert first.new == 1

    csv = f"nip,waktu\n{personas.budi.nip},02/11/2026 07:30\n".encode()
    second = run(personas, csv, filename="presensi.csv")

    assert (second.new, second.duplicate, second.unknown) == (0, 1, 0)
    assert Punch.objects.get().employee == personas.budi


@pytest.mark.django_db
def test_pin_and_nip_of_one_punch_in_one_file_store_once(personas, mapped):
    csv = f"106,2026-11-02 07:30:00\n{personas.intan.nip},2026-11-02 07:30:00\n".encode()

    result = run(personas, csv, filename="campur.csv")

    assert (result.new, result.duplicate) == (1, 1)


@pytest.mark.django_db
def test_wita_device_stores_the_utc_instant(personas, mapped):
    wita = Device.objects.create(
        instansi=personas.instansi, nama="Mesin UPT", serial="ZK-WITA", zona_waktu="Asia/Makassar"
    )

    run(personas, attlog("106\t2026-11-02 07:30:00\t0"), device=wita)

    punch = Punch.objects.get()
    assert punch.waktu == dt.datetime(2026, 11, 1, 23, 30, tzinfo=UTC)
    assert punch.device == wita
    assert punch.employee == personas.intan


@pytest.mark.django_db
def test_device_pin_overrides_instansi_pin_only_on_that_device(personas, device, mapped):
    other_device = Device.objects.create(instansi=personas.instansi, nama="Mesin 2", serial="ZK-2")
    DevicePin.objects.create(
        instansi=personas.instansi, device=None, pin="101", employee=personas.ani
    )

    run(personas, attlog("101\t2026-11-02 07:30:00\t0"), device=device)
    run(personas, attlog("101\t2026-11-02 07:31:00\t0"), device=other_device)

    assert {(p.employee, p.waktu.minute) for p in Punch.objects.all()} == {
        (personas.sekda, 30),
        (personas.ani, 31),
    }


@pytest.mark.django_db
def test_other_instansi_is_never_matched(personas):
    DevicePin.objects.create(
        instansi=personas.other_instansi, device=None, pin="777", employee=personas.stranger
    )
    csv = f"{personas.stranger.nip},2026-11-02 07:30\n777,2026-11-02 07:31\n".encode()

    result = run(personas, csv, filename="lain.csv")

    assert (result.new, result.unknown) == (0, 2)
    assert not Punch.objects.exists()
    assert set(UnknownPunch.objects.values_list("instansi_id", flat=True)) == {personas.instansi.pk}


@pytest.mark.django_db
def test_device_of_another_instansi_is_refused(personas):
    foreign = Device.objects.create(instansi=personas.other_instansi, nama="Lain", serial="X")

    with pytest.raises(ValueError, match="bukan milik instansi"):
        run(personas, attlog("101\t2026-11-02 07:30:00\t0"), device=foreign)
    assert not AuditEvent.objects.filter(action="import_presensi_mesin").exists()


@pytest.mark.django_db
def test_only_bad_lines_still_reports_and_audits(personas):
    result = run(personas, attlog(*BAD_LINES))

    assert (result.total_lines, result.new, result.unknown, len(result.problems)) == (5, 0, 0, 5)
    assert AuditEvent.objects.filter(action="import_presensi_mesin").count() == 1


def test_plain_insert_skips_a_punch_that_slipped_in_meanwhile(personas):
    """The import counts from its check, then inserts plain rows; a concurrent import that
    stored the same punch in between must not fail the insert or store it twice."""
    from django.db import connection
    from django.utils import timezone

    from ekinerja.attendance.services_punches import PUNCH_COLUMNS
    from ekinerja.core.bulk import insert_rows

    employee = personas.ani
    instant = dt.datetime(2026, 11, 2, 0, 30, tzinfo=dt.UTC)
    Punch.objects.create(
        instansi=personas.instansi, employee=employee, waktu=instant, sumber="mesin"
    )
    adapt = connection.ops.adapt_datetimefield_value
    row = (personas.instansi.pk, employee.pk, adapt(instant), "mesin", None, "0",
           adapt(timezone.now()))  # fmt: skip
    insert_rows(Punch, PUNCH_COLUMNS, [row, row], ignore_conflicts=True)
    assert Punch.objects.filter(employee=employee).count() == 1
    with pytest.raises(ValueError):
        insert_rows(Punch, PUNCH_COLUMNS, [row], ignore_conflicts=True, return_ids=True)
