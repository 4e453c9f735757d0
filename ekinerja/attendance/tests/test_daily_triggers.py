"""Every change that feeds the daily record rebuilds it: a machine log, a web check-in, a leave
decision (issue 5 item 4, "recomputed whenever punches, leave or schedules change"; schedule
changes are covered in test_config_admin)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command

from ekinerja.attendance import services_leave, services_punches
from ekinerja.attendance.choices import JenisCuti, StatusKehadiran
from ekinerja.attendance.models import DailyAttendance, DevicePin
from ekinerja.attendance.services_checkin import record_web_punch
from ekinerja.attendance.services_daily import recompute_attendance

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def status_of(employee, day):
    row = DailyAttendance.objects.filter(employee=employee, tanggal=day).first()
    return None if row is None else (row.status, row.kode_tl, row.jenis_cuti)


@time_machine.travel(dt.datetime(2026, 11, 6, 9, 0, tzinfo=WIB), tick=False)
def test_a_machine_log_rebuilds_the_days_it_touches(personas, settings):
    settings.TASKS = IMMEDIATE
    DevicePin.objects.create(instansi=personas.instansi, pin="7", employee=personas.ani)
    log = (
        b"7\t2026-11-02 07:41:00\t1\t0\n7\t2026-11-02 16:10:00\t1\t1\n"
        b"7\t2026-11-03 07:20:00\t1\t0\n"
    )
    result = services_punches.import_punch_log(
        instansi_id=personas.instansi.pk, data=log, filename="attlog.dat", device=None, actor=None
    )
    services_punches.recompute_after(personas.instansi.pk, result)
    assert status_of(personas.ani, dt.date(2026, 11, 2)) == (StatusKehadiran.TERLAMBAT, "TL1", "")
    # The 3rd has only an arrival so far and its leaving window closed long ago: PSW4.
    row = DailyAttendance.objects.get(employee=personas.ani, tanggal=dt.date(2026, 11, 3))
    assert (row.status, row.kode_psw) == (StatusKehadiran.PULANG_CEPAT, "PSW4")


@time_machine.travel(dt.datetime(2026, 11, 2, 7, 50, tzinfo=WIB), tick=False)
def test_a_web_check_in_records_the_day_at_once(personas):
    office = personas.units["surveilans"]
    office.latitude, office.longitude, office.radius_m = Decimal("-6.9"), Decimal("107.6"), 100
    office.save()
    record_web_punch(
        actor=personas.user("ani"), latitude="-6.9", longitude="107.6", accuracy="12", kunci="a1"
    )
    row = DailyAttendance.objects.get(employee=personas.ani, tanggal=dt.date(2026, 11, 2))
    assert (row.status, row.menit_terlambat, row.kode_tl) == (StatusKehadiran.TERLAMBAT, 20, "TL1")
    assert row.jam_datang == dt.time(7, 50) and not row.tanpa_presensi_pulang  # day not over


@time_machine.travel(dt.datetime(2026, 11, 6, 9, 0, tzinfo=WIB), tick=False)
def test_approving_sick_leave_afterwards_rewrites_the_recorded_days(personas, settings):
    settings.TASKS = IMMEDIATE
    first, last = dt.date(2026, 11, 4), dt.date(2026, 11, 5)
    recompute_attendance([personas.ani.pk], first, last)
    assert status_of(personas.ani, first) == (StatusKehadiran.TANPA_KETERANGAN, "", "")
    # Sick leave may be filed afterwards; approving it rewrites the days already recorded.
    leave = services_leave.submit_leave(
        actor=personas.user("ani"),
        data=services_leave.LeaveInput(jenis=JenisCuti.SAKIT, mulai=first, selesai=last),
        lampiran=ContentFile(b"%PDF-1.4 surat dokter", name="surat.pdf"),
    )
    assert status_of(personas.ani, first) == (StatusKehadiran.TANPA_KETERANGAN, "", "")
    services_leave.approve_leave(actor=personas.user("budi"), leave=leave)
    assert status_of(personas.ani, first) == (StatusKehadiran.SAKIT, "", JenisCuti.SAKIT)
    assert status_of(personas.ani, last) == (StatusKehadiran.SAKIT, "", JenisCuti.SAKIT)


@time_machine.travel(dt.datetime(2026, 11, 3, 9, 0, tzinfo=WIB), tick=False)
def test_future_leave_is_written_by_the_nightly_run_when_its_days_come(personas):
    leave = services_leave.submit_leave(
        actor=personas.user("ani"),
        data=services_leave.LeaveInput(
            jenis=JenisCuti.TAHUNAN, mulai=dt.date(2026, 11, 4), selesai=dt.date(2026, 11, 4)
        ),
    )
    services_leave.approve_leave(actor=personas.user("budi"), leave=leave)
    assert status_of(personas.ani, dt.date(2026, 11, 4)) is None
    with time_machine.travel(dt.datetime(2026, 11, 5, 0, 30, tzinfo=WIB), tick=False):
        call_command("recompute_attendance", stdout=io.StringIO())
    assert status_of(personas.ani, dt.date(2026, 11, 4)) == (
        StatusKehadiran.CUTI, "", JenisCuti.TAHUNAN,
    )  # fmt: skip
    # Everybody else with no punch that day is recorded as absent by the same run.
    assert status_of(personas.intan, dt.date(2026, 11, 4))[0] == StatusKehadiran.TANPA_KETERANGAN
