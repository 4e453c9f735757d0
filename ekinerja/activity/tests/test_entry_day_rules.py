"""Entry rules that depend on the day itself: approved full-day leave, the optional attendance
switch (domain.md 4), and the move of pending activities to the atasan pejabat penilai."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.activity import access, services
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, ActivityPolicy
from ekinerja.activity.services import ActivityInput
from ekinerja.attendance.choices import JenisCuti, StatusKehadiran, StatusPengajuan
from ekinerja.attendance.models import DailyAttendance, LeaveRequest

WIB = ZoneInfo("Asia/Jakarta")
T = dt.time
DAY = dt.date(2026, 3, 10)
ARRIVAL = T(7, 45)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB), tick=False) as traveller:
        yield traveller


def entry(start=(8, 0), end=(9, 30), tanggal=DAY):
    return ActivityInput(
        tanggal=tanggal, mulai=T(*start), selesai=T(*end), uraian="Rekap data surveilans",
        jumlah_output="1", satuan="laporan",
    )  # fmt: skip


def leave(personas, jenis, *, status=StatusPengajuan.DISETUJUI, sehari_penuh=True):
    return LeaveRequest.objects.create(
        instansi=personas.instansi, employee=personas.ani, jenis=jenis, status=status,
        mulai=DAY - dt.timedelta(days=1), selesai=DAY, sehari_penuh=sehari_penuh,
    )  # fmt: skip


@pytest.mark.django_db
def test_no_activity_on_a_day_of_approved_full_day_leave(personas):
    leave(personas, JenisCuti.TAHUNAN)
    with pytest.raises(ValidationError, match="cuti tahunan yang disetujui"):
        services.record_activity(actor=personas.user("ani"), data=entry())
    assert not Activity.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jenis", "status", "sehari_penuh"),
    [
        (JenisCuti.TAHUNAN, StatusPengajuan.DIAJUKAN, True),  # not approved yet
        (JenisCuti.TAHUNAN, StatusPengajuan.DITOLAK, True),
        (JenisCuti.IZIN, StatusPengajuan.DISETUJUI, False),  # a few hours only
        (JenisCuti.DINAS_LUAR, StatusPengajuan.DISETUJUI, True),  # work elsewhere
        (JenisCuti.DIKLAT, StatusPengajuan.DISETUJUI, True),
    ],
)
def test_leave_that_is_not_full_day_absence_does_not_block(personas, jenis, status, sehari_penuh):
    leave(personas, jenis, status=status, sehari_penuh=sehari_penuh)
    services.record_activity(actor=personas.user("ani"), data=entry())
    assert Activity.objects.count() == 1


def attendance(personas, status=StatusKehadiran.HADIR, datang=ARRIVAL, pulang=None):
    DailyAttendance.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=DAY, status=status,
        jam_datang=datang, jam_pulang=pulang,
    )  # fmt: skip


@pytest.fixture
def attendance_required(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), wajib_presensi=True
    )


@pytest.mark.django_db
def test_the_attendance_switch_is_off_by_default(personas):
    services.record_activity(actor=personas.user("ani"), data=entry())
    assert Activity.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("attendance_required")
def test_with_the_switch_on_a_day_without_attendance_is_refused(personas):
    with pytest.raises(ValidationError, match="hari dengan catatan kehadiran"):
        services.record_activity(actor=personas.user("ani"), data=entry())
    attendance(personas, status=StatusKehadiran.TANPA_KETERANGAN, datang=None)
    with pytest.raises(ValidationError, match="hari dengan catatan kehadiran"):
        services.record_activity(actor=personas.user("ani"), data=entry())
    assert not Activity.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("attendance_required")
def test_with_the_switch_on_work_starts_after_arrival(personas):
    attendance(personas, status=StatusKehadiran.TERLAMBAT, datang=T(8, 10))
    with pytest.raises(ValidationError, match=r"sebelum jam datang \(08:10\)"):
        services.record_activity(actor=personas.user("ani"), data=entry(start=(8, 0)))
    services.record_activity(actor=personas.user("ani"), data=entry(start=(8, 10)))
    assert Activity.objects.count() == 1


@pytest.mark.django_db
def test_pending_activities_move_to_the_atasan_penilai_after_the_deadline(personas, frozen):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), batas_hari_validasi=3,
        bulan_sama=False, tanggal_tutup=28,
    )  # fmt: skip
    first = services.record_activity(actor=personas.user("ani"), data=entry())
    second = services.record_activity(actor=personas.user("ani"), data=entry((10, 0), (11, 0)))
    frozen.move_to(dt.datetime(2026, 3, 13, 16, 59, tzinfo=WIB))  # 1 minute before the deadline
    assert access.can_validate(personas.user("budi"), first)
    assert not access.can_validate(personas.user("eka"), first)
    with pytest.raises(PermissionDenied):
        services.validate_activities(actor=personas.user("eka"), activities=[first],
                                     verdict="setujui")  # fmt: skip

    frozen.move_to(dt.datetime(2026, 3, 13, 17, 1, tzinfo=WIB))
    assert not access.can_validate(personas.user("budi"), first)
    with pytest.raises(PermissionDenied, match="atasan pejabat penilai"):
        services.validate_activities(actor=personas.user("budi"), activities=[first],
                                     verdict="setujui")  # fmt: skip
    services.validate_activities(actor=personas.user("eka"), activities=[first],
                                 verdict="setujui")  # fmt: skip
    first.refresh_from_db()
    assert first.status == StatusAktivitas.DISETUJUI and first.validated_by == personas.eka

    # A returned and corrected activity starts a new deadline with the pejabat penilai.
    services.validate_activities(actor=personas.user("eka"), activities=[second],
                                 verdict="kembalikan", alasan="Lengkapi bukti")  # fmt: skip
    second.refresh_from_db()
    services.update_activity(actor=personas.user("ani"), activity=second,
                             data=entry((10, 0), (11, 30)))  # fmt: skip
    second.refresh_from_db()
    assert access.can_validate(personas.user("budi"), second)
    assert not access.can_validate(personas.user("eka"), second)


@pytest.mark.django_db
def test_at_the_top_of_the_tree_overdue_activities_stay_with_the_penilai(personas, frozen):
    # The Sekda's penilai is the Bupati, who has no penilai: nobody above to move them to.
    sekda = services.record_activity(actor=personas.user("sekda"), data=entry())
    frozen.move_to(dt.datetime(2026, 3, 30, 17, 0, tzinfo=WIB))
    assert access.can_validate(personas.user("bupati"), sekda)


@pytest.mark.django_db
def test_a_returned_activity_stays_correctable_until_its_month_closes(personas, frozen):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), batas_hari_validasi=30
    )
    activity = services.record_activity(
        actor=personas.user("ani"), data=entry(tanggal=dt.date(2026, 3, 5))
    )
    frozen.move_to(dt.datetime(2026, 3, 20, 9, 0, tzinfo=WIB))  # 15 days later
    services.validate_activities(actor=personas.user("budi"), activities=[activity],
                                 verdict="kembalikan", alasan="Perjelas output")  # fmt: skip
    fixed = services.update_activity(
        actor=personas.user("ani"), activity=activity,
        data=entry((8, 0), (9, 0), tanggal=dt.date(2026, 3, 5)),
    )  # fmt: skip
    assert fixed.status == StatusAktivitas.DIAJUKAN and fixed.menit == 60
    assert fixed.validated_by is None and fixed.validated_at is None
    # Moving it to another old date is a new entry for that date: the window applies.
    with pytest.raises(ValidationError, match="7 hari ke belakang"):
        services.update_activity(actor=personas.user("ani"), activity=fixed,
                                 data=entry(tanggal=dt.date(2026, 3, 6)))  # fmt: skip


@pytest.mark.django_db
def test_the_month_view_is_open_to_the_atasan_penilai_and_closed_to_others(personas, client):
    from django.http import Http404

    assert access.get_employee_for_reader(personas.user("eka"), personas.ani.pk) == personas.ani
    assert access.get_employee_for_reader(personas.user("budi"), personas.ani.pk) == personas.ani
    for outsider in ("intan", "dodi", "kadisdik"):
        with pytest.raises(Http404):
            access.get_employee_for_reader(personas.user(outsider), personas.ani.pk)
    client.force_login(personas.user("eka"))
    response = client.get("/aktivitas/bulan/", {"bulan": "2026-03", "pegawai": personas.ani.pk})
    assert response.status_code == 200
    client.force_login(personas.user("dodi"))
    response = client.get("/aktivitas/bulan/", {"bulan": "2026-03", "pegawai": personas.ani.pk})
    assert response.status_code == 404
