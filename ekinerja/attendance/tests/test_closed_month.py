"""Attendance of a month a finalised TPP run has closed (core.ClosedMonth): the daily record
keeps what was paid, leave writes and phone check-ins are refused with the Indonesian message,
punches of the month are not stored and are counted as such. Reopening (deleting the rows)
lets everything through again. Today is Monday 2 November 2026; Ani's October is closed."""

import datetime as dt
import json
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ekinerja.attendance import services_checkin, services_leave
from ekinerja.attendance.choices import JenisCuti, StatusPengajuan
from ekinerja.attendance.models import (
    DailyAttendance,
    DevicePin,
    LeaveRequest,
    Punch,
    SumberPresensi,
    UnknownPunch,
)
from ekinerja.attendance.services_daily import recompute_attendance
from ekinerja.attendance.services_devices import issue_device_token, map_pin
from ekinerja.attendance.services_leave import LeaveInput
from ekinerja.attendance.services_punches import import_punch_log
from ekinerja.core.closing import closed_message
from ekinerja.core.models import ClosedMonth

from .punch_helpers import attlog, make_devices

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 11, 2, 7, 21, tzinfo=WIB)
LATER = dt.datetime(2026, 11, 3, tzinfo=dt.UTC)  # 30 October and 2 November have settled
OCT30, NOV2 = dt.date(2026, 10, 30), dt.date(2026, 11, 2)
OCTOBER = closed_message(2026, 10)
NOVEMBER = closed_message(2026, 11)
PDF = b"%PDF-1.4\n" + b"0" * 64
OFFICE = (Decimal("-6.200000"), Decimal("106.800000"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def close(employee, tahun=2026, bulan=10) -> ClosedMonth:
    return ClosedMonth.objects.create(
        instansi_id=employee.instansi_id, employee_id=employee.pk, tahun=tahun, bulan=bulan,
        run_id=1,
    )  # fmt: skip


def reopen() -> None:
    ClosedMonth.objects.all().delete()


def refused(message: str):
    return pytest.raises(ValidationError, match=re.escape(message))


def punch(employee, local: str) -> None:
    Punch.objects.create(
        instansi=employee.instansi, employee=employee, sumber=SumberPresensi.MESIN,
        waktu=dt.datetime.fromisoformat(local).replace(tzinfo=WIB),
    )  # fmt: skip


def row(employee, day):
    return (
        DailyAttendance.objects.filter(employee=employee, tanggal=day)
        .values_list("status", "jam_datang", "menit_terlambat", "dihitung_at")
        .first()
    )


# --- the daily record ----------------------------------------------------------------------------


def test_recompute_leaves_a_closed_month_as_paid(personas):
    ani, intan = personas.ani, personas.intan
    for employee in (ani, intan):
        punch(employee, "2026-10-30 07:20")
        punch(employee, "2026-10-30 16:30")
    recompute_attendance([ani.pk, intan.pk], OCT30, OCT30, now=LATER)
    paid = row(ani, OCT30)
    close(ani)
    # A late arrival read afterwards (a machine log sent late) would change the day.
    Punch.objects.filter(waktu=dt.datetime(2026, 10, 30, 7, 20, tzinfo=WIB)).update(
        waktu=dt.datetime(2026, 10, 30, 9, 0, tzinfo=WIB)
    )
    punch(ani, "2026-11-02 07:15")
    written = recompute_attendance(
        [ani.pk, intan.pk], dt.date(2026, 10, 29), NOV2, now=LATER + dt.timedelta(hours=1)
    )
    assert row(ani, OCT30) == paid
    assert not DailyAttendance.objects.filter(employee=ani, tanggal=dt.date(2026, 10, 29))
    assert row(intan, OCT30)[2] == 90  # another employee's October is recomputed
    assert row(ani, NOV2) is not None  # and Ani's open November too
    assert written == 3 + 1  # Intan 29, 30 Oct and 2 Nov, Ani 2 Nov; the weekend has none
    reopen()
    recompute_attendance([ani.pk], OCT30, OCT30, now=LATER)
    assert row(ani, OCT30)[2] == 90


# --- leave ---------------------------------------------------------------------------------------


def sick(personas, who="ani", mulai=dt.date(2026, 10, 28), selesai=OCT30):
    note = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    data = LeaveInput(jenis=JenisCuti.SAKIT, mulai=mulai, selesai=selesai)
    return services_leave.submit_leave(actor=personas.user(who), data=data, lampiran=note)


def test_a_request_touching_a_closed_month_is_refused_and_stores_nothing(personas):
    close(personas.ani)
    with refused(OCTOBER):
        sick(personas)
    with refused(OCTOBER):
        sick(personas, mulai=OCT30, selesai=dt.date(2026, 11, 3))
    assert not LeaveRequest.objects.exists()
    sick(personas, who="intan")  # another employee
    sick(personas, mulai=NOV2, selesai=NOV2)  # another month
    reopen()
    sick(personas)
    assert LeaveRequest.objects.filter(employee=personas.ani).count() == 2


def test_deciding_or_cancelling_a_request_of_a_closed_month_is_refused(personas):
    leave = LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.ani, jenis=JenisCuti.SAKIT,
        mulai=dt.date(2026, 10, 28), selesai=OCT30, jumlah_hari=3,
    )  # fmt: skip
    close(personas.ani)
    with refused(OCTOBER):
        services_leave.approve_leave(actor=personas.user("budi"), leave=leave)
    with refused(OCTOBER):
        services_leave.reject_leave(actor=personas.user("budi"), leave=leave, alasan="Tidak")
    with refused(OCTOBER):
        services_leave.cancel_leave(actor=personas.user("ani"), leave=leave)
    leave.refresh_from_db()
    assert leave.status == StatusPengajuan.DIAJUKAN and leave.diputus_oleh is None
    reopen()
    services_leave.approve_leave(actor=personas.user("budi"), leave=leave)
    leave.refresh_from_db()
    assert leave.status == StatusPengajuan.DISETUJUI


def test_the_leave_pages_answer_400_with_the_message(personas, login):
    leave = LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.ani, jenis=JenisCuti.SAKIT,
        mulai=dt.date(2026, 10, 28), selesai=OCT30, jumlah_hari=3,
    )  # fmt: skip
    close(personas.ani)
    response = login(personas.user("budi")).post(reverse("leave-approve", args=[leave.pk]))
    assert response.status_code == 400 and OCTOBER in response.content.decode()
    cancel = login(personas.user("ani")).post(reverse("leave-cancel", args=[leave.pk]))
    assert cancel.status_code == 400 and OCTOBER in cancel.content.decode()
    assert LeaveRequest.objects.get().status == StatusPengajuan.DIAJUKAN


# --- punches -------------------------------------------------------------------------------------


def csv_of(personas) -> bytes:
    ani, intan = personas.ani.nip, personas.intan.nip
    return (
        f"{ani},2026-10-30 07:20:00\n{ani},2026-11-02 07:15:00\n{intan},2026-10-30 07:10:00\n"
    ).encode()


def imported(personas, content: bytes):
    return import_punch_log(
        instansi_id=personas.instansi.pk, data=content, filename="log.csv", device=None,
        actor=personas.user("citra"),
    )  # fmt: skip


def test_punches_of_a_closed_month_are_not_stored_and_are_counted(personas):
    punch(personas.ani, "2026-10-29 07:25")  # stored before the month was paid
    close(personas.ani)
    content = csv_of(personas) + f"{personas.ani.nip},2026-10-29 07:25:00\n".encode()
    result = imported(personas, content)
    counts = (result.new, result.duplicate, result.ditolak_final, result.total_lines)
    assert counts == (2, 1, 1, 4)  # a resent punch already stored stays a duplicate
    assert result.final_message == OCTOBER
    stored = set(Punch.objects.values_list("employee_id", "waktu__date"))
    assert (personas.ani.pk, OCT30) not in stored
    assert {(personas.ani.pk, NOV2), (personas.intan.pk, OCT30)} <= stored
    assert result.new_employee_ids == {personas.ani.pk, personas.intan.pk}
    reopen()
    again = imported(personas, content)
    assert (again.new, again.duplicate, again.ditolak_final) == (1, 3, 0)


def test_the_upload_page_shows_what_was_refused(personas, login):
    close(personas.ani)
    client = login(personas.user("citra"))
    upload = SimpleUploadedFile("log.csv", csv_of(personas))
    response = client.post(reverse("punch-upload"), {"berkas": upload, "mesin": ""})
    html = response.content.decode()
    # The file itself was imported (its other lines stored), so the page answers 200.
    assert response.status_code == 200
    assert re.search(r'id="jumlah-ditolak-final">1<', html)
    assert "1 presensi tidak disimpan. " + OCTOBER in html


def test_the_device_api_returns_the_refused_count(personas, client):
    cache.clear()
    devices = make_devices(personas)
    DevicePin.objects.create(
        instansi=personas.instansi, device=devices.dinkes, pin="7", employee=personas.ani
    )
    token = issue_device_token(actor=personas.user("citra"), device=devices.dinkes)
    close(personas.ani)
    body = {"punches": [{"pin": "7", "waktu": "2026-10-30 07:20:00"},
                        {"pin": "7", "waktu": "2026-11-02 07:15:00"}]}  # fmt: skip
    response = client.post(
        "/presensi/mesin/api/", data=json.dumps(body), content_type="application/json",
        headers={"Authorization": f"Token {token}"},
    )  # fmt: skip
    payload = response.json()
    assert response.status_code == 200
    assert (payload["baru"], payload["ditolak_final"], payload["pesan_final"]) == (1, 1, OCTOBER)
    assert Punch.objects.count() == 1
    cache.clear()


def test_a_pin_mapped_later_leaves_punches_of_a_closed_month_waiting(personas):
    devices = make_devices(personas)
    imported_log = attlog("42\t2026-10-30 07:20:00\t0", "42\t2026-11-02 07:15:00\t0")
    import_punch_log(
        instansi_id=personas.instansi.pk, data=imported_log, filename="attlog.dat",
        device=devices.dinkes, actor=None,
    )  # fmt: skip
    close(personas.ani)

    def mapped():
        return map_pin(actor=None, instansi_id=personas.instansi.pk, device=devices.dinkes,
                       pin="42", employee=personas.ani)  # fmt: skip

    result = mapped()
    assert (result.moved, result.duplicate, result.ditolak_final) == (1, 0, 1)
    assert UnknownPunch.objects.get().waktu.astimezone(WIB).date() == OCT30
    reopen()
    assert (mapped().moved, Punch.objects.count(), UnknownPunch.objects.count()) == (1, 2, 0)


# --- the phone check-in --------------------------------------------------------------------------


@pytest.fixture
def office(personas):
    dinkes = personas.units["dinkes"]
    dinkes.latitude, dinkes.longitude = OFFICE
    dinkes.save()
    return dinkes


def check_in(personas, who="ani", kunci="kunci-1"):
    return services_checkin.record_web_punch(
        actor=personas.user(who), latitude=str(OFFICE[0]), longitude=str(OFFICE[1]),
        accuracy="10", kunci=kunci,
    )  # fmt: skip


def test_a_check_in_in_a_closed_month_is_refused(personas, office):
    close(personas.ani, bulan=11)
    with refused(NOVEMBER):
        check_in(personas)
    assert not Punch.objects.exists()
    check_in(personas, who="intan")
    reopen()
    assert check_in(personas).created


def test_the_check_in_page_answers_400_with_the_message(personas, office, login):
    close(personas.ani, bulan=11)
    client = login(personas.user("ani"))
    data = {"latitude": str(OFFICE[0]), "longitude": str(OFFICE[1]), "akurasi": "10"}
    page = client.post(reverse("checkin-record"), {**data, "kunci": "a"})
    assert page.status_code == 400 and NOVEMBER in page.content.decode()
    answer = client.post(
        reverse("checkin-record"), {**data, "kunci": "b"}, HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 400 and answer.json()["pesan"] == [NOVEMBER]
    assert not Punch.objects.exists()


# --- the admins' recompute -----------------------------------------------------------------------


def test_recomputing_a_month_says_who_was_left_as_paid(personas, login):
    for employee in (personas.ani, personas.intan):
        punch(employee, "2026-10-30 09:00")
    close(personas.ani)
    client = login(personas.user("citra"))
    data = {"bulan": "2026-10", "unit": personas.units["surveilans"].pk}
    page = client.post(reverse("recap-recompute"), data, follow=True).content.decode()
    assert "1 pegawai tidak dihitung ulang: " + OCTOBER in page
    assert "Presensi 2 pegawai telah dihitung ulang." in page  # Budi and Intan
    assert not DailyAttendance.objects.filter(employee=personas.ani).exists()
    assert row(personas.intan, OCT30)[2] == 90
