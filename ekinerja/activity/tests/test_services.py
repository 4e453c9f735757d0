"""Entry and validation of daily activities, with personas (Ani enters, Budi validates)."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from ekinerja.activity import services
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, ActivityPolicy
from ekinerja.activity.services import ActivityInput
from ekinerja.core.models import AuditEvent

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB)
T = dt.time


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def entry(day=10, start=(8, 0), end=(9, 30), **extra):
    values = {
        "tanggal": dt.date(2026, 3, day), "mulai": T(*start), "selesai": T(*end),
        "uraian": "Menyusun rekap data surveilans", "jumlah_output": "1", "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    return ActivityInput(**values)


@pytest.mark.django_db
def test_an_activity_is_stored_with_its_minutes(personas):
    activity = services.record_activity(actor=personas.user("ani"), data=entry())
    assert activity.menit == 90 and activity.status == StatusAktivitas.DIAJUKAN
    assert activity.employee == personas.ani


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (entry(day=11), "akan datang"),
        (entry(day=2), "7 hari ke belakang"),
        (entry(start=(16, 0), end=(18, 0)), "belum terlewati"),
        (entry(start=(9, 0), end=(8, 0)), "setelah jam mulai"),
        (entry(uraian="  "), "Uraian kegiatan wajib"),
        (entry(jumlah_output="banyak"), "harus berupa angka"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_stored(personas, data, message):
    with pytest.raises(ValidationError, match=message):
        services.record_activity(actor=personas.user("ani"), data=data)
    assert not Activity.objects.exists()


@pytest.mark.django_db
def test_overlapping_times_are_refused_but_a_rejected_activity_frees_its_slot(personas):
    ani = personas.user("ani")
    first = services.record_activity(actor=ani, data=entry())
    with pytest.raises(ValidationError, match="bertumpuk"):
        services.record_activity(actor=ani, data=entry(start=(9, 0), end=(10, 0)))
    services.validate_activities(
        actor=personas.user("budi"), activities=[first], verdict="tolak", alasan="Tidak sesuai"
    )
    services.record_activity(actor=ani, data=entry(start=(9, 0), end=(10, 0)))


@pytest.mark.django_db
def test_region_rules_come_from_data_with_effective_dates(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 3, 1), mundur_hari=14
    )
    services.record_activity(actor=personas.user("ani"), data=entry(day=2))
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 3, 3), mundur_hari=1
    )
    with pytest.raises(ValidationError, match="1 hari ke belakang"):
        services.record_activity(actor=personas.user("ani"), data=entry(day=5))


@pytest.mark.django_db
def test_a_closed_month_refuses_entries_and_edits(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), bulan_sama=False,
        batas_hari_validasi=15,
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 3, 2, 17, 0, tzinfo=WIB), tick=False):
        activity = services.record_activity(actor=personas.user("ani"), data=entry(day=27, **{
            "tanggal": dt.date(2026, 2, 27)}))  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 3, 10, 8, 0, tzinfo=WIB), tick=False):
        with pytest.raises(ValidationError, match="sudah ditutup"):
            services.update_activity(
                actor=personas.user("ani"), activity=activity,
                data=entry(tanggal=dt.date(2026, 2, 27), start=(13, 0), end=(14, 0)),
            )  # fmt: skip
        with pytest.raises(ValidationError, match="sudah ditutup"):
            services.validate_activities(
                actor=personas.user("budi"), activities=[activity], verdict="setujui"
            )
    activity.refresh_from_db()
    assert activity.mulai == T(8, 0) and activity.status == StatusAktivitas.DIAJUKAN


@pytest.mark.django_db
def test_only_the_pejabat_penilai_validates_and_reasons_are_required(personas):
    activity = services.record_activity(actor=personas.user("ani"), data=entry())
    for outsider in ("ani", "intan", "eka", "citra"):
        with pytest.raises(PermissionDenied):
            services.validate_activities(
                actor=personas.user(outsider), activities=[activity], verdict="setujui"
            )
    with pytest.raises(ValidationError, match="Alasan wajib"):
        services.validate_activities(
            actor=personas.user("budi"), activities=[activity], verdict="kembalikan"
        )
    count = services.validate_activities(
        actor=personas.user("budi"), activities=[activity], verdict="setujui"
    )
    activity.refresh_from_db()
    assert count == 1 and activity.status == StatusAktivitas.DISETUJUI
    assert activity.validated_by == personas.budi
    assert AuditEvent.objects.filter(action="validate_activities:setujui").count() == 1


@pytest.mark.django_db
def test_bulk_approval_is_all_or_nothing(personas):
    mine = [
        services.record_activity(actor=personas.user("ani"), data=entry(start=(8, 0), end=(9, 0))),
        services.record_activity(actor=personas.user("ani"), data=entry(start=(9, 0), end=(10, 0))),
    ]
    colleague = services.record_activity(actor=personas.user("intan"), data=entry())
    dodi = services.record_activity(actor=personas.user("dodi"), data=entry())
    with pytest.raises(PermissionDenied):
        services.validate_activities(
            actor=personas.user("budi"), activities=[*mine, dodi], verdict="setujui"
        )
    assert not Activity.objects.filter(status=StatusAktivitas.DISETUJUI).exists()
    assert (
        services.validate_activities(
            actor=personas.user("budi"), activities=[*mine, colleague], verdict="setujui"
        )
        == 3
    )


@pytest.mark.django_db
def test_validated_activities_cannot_be_edited_or_deleted(personas):
    ani = personas.user("ani")
    activity = services.record_activity(actor=ani, data=entry())
    services.validate_activities(
        actor=personas.user("budi"), activities=[activity], verdict="setujui"
    )
    with pytest.raises(ValidationError, match="sudah divalidasi"):
        services.update_activity(actor=ani, activity=activity, data=entry(start=(7, 0), end=(8, 0)))
    with pytest.raises(ValidationError, match="sudah divalidasi"):
        services.delete_activity(actor=ani, activity=activity)
    with pytest.raises(PermissionDenied):
        services.delete_activity(actor=personas.user("intan"), activity=activity)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_activities_sent_at_once_leave_exactly_one(personas):
    ani = personas.user("ani")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send(start, end):
        try:
            barrier.wait(timeout=10)
            services.record_activity(actor=ani, data=entry(start=start, end=end))
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=((8, 0), (9, 30))),
        threading.Thread(target=send, args=((9, 0), (10, 0))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "stored"]
    assert Activity.objects.filter(employee=personas.ani).count() == 1
