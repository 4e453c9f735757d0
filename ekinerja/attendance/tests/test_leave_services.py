"""Leave writes and reads with personas: Ani asks, Budi (her pejabat penilai) decides, Eka,
Citra and Dodi may not; the balance, overlaps, the inbox and the recompute hook."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ekinerja.attendance import access, selectors_leave, services_daily, services_leave
from ekinerja.attendance.choices import JenisCuti, StatusPengajuan
from ekinerja.attendance.models import (
    AttendancePolicy,
    Holiday,
    JenisLibur,
    LeaveOpeningBalance,
    LeaveRequest,
    WorkWeek,
)
from ekinerja.attendance.services_leave import LeaveInput
from ekinerja.core.models import AuditEvent
from ekinerja.people.choices import JenisPenugasan, StatusKepegawaian
from ekinerja.people.models import Assignment

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=WIB)  # a Monday
D = dt.date
PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def recomputed(monkeypatch):
    calls = []

    def fake(instansi_id, employee_ids, first, last):
        calls.append((instansi_id, list(employee_ids), first, last))
        return "selesai"

    monkeypatch.setattr(services_daily, "request_recompute", fake)
    return calls


NOV9, NOV13 = D(2026, 11, 9), D(2026, 11, 13)


def submit(personas, who="ani", jenis=JenisCuti.TAHUNAN, mulai=NOV9, selesai=NOV13,
           lampiran=None, **extra):  # fmt: skip
    data = LeaveInput(jenis=jenis, mulai=mulai, selesai=selesai, **extra)
    return services_leave.submit_leave(actor=personas.user(who), data=data, lampiran=lampiran)


def messages_of(error) -> str:
    return " ".join(error.value.messages)


# --- submit ----------------------------------------------------------------------------------


def test_submit_counts_working_days_and_waits(personas):
    Holiday.objects.create(
        instansi=personas.instansi, tanggal=D(2026, 11, 11), nama="HUT Kabupaten",
        jenis=JenisLibur.LIBUR_DAERAH,
    )  # fmt: skip
    leave = submit(personas, mulai=D(2026, 11, 6), selesai=D(2026, 11, 13), keterangan=" Mudik ")
    # Fri 6, Mon 9, Tue 10, Thu 12, Fri 13: the weekend and the regional holiday are free.
    assert leave.jumlah_hari == 5
    assert leave.status == StatusPengajuan.DIAJUKAN
    assert leave.keterangan == "Mudik"
    assert leave.diajukan_oleh == personas.user("ani")
    assert AuditEvent.objects.filter(action="submit_leave", object_id=str(leave.pk)).exists()


def test_six_day_unit_counts_saturdays(personas):
    WorkWeek.objects.create(
        instansi=personas.instansi, unit=personas.units["dinkes"], berlaku_mulai=D(2026, 1, 1),
        hari_kerja=6,
    )  # fmt: skip
    leave = submit(personas, mulai=D(2026, 11, 9), selesai=D(2026, 11, 15))
    assert leave.jumlah_hari == 6


def test_balance_refuses_beyond_the_remaining_days(personas):
    submit(personas, mulai=D(2026, 11, 9), selesai=D(2026, 11, 13))  # 5 days pending
    balance = selectors_leave.annual_balance(personas.ani, 2026)
    assert (balance.hak, balance.digunakan, balance.menunggu, balance.sisa) == (12, 0, 5, 7)
    with pytest.raises(ValidationError) as error:
        submit(personas, mulai=D(2026, 11, 16), selesai=D(2026, 11, 25))  # 8 days
    assert "tinggal 7 hari kerja" in messages_of(error)
    assert LeaveRequest.objects.count() == 1
    assert submit(personas, mulai=D(2026, 11, 16), selesai=D(2026, 11, 24)).jumlah_hari == 7


def test_overlap_with_a_standing_request_is_refused(personas):
    submit(personas, jenis=JenisCuti.IZIN, mulai=D(2026, 11, 10), selesai=D(2026, 11, 10))
    with pytest.raises(ValidationError) as error:
        submit(personas)
    assert "bertabrakan" in messages_of(error)
    # A rejected request frees its days.
    LeaveRequest.objects.update(status=StatusPengajuan.DITOLAK)
    assert submit(personas).jumlah_hari == 5


@pytest.mark.parametrize(
    ("jenis", "mulai", "selesai", "message"),
    [
        (JenisCuti.TAHUNAN, D(2026, 11, 7), D(2026, 11, 8), "tidak memuat hari kerja"),
        (JenisCuti.TAHUNAN, D(2026, 10, 30), D(2026, 10, 30), "sudah lewat"),
        (JenisCuti.SAKIT, D(2026, 10, 28), D(2026, 10, 30), "surat keterangan dokter"),
        (JenisCuti.BESAR, D(2026, 11, 9), D(2027, 3, 1), "paling lama 3 bulan"),
    ],
)
def test_bad_requests_store_nothing(personas, jenis, mulai, selesai, message):
    with pytest.raises(ValidationError) as error:
        submit(personas, jenis=jenis, mulai=mulai, selesai=selesai)
    assert message in messages_of(error)
    assert not LeaveRequest.objects.exists()


def test_sick_leave_back_dated_with_a_note(personas):
    note = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    leave = submit(personas, jenis=JenisCuti.SAKIT, mulai=D(2026, 10, 28),
                   selesai=D(2026, 10, 30), lampiran=note)  # fmt: skip
    assert leave.jumlah_hari == 3
    assert leave.lampiran.name.startswith("cuti/2026/11/")
    with leave.lampiran.open("rb") as handle:
        assert handle.read() == PDF


def test_pppk_gets_no_cuti_besar(personas):
    personas.intan.status = StatusKepegawaian.PPPK
    personas.intan.save()
    with pytest.raises(ValidationError) as error:
        submit(personas, who="intan", jenis=JenisCuti.BESAR)
    assert "PPPK" in messages_of(error)
    assert submit(personas, who="intan", jenis=JenisCuti.TAHUNAN).jumlah_hari == 5


# --- decide ----------------------------------------------------------------------------------


def test_budi_approves_and_the_days_are_recomputed(personas, recomputed):
    leave = submit(personas)
    approved = services_leave.approve_leave(actor=personas.user("budi"), leave=leave)
    assert approved.status == StatusPengajuan.DISETUJUI
    assert approved.diputus_oleh == personas.budi
    assert approved.diputus_at is not None
    assert recomputed == [
        (personas.instansi.pk, [personas.ani.pk], D(2026, 11, 9), D(2026, 11, 13))
    ]
    assert AuditEvent.objects.filter(action="approve_leave", object_id=str(leave.pk)).exists()
    balance = selectors_leave.annual_balance(personas.ani, 2026)
    assert (balance.digunakan, balance.menunggu, balance.sisa) == (5, 0, 7)
    with pytest.raises(ValidationError):
        services_leave.approve_leave(actor=personas.user("budi"), leave=leave)


@pytest.mark.parametrize("who", ["ani", "eka", "citra", "fajar", "dodi", "intan", "stranger"])
def test_only_the_pejabat_penilai_decides(personas, who, recomputed):
    leave = submit(personas)
    with pytest.raises(PermissionDenied):
        services_leave.approve_leave(actor=personas.user(who), leave=leave)
    with pytest.raises(PermissionDenied):
        services_leave.reject_leave(actor=personas.user(who), leave=leave, alasan="Tidak")
    leave.refresh_from_db()
    assert leave.status == StatusPengajuan.DIAJUKAN
    assert recomputed == []


def test_reject_needs_a_reason(personas):
    leave = submit(personas)
    with pytest.raises(ValidationError) as error:
        services_leave.reject_leave(actor=personas.user("budi"), leave=leave, alasan="   ")
    assert "Alasan penolakan wajib diisi" in messages_of(error)
    rejected = services_leave.reject_leave(
        actor=personas.user("budi"), leave=leave, alasan="Bertepatan dengan audit BPK"
    )
    assert (rejected.status, rejected.alasan_keputusan) == (
        StatusPengajuan.DITOLAK, "Bertepatan dengan audit BPK",
    )  # fmt: skip
    assert selectors_leave.annual_balance(personas.ani, 2026).sisa == 12


def test_approval_rechecks_the_balance(personas):
    leave = submit(personas)  # 5 days
    # Days taken since (entered by BKPSDM for an earlier approval) leave only 4.
    LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.ani, jenis=JenisCuti.TAHUNAN,
        mulai=D(2026, 3, 2), selesai=D(2026, 3, 11), jumlah_hari=8,
        status=StatusPengajuan.DISETUJUI,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services_leave.approve_leave(actor=personas.user("budi"), leave=leave)
    assert "tinggal 4 hari kerja" in messages_of(error)
    leave.refresh_from_db()
    assert leave.status == StatusPengajuan.DIAJUKAN


# --- cancel ----------------------------------------------------------------------------------


def test_owner_cancels_while_pending(personas, recomputed):
    leave = submit(personas)
    with pytest.raises(PermissionDenied):
        services_leave.cancel_leave(actor=personas.user("budi"), leave=leave)
    cancelled = services_leave.cancel_leave(actor=personas.user("ani"), leave=leave)
    assert cancelled.status == StatusPengajuan.DIBATALKAN
    assert recomputed == []
    with pytest.raises(ValidationError):
        services_leave.cancel_leave(actor=personas.user("ani"), leave=leave)


def test_cancelling_an_approved_future_leave_recomputes(personas, recomputed):
    leave = services_leave.approve_leave(actor=personas.user("budi"), leave=submit(personas))
    services_leave.cancel_leave(actor=personas.user("ani"), leave=leave)
    assert len(recomputed) == 2
    assert selectors_leave.annual_balance(personas.ani, 2026).sisa == 12


def test_started_approved_leave_cannot_be_cancelled(personas, recomputed):
    leave = services_leave.approve_leave(
        actor=personas.user("budi"),
        leave=submit(personas, mulai=D(2026, 11, 2), selesai=D(2026, 11, 3)),
    )
    with pytest.raises(ValidationError) as error:
        services_leave.cancel_leave(actor=personas.user("ani"), leave=leave)
    assert "sudah berjalan" in messages_of(error)


# --- the balance -----------------------------------------------------------------------------


def test_balance_from_opening_policy_and_cuti_bersama(personas, django_assert_max_num_queries):
    LeaveOpeningBalance.objects.create(
        instansi=personas.instansi, employee=personas.ani, tahun=2025, sisa_tahun_lalu=9,
        sisa_dua_tahun_lalu=2,
    )  # fmt: skip
    LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.ani, jenis=JenisCuti.TAHUNAN,
        mulai=D(2025, 6, 2), selesai=D(2025, 6, 6), jumlah_hari=5,
        status=StatusPengajuan.DISETUJUI,
    )  # fmt: skip
    # 2025: 12 + 6 + 2 = 20; the 5 days come from N-2 (2) then N-1 (3): 3 of N-1 and all 12
    # of 2025 remain, so 2026 = 12 + 6 + 3.
    assert selectors_leave.annual_balance(personas.ani, 2025).hak == 20
    assert selectors_leave.annual_balance(personas.ani, 2026).hak == 21
    AttendancePolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=D(2026, 1, 1), cuti_bersama_mengurangi=True
    )
    for day, jenis in [(D(2026, 12, 24), JenisLibur.CUTI_BERSAMA),
                       (D(2026, 12, 26), JenisLibur.CUTI_BERSAMA),  # a Saturday
                       (D(2026, 12, 25), JenisLibur.LIBUR_NASIONAL)]:  # fmt: skip
        Holiday.objects.create(tanggal=day, nama="Natal", jenis=jenis)
    with django_assert_max_num_queries(7):
        balance = selectors_leave.annual_balance(personas.ani, 2026)
    assert (balance.hak, balance.cuti_bersama, balance.digunakan) == (21, 1, 1)


def test_balance_queries_do_not_grow_with_history(personas, django_assert_num_queries):
    LeaveOpeningBalance.objects.create(
        instansi=personas.instansi, employee=personas.ani, tahun=2020
    )
    for year in range(2020, 2027):
        LeaveRequest.objects.create(
            instansi=personas.instansi, employee=personas.ani, jenis=JenisCuti.TAHUNAN,
            mulai=D(year, 3, 2), selesai=D(year, 3, 3), jumlah_hari=2,
            status=StatusPengajuan.DISETUJUI,
        )  # fmt: skip
    with django_assert_num_queries(3):
        balance = selectors_leave.annual_balance(personas.ani, 2026)
    assert (balance.hak, balance.digunakan) == (24, 2)


# --- the inbox -------------------------------------------------------------------------------


def test_inbox_follows_the_penilai_on_the_first_day(personas, django_assert_max_num_queries):
    soon = submit(personas, mulai=D(2026, 11, 9), selesai=D(2026, 11, 10))
    later = submit(personas, mulai=D(2026, 11, 23), selesai=D(2026, 11, 24))
    submit(personas, who="budi", mulai=D(2026, 11, 9), selesai=D(2026, 11, 9))
    # Budi leaves his seat after the 15th; Intan acts as Plt from the 16th.
    Assignment.objects.filter(employee=personas.budi).update(selesai=D(2026, 11, 15))
    Assignment.objects.create(
        employee=personas.intan, position=personas.positions["kasi"],
        jenis=JenisPenugasan.PLT, mulai=D(2026, 11, 16),
    )  # fmt: skip
    with django_assert_max_num_queries(5):
        budi_inbox = selectors_leave.pending_inbox(personas.budi)
    assert budi_inbox == [soon]
    assert [r.employee for r in selectors_leave.pending_inbox(personas.eka)] == [personas.budi]
    assert selectors_leave.pending_inbox(personas.intan) == [later]
    assert selectors_leave.pending_inbox(personas.dodi) == []
    for leave in LeaveRequest.objects.all():
        expected = access.leave_approver_of(leave.employee, leave.mulai)
        found = selectors_leave.approvers_on(
            personas.instansi.pk, [(leave.employee_id, leave.mulai)]
        )
        assert found.get((leave.employee_id, leave.mulai)) == (expected.pk if expected else None)


def test_inbox_agrees_with_the_hierarchy_for_everyone(personas):
    employees = [personas.ani, personas.budi, personas.eka, personas.kadinkes, personas.sekda,
                 personas.bupati, personas.dodi, personas.citra, personas.fajar]  # fmt: skip
    Assignment.objects.filter(employee=personas.eka).update(selesai=D(2026, 11, 20))
    days = [D(2026, 11, 2), D(2026, 11, 25)]
    found = selectors_leave.approvers_on(
        personas.instansi.pk, [(e.pk, d) for e in employees for d in days]
    )
    for employee in employees:
        for day in days:
            expected = access.leave_approver_of(employee, day)
            assert found.get((employee.pk, day)) == (expected.pk if expected else None), (
                employee,
                day,
            )


def test_approved_wfh_is_work_elsewhere(personas, recomputed):
    wfh = submit(personas, jenis=JenisCuti.WFH, mulai=D(2026, 11, 4), selesai=D(2026, 11, 4))
    assert not selectors_leave.is_wfh_day(personas.ani.pk, D(2026, 11, 4))
    services_leave.approve_leave(actor=personas.user("budi"), leave=wfh)
    assert selectors_leave.is_wfh_day(personas.ani.pk, D(2026, 11, 4))
    assert not selectors_leave.is_wfh_day(personas.ani.pk, D(2026, 11, 5))
    found = selectors_leave.work_elsewhere_days([personas.ani.pk], D(2026, 11, 1), D(2026, 11, 30))
    assert found == {personas.ani.pk: {D(2026, 11, 4): JenisCuti.WFH}}
