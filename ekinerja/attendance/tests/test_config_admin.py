"""Schedules and rules are edited in the admin; saving them recomputes the open months, and
tables that cannot be evaluated are refused with a message."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from ekinerja.attendance.models import (
    AttendancePolicy,
    DailyAttendance,
    Punch,
    ScheduleAssignment,
    SumberPresensi,
    WorkSchedule,
)
from ekinerja.people.models import User

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def superuser(client, personas):
    user = User.objects.create_superuser("root", password="x", instansi=personas.instansi)
    client.force_login(user)
    return client


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


def test_a_day_that_ends_before_it_starts_is_refused(superuser, personas):
    data = {"instansi": personas.instansi.pk, "nama": "Salah", "jenis": "mingguan"}
    data |= inline("hari", [{"hari": "0", "jam_masuk": "16:00", "jam_pulang": "07:30"}])
    response = superuser.post(reverse("admin:attendance_workschedule_add"), data)
    assert response.status_code == 200
    assert "harus setelah jam masuk" in response.content.decode()
    assert not WorkSchedule.objects.exists()


def test_a_band_table_with_a_gap_is_refused(superuser, personas):
    data = {
        "instansi": personas.instansi.pk, "berlaku_mulai": "2026-01-01",
        "toleransi_terlambat": 0, "toleransi_pulang_cepat": 0, "masuk_dibuka_sebelum": 180,
        "pulang_ditutup_setelah": 360, "radius_bawaan_m": 100, "akurasi_maks_m": 150,
        "jatah_cuti_tahunan": 12, "batas_cuti_satu_tahun": 18, "batas_cuti_dua_tahun": 24,
    }  # fmt: skip
    data |= inline(
        "kategori",
        [
            {"jenis": "TL", "kode": "TL1", "menit_dari": 1, "menit_sampai": 30},
            {"jenis": "TL", "kode": "TL2", "menit_dari": 40, "menit_sampai": ""},
        ],
    )
    response = superuser.post(reverse("admin:attendance_attendancepolicy_add"), data)
    assert response.status_code == 200 and "Ada celah" in response.content.decode()
    assert not AttendancePolicy.objects.exists()


@time_machine.travel(dt.datetime(2026, 11, 3, 20, 0, tzinfo=WIB), tick=False)
def test_assigning_a_schedule_recomputes_the_open_months(superuser, personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ani = personas.ani
    for moment in ("2026-11-02 08:50", "2026-11-02 17:00"):
        Punch.objects.create(
            instansi=ani.instansi, employee=ani, sumber=SumberPresensi.MESIN,
            waktu=dt.datetime.fromisoformat(moment).replace(tzinfo=WIB),
        )  # fmt: skip
    schedule = WorkSchedule.objects.create(instansi=personas.instansi, nama="Mulai 09.00")
    data = {"instansi": personas.instansi.pk, "nama": "Mulai 09.00", "jenis": "mingguan"}
    data |= inline(
        "hari", [{"hari": str(d), "jam_masuk": "09:00", "jam_pulang": "17:00"} for d in range(5)]
    )
    response = superuser.post(
        reverse("admin:attendance_workschedule_change", args=[schedule.pk]), data
    )
    assert response.status_code == 302
    data = {
        "jadwal": schedule.pk, "instansi": personas.instansi.pk,
        "unit": personas.units["surveilans"].pk, "berlaku_mulai": "2026-11-01",
    }  # fmt: skip
    response = superuser.post(reverse("admin:attendance_scheduleassignment_add"), data)
    assert response.status_code == 302
    row = DailyAttendance.objects.get(employee=ani, tanggal=dt.date(2026, 11, 2))
    assert (row.jadwal, row.status) == ("Mulai 09.00", "hadir")
    # October is open too, but nothing in it changed; September is closed to automatic runs.
    assignment = ScheduleAssignment.objects.get()
    response = superuser.post(
        reverse("admin:attendance_scheduleassignment_delete", args=[assignment.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    row = DailyAttendance.objects.get(employee=ani, tanggal=dt.date(2026, 11, 2))
    assert (row.jadwal, row.kode_tl) == ("Perpres 21/2023 (bawaan)", "TL3")
    assert not DailyAttendance.objects.filter(tanggal__lt=dt.date(2026, 10, 1)).exists()
