"""The monitoring job on hand-made data: who counts, filled days, the backlog, leave, mutasi,
go-live and the OPD totals."""

import datetime as dt

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.attendance.choices import StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.dashboard import services
from ekinerja.dashboard.models import EmployeeMonth, OpdGoLive, OpdMonth
from ekinerja.people.choices import JenisPenugasan
from ekinerja.people.models import Assignment

from .conftest import NOW, WIB, activity


def compute(p):
    return services.compute_month(instansi_id=p.instansi.pk, tahun=2026, bulan=3, now=NOW)


def row_of(employee):
    return EmployeeMonth.objects.get(employee=employee, tahun=2026, bulan=3)


def opd_of(unit):
    return OpdMonth.objects.get(unit=unit, tahun=2026, bulan=3)


def test_filled_days_count_approved_activities_once_per_day(personas, march):
    p = personas
    first, second, third = march.working[:3]
    activity(p.ani, first)
    activity(p.ani, first)  # a second activity on the same day is the same filled day
    activity(p.ani, second)
    activity(p.ani, third, StatusAktivitas.DITOLAK)
    activity(p.ani, third, StatusAktivitas.DIKEMBALIKAN)
    compute(p)
    ani = row_of(p.ani)
    assert (ani.hari_terisi, ani.hari_wajib) == (2, len(march.working))
    assert ani.aktivitas_diajukan == 5
    assert ani.menit_disetujui == 180
    assert ani.pengecualian == ""
    assert ani.unit_id == p.units["surveilans"].pk
    assert ani.opd_id == p.units["dinkes"].pk


def test_backlog_counts_pending_activities_older_than_the_policy_days(personas, march):
    p = personas
    day = march.working[-1]
    activity(p.ani, day, StatusAktivitas.DIAJUKAN, submitted=NOW - dt.timedelta(days=4))
    activity(p.ani, day, StatusAktivitas.DIAJUKAN, submitted=NOW - dt.timedelta(days=2))
    compute(p)
    assert row_of(p.ani).tunggakan == 1
    assert opd_of(p.units["dinkes"]).tunggakan == 1


def test_leave_days_leave_the_denominators_and_present_days_count(personas, march):
    p = personas
    leave, present = march.working[0], march.working[1]
    DailyAttendance.objects.create(
        instansi=p.instansi, employee=p.ani, tanggal=leave, status=StatusKehadiran.CUTI
    )
    DailyAttendance.objects.create(
        instansi=p.instansi, employee=p.ani, tanggal=present, status=StatusKehadiran.TERLAMBAT
    )
    activity(p.ani, leave)  # an activity on a leave day does not raise the rate above 100%
    compute(p)
    ani = row_of(p.ani)
    assert ani.hari_wajib == ani.presensi_wajib == len(march.working) - 1
    assert ani.presensi_hadir == 1
    assert ani.hari_terisi == 0


def test_exceptions_are_left_out_of_the_opd_but_kept_in_the_list(personas, march):
    p = personas
    p.intan.kedudukan = "tugas_belajar"
    p.intan.save(update_fields=["kedudukan"])
    activity(p.intan, march.working[0])
    compute(p)
    assert row_of(p.intan).pengecualian == "tugas_belajar"
    dinkes = opd_of(p.units["dinkes"])
    # Dinkes: kadinkes, eka, budi, ani counted; intan left out.
    assert (dinkes.pegawai, dinkes.dikecualikan) == (4, 1)
    assert dinkes.hari_terisi == 0
    assert dinkes.hari_wajib == 4 * len(march.working)


def test_a_move_between_opds_in_the_month_is_mutasi_and_lands_in_the_new_opd(personas, march):
    p = personas
    moved_on = march.working[5]
    Assignment.objects.filter(employee=p.dodi).update(selesai=moved_on - dt.timedelta(days=1))
    Assignment.objects.create(
        employee=p.dodi, position=p.positions["staf"], jenis=JenisPenugasan.DEFINITIF,
        mulai=moved_on,
    )  # fmt: skip
    compute(p)
    dodi = row_of(p.dodi)
    assert dodi.pengecualian == "mutasi"
    assert dodi.opd_id == p.units["dinkes"].pk
    assert opd_of(p.units["disdik"]).pegawai == 1  # only the kadisdik left


def test_compliance_counts_only_from_the_opd_go_live(personas, march):
    p = personas
    go_live = march.working[10]
    OpdGoLive.objects.create(
        instansi=p.instansi, unit=p.units["dinkes"], gelombang=1, tanggal_mulai=go_live
    )
    activity(p.ani, march.working[0])  # before go-live: not counted
    activity(p.ani, go_live)
    compute(p)
    ani = row_of(p.ani)
    assert ani.hari_wajib == len(march.working) - 10
    assert ani.hari_terisi == 1
    dinkes, disdik = opd_of(p.units["dinkes"]), opd_of(p.units["disdik"])
    assert (dinkes.sudah_live, dinkes.go_live) == (True, go_live)
    # The region rolls out in waves and Disdik has no date yet: it has not started.
    assert (disdik.sudah_live, disdik.hari_wajib) == (False, 0)


def test_a_month_still_running_is_measured_up_to_today(personas):
    p = personas
    now = dt.datetime(2026, 3, 4, 9, 0, tzinfo=WIB)  # Wednesday: 2, 3 and 4 March so far
    services.compute_month(instansi_id=p.instansi.pk, tahun=2026, bulan=3, now=now)
    assert row_of(p.ani).hari_wajib == 3


def test_computing_again_replaces_the_month(personas, march):
    p = personas
    compute(p)
    activity(p.ani, march.working[0])
    compute(p)
    assert EmployeeMonth.objects.filter(employee=p.ani).count() == 1
    assert row_of(p.ani).hari_terisi == 1
    assert OpdMonth.objects.filter(unit=p.units["dinkes"], tahun=2026, bulan=3).count() == 1


def test_the_job_reads_a_fixed_number_of_queries(personas, march):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ekinerja.people.testing import make_employee

    p = personas

    def queries():
        with CaptureQueriesContext(connection) as captured:
            compute(p)
        # bulk_create writes a batch per 2,000 rows; reading is what must not grow.
        return len([q for q in captured.captured_queries if q["sql"].startswith("SELECT")])

    compute(p)
    before = queries()
    for n in range(15):
        person = make_employee(p.instansi, f"Staf {n}", position=p.positions["staf"])
        activity(person, march.working[0])
    assert queries() == before
