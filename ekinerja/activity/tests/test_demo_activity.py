"""The activity part of the demo region: a catalogue per position, some leave, and a month of
activities in every state, consistent with the entry rules and the validation chain."""

import datetime as dt
from collections import defaultdict
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ekinerja.activity import access
from ekinerja.activity import demo as activity_demo
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, CatalogItem
from ekinerja.attendance import demo as attendance_demo
from ekinerja.attendance.choices import NOT_WORKING, StatusPengajuan
from ekinerja.attendance.models import Holiday, LeaveRequest
from ekinerja.people import hierarchy
from ekinerja.people.demo import seed_demo
from ekinerja.people.management.commands.seed_demo import demo_extensions
from ekinerja.people.models import Employee
from ekinerja.planning import demo as planning_demo

WIB = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)


@pytest.fixture
def demo(db):
    with time_machine.travel(NOW, tick=False):
        result = seed_demo(employees=120, seed=5, today=DAY)
        attendance_demo.extend_demo(result, seed=5, today=DAY)
        planning_demo.extend_demo(result, seed=5, today=DAY)
        summary = activity_demo.extend_demo(result, seed=5, today=DAY)
        yield result, summary


def test_the_demo_has_a_month_of_activities_in_every_state(demo):
    result, summary = demo
    statuses = set(Activity.objects.values_list("status", flat=True))
    assert statuses == set(StatusAktivitas)
    assert "Aktivitas" in summary
    first, last = (
        Activity.objects.order_by("tanggal").values_list("tanggal", flat=True)[:1][0],
        (Activity.objects.order_by("-tanggal").values_list("tanggal", flat=True)[:1][0]),
    )
    assert dt.date(2026, 10, 21) <= first and last <= dt.date(2026, 11, 19)
    assert not Activity.objects.filter(tanggal__week_day__in=(1, 7)).exists()  # no weekends
    holidays = Holiday.objects.filter(tanggal__range=(first, last)).values("tanggal")
    assert not Activity.objects.filter(tanggal__in=holidays).exists()
    assert CatalogItem.objects.filter(instansi=result.instansi).count() >= 4
    rejected = Activity.objects.filter(status=StatusAktivitas.DITOLAK)
    assert not rejected.filter(alasan="").exists()


def test_demo_activities_keep_the_entry_rules(demo):
    by_day = defaultdict(list)
    for employee_id, tanggal, mulai, selesai in Activity.objects.values_list(
        "employee_id", "tanggal", "mulai", "selesai"
    ):
        by_day[employee_id, tanggal].append((mulai, selesai))
    for slots in by_day.values():
        slots.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(slots))
    # Nobody works on a day of approved leave; dinas luar and diklat are work elsewhere.
    away = LeaveRequest.objects.filter(status=StatusPengajuan.DISETUJUI, jenis__in=NOT_WORKING)
    assert away.exists()
    for leave in away:
        assert not Activity.objects.filter(
            employee=leave.employee, tanggal__range=(leave.mulai, leave.selesai)
        ).exists()


def test_the_demo_atasan_can_validate_the_demo_pegawai(demo):
    result, _ = demo
    logins = {login.peran: login for login in result.logins}
    pegawai = Employee.objects.get(user__username=logins["Pegawai"].username)
    atasan = Employee.objects.get(user__username=logins["Atasan (pejabat penilai)"].username)
    assert hierarchy.pejabat_penilai(pegawai, DAY).employee == atasan
    with time_machine.travel(NOW, tick=False):
        pending = Activity.objects.filter(employee=pegawai, status=StatusAktivitas.DIAJUKAN)
        assert pending.exists()
        assert all(access.can_validate(atasan.user, activity) for activity in pending)
    approved = Activity.objects.filter(employee=pegawai, status=StatusAktivitas.DISETUJUI)
    assert set(approved.values_list("validated_by", flat=True)) == {atasan.pk}


def test_the_seed_command_finds_the_activity_demo(db):
    assert activity_demo.extend_demo in demo_extensions()
