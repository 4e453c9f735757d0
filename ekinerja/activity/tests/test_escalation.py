"""Escalation in the validation queue: past the instansi's deadline a pending activity leaves the
pejabat penilai's queue for the atasan pejabat penilai's (Ani's goes from Budi to Eka); at the
top of the tree, where nobody is above, it stays."""

import datetime as dt

import pytest
import time_machine

from ekinerja.activity import access, services
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, ActivityPolicy
from ekinerja.activity.selectors_queue import QueueFilter, validation_queue
from ekinerja.activity.services import ActivityInput

from .test_queue import DECIDE, NOW, QUEUE, T, frozen, make_activity, seen  # noqa: F401

pytestmark = pytest.mark.django_db
DEADLINE = NOW + dt.timedelta(days=5)  # the default batas_hari_validasi


def queued(personas, name):
    return [row.activity.pk for row in validation_queue(personas.user(name), QueueFilter()).rows]


def test_eka_gets_anis_activity_only_after_the_deadline(personas, login):
    activity = make_activity(personas.ani)
    assert queued(personas, "budi") == [activity.pk] and queued(personas, "eka") == []

    with time_machine.travel(DEADLINE, tick=False):
        # Exactly at the deadline it is not late yet.
        assert queued(personas, "budi") == [activity.pk] and queued(personas, "eka") == []

    with time_machine.travel(DEADLINE + dt.timedelta(minutes=1), tick=False):
        assert queued(personas, "budi") == []
        eka = login(personas.user("eka")).get(QUEUE)
        (row,) = eka.context["queue"].rows
        assert row.activity.pk == activity.pk and row.eskalasi
        assert eka.context["queue"].eskalasi == 1
        assert ">eskalasi</span>" in eka.content.decode()

        budi = login(personas.user("budi")).get(QUEUE)
        assert budi.status_code == 200 and budi.context["queue"].dialihkan == 1
        assert "1 aktivitas pegawai yang Anda nilai melewati batas waktu" in budi.content.decode()
        refused = budi.client.post(
            DECIDE, {"dilihat": seen(), "keputusan": "setujui", "id": [activity.pk]}
        )
        assert refused.status_code == 403
        activity.refresh_from_db()
        assert activity.status == StatusAktivitas.DIAJUKAN

        done = login(personas.user("eka")).post(
            DECIDE, {"dilihat": seen(), "keputusan": "setujui", "id": [activity.pk]}
        )
        assert done.status_code == 302
    activity.refresh_from_db()
    assert activity.status == StatusAktivitas.DISETUJUI and activity.validated_by == personas.eka


def test_the_deadline_is_the_instansi_policy(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), batas_hari_validasi=2
    )
    activity = make_activity(personas.ani)
    with time_machine.travel(NOW + dt.timedelta(days=2, minutes=1), tick=False):
        assert queued(personas, "eka") == [activity.pk] and queued(personas, "budi") == []


def test_at_the_top_of_the_tree_overdue_ones_stay_and_others_arrive(personas):
    sekda = make_activity(personas.sekda)
    kadinkes = make_activity(personas.kadinkes)
    with time_machine.travel(DEADLINE + dt.timedelta(hours=1), tick=False):
        bupati = validation_queue(personas.user("bupati"), QueueFilter())
        rows = {row.activity.pk: row.eskalasi for row in bupati.rows}
        # The Sekda's own overdue activity stays with the Bupati, who has nobody above; the
        # Kadinkes's comes up from the Sekda as an escalation.
        assert rows == {sekda.pk: False, kadinkes.pk: True}
        assert bupati.dialihkan == 0
        sekda_queue = validation_queue(personas.user("sekda"), QueueFilter())
        assert sekda_queue.rows == [] and sekda_queue.dialihkan == 1
        for activity in (sekda, kadinkes):
            assert access.can_validate(personas.user("bupati"), activity)


@pytest.mark.parametrize("moment", [NOW, DEADLINE, DEADLINE + dt.timedelta(seconds=1)])
def test_the_queue_agrees_with_can_validate_before_and_after_the_deadline(personas, moment):
    for name in ("ani", "intan", "budi", "eka", "kadinkes", "sekda", "kadisdik", "dodi"):
        make_activity(getattr(personas, name), start=(7, 0), end=(8, 0))
    make_activity(personas.ani, start=(9, 0), end=(10, 0), diajukan_at=NOW - dt.timedelta(days=9))
    names = ("ani", "budi", "eka", "kadinkes", "sekda", "bupati", "kadisdik", "citra", "gita")
    with time_machine.travel(moment, tick=False):
        pending = list(Activity.objects.filter(status=StatusAktivitas.DIAJUKAN))
        for name in names:
            user = personas.user(name)
            allowed = {a.pk for a in pending if access.can_validate(user, a)}
            assert set(queued(personas, name)) == allowed, name


def test_a_resubmitted_activity_goes_back_to_the_pejabat_penilai(personas):
    activity = services.record_activity(
        actor=personas.user("ani"),
        data=ActivityInput(
            tanggal=dt.date(2026, 3, 10), mulai=T(8, 0), selesai=T(9, 0),
            uraian="Menyusun rekap", jumlah_output="1", satuan="laporan",
        ),
    )  # fmt: skip
    later = DEADLINE + dt.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        services.validate_activities(
            actor=personas.user("eka"), activities=[activity], verdict="kembalikan",
            alasan="Lengkapi output",
        )  # fmt: skip
        services.update_activity(
            actor=personas.user("ani"), activity=activity,
            data=ActivityInput(
                tanggal=dt.date(2026, 3, 10), mulai=T(8, 0), selesai=T(9, 0),
                uraian="Menyusun rekap data surveilans", jumlah_output="2", satuan="laporan",
            ),
        )  # fmt: skip
        assert queued(personas, "budi") == [activity.pk] and queued(personas, "eka") == []
