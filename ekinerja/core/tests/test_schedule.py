"""The clock of periodic jobs, and the command that runs them once."""

import datetime as dt

import pytest
from django.core.management import call_command

from ekinerja.core import schedule

T = dt.datetime(2026, 3, 2, 8, 0)


def noop(now):
    return None


INTERVAL = schedule.Job("tiap-15", noop, every=dt.timedelta(minutes=15))
DAILY = schedule.Job("harian", noop, daily_at=dt.time(6, 0))


@pytest.mark.parametrize(
    ("last", "now", "expected"),
    [
        ({}, T, ["tiap-15", "harian"]),  # at start: both (it is past six)
        ({"tiap-15": T, "harian": T}, T + dt.timedelta(minutes=14), []),
        ({"tiap-15": T, "harian": T}, T + dt.timedelta(minutes=15), ["tiap-15"]),
        ({"tiap-15": T, "harian": T}, T.replace(day=3, hour=5), ["tiap-15"]),  # not yet six
        ({"tiap-15": T, "harian": T}, T.replace(day=3, hour=6), ["tiap-15", "harian"]),
    ],
)
def test_due(last, now, expected):
    assert [job.name for job in schedule.due([INTERVAL, DAILY], last, now)] == expected


def test_a_job_needs_exactly_one_clock():
    with pytest.raises(ValueError):
        schedule.register(schedule.Job("keduanya", noop))


def test_the_monitoring_refresh_is_registered():
    assert "pantauan-bulan-berjalan" in [job.name for job in schedule.registered()]


def test_once_runs_the_due_jobs_and_stops(personas, settings):
    from ekinerja.allowance.testing import IMMEDIATE_TASKS
    from ekinerja.dashboard.models import MonitoringRefresh

    settings.TASKS = IMMEDIATE_TASKS
    call_command("penjadwal", "--sekali", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # Both instansi of the personas get this month (and maybe the previous one) computed.
    assert MonitoringRefresh.objects.filter(instansi=personas.instansi).exists()
    assert MonitoringRefresh.objects.filter(instansi=personas.other_instansi).exists()
