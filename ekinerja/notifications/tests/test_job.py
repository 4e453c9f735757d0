"""The daily job as the scheduler and cron start it: the task and `manage.py kirim_notifikasi`."""

import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus

from ekinerja.notifications.choices import JenisNotifikasi as J
from ekinerja.notifications.models import DigestRun, Notification
from ekinerja.notifications.tasks import enqueue_daily_digest

from .helpers import NOW, TODAY, YESTERDAY, activity, of

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_task_runs_the_digest_for_every_instansi(personas, settings):
    settings.TASKS = IMMEDIATE
    activity(personas.ani)

    result = enqueue_daily_digest()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["instansi"] == 2
    assert result.return_value["notifikasi_baru"] == Notification.objects.count() > 0
    assert len(of(personas.budi, J.VALIDASI_AKTIVITAS)) == 1
    assert set(DigestRun.objects.values_list("instansi__kode", flat=True)) == {"9999", "9998"}


def test_the_task_takes_a_day_and_an_instansi(personas, settings):
    settings.TASKS = IMMEDIATE
    result = enqueue_daily_digest(YESTERDAY, "9998")
    assert result.status == TaskResultStatus.SUCCESSFUL
    (run,) = DigestRun.objects.all()
    assert run.instansi == personas.other_instansi and run.tanggal == YESTERDAY


def test_the_command_runs_one_instansi_and_reports(personas):
    activity(personas.ani)
    out = io.StringIO()

    call_command("kirim_notifikasi", "--tanggal", str(TODAY), "--instansi", "9999", stdout=out)

    assert "Pemerintah Kabupaten Uji (10 Maret 2026):" in out.getvalue()
    assert "surel terkirim" in out.getvalue()
    assert len(of(personas.budi, J.VALIDASI_AKTIVITAS)) == 1
    assert not Notification.objects.filter(instansi=personas.other_instansi).exists()
    again = io.StringIO()
    call_command("kirim_notifikasi", "--instansi", "9999", stdout=again)
    assert ": 0 notifikasi baru, 0 surel terkirim" in again.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tanggal", "10-03-2026"], "tidak dikenali"),
        (["--tanggal", "2026-03-11"], "masa depan"),
        (["--instansi", "0000"], "tidak ada"),
    ],
)
def test_the_command_refuses_bad_input(personas, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("kirim_notifikasi", *args, stdout=io.StringIO())
    assert not DigestRun.objects.exists()


def test_the_scheduler_runs_it_every_morning(personas, settings):
    from ekinerja.core import schedule
    from ekinerja.notifications.tasks import daily_digest_job

    (job,) = [job for job in schedule.registered() if job.name == "notifikasi-harian"]
    assert job.daily_at is not None and job.daily_at.hour == 6 and job.run is daily_digest_job
    settings.TASKS = IMMEDIATE
    activity(personas.ani)

    result = daily_digest_job(NOW)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert set(DigestRun.objects.values_list("tanggal", flat=True)) == {TODAY}
    assert len(of(personas.budi, J.VALIDASI_AKTIVITAS)) == 1


def test_a_failing_region_does_not_hold_up_the_others(personas, monkeypatch):
    from ekinerja.notifications import selectors, services

    real = selectors.attention

    def attention(instansi_id, *args):
        if instansi_id == personas.instansi.pk:
            raise RuntimeError("rusak")
        return real(instansi_id, *args)

    monkeypatch.setattr(selectors, "attention", attention)
    with pytest.raises(RuntimeError, match="9999"):
        services.send_daily_digest(tanggal=TODAY)
    assert DigestRun.objects.filter(instansi=personas.other_instansi).exists()
