"""Monthly productivity and indicator realisation from activities (domain.md 4), with personas:
Ani and Intan enter activities in March 2026, Budi validates them."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekinerja.activity import services
from ekinerja.activity.choices import DasarTargetMenit, StatusAktivitas
from ekinerja.activity.models import Activity, ActivityPolicy
from ekinerja.activity.productivity import (
    ProductivityRow,
    monthly_productivity,
    target_realisation,
    working_days,
)
from ekinerja.activity.services import ActivityInput
from ekinerja.planning.choices import JenisForm, JenisRhk, StatusSkp
from ekinerja.planning.models import Indikator, PerformancePeriod, Rhk, Skp

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB)
T = dt.time


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def record(personas, who="ani", day=10, start=(8, 0), end=(9, 0), **extra):
    values = {
        "tanggal": dt.date(2026, 3, day), "mulai": T(*start), "selesai": T(*end),
        "uraian": "Menyusun rekap data surveilans", "jumlah_output": "1", "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    return services.record_activity(actor=personas.user(who), data=ActivityInput(**values))


def judge(personas, activities, verdict="setujui"):
    alasan = "" if verdict == "setujui" else "Tidak sesuai"
    services.validate_activities(
        actor=personas.user("budi"), activities=activities, verdict=verdict, alasan=alasan
    )


def row_of(personas, who="ani"):
    employee = getattr(personas, who)
    (row,) = monthly_productivity(personas.instansi.pk, 2026, 3, [employee.pk])
    return row


@pytest.mark.django_db
def test_working_days_count_monday_to_friday_less_holidays(personas):
    from ekinerja.attendance.models import Holiday, JenisLibur

    instansi = personas.instansi.pk
    assert working_days(instansi, 2024, 2) == 21  # leap year: 29 Feb 2024 is a Thursday
    assert working_days(instansi, 2026, 8) == 21
    Holiday.objects.create(tanggal=dt.date(2026, 8, 17), nama="Proklamasi",
                           jenis=JenisLibur.LIBUR_NASIONAL)  # fmt: skip
    Holiday.objects.create(instansi=personas.instansi, tanggal=dt.date(2026, 8, 20),
                           nama="Hari jadi kabupaten", jenis=JenisLibur.LIBUR_DAERAH)  # fmt: skip
    Holiday.objects.create(instansi=personas.other_instansi, tanggal=dt.date(2026, 8, 21),
                           nama="Hari jadi lain", jenis=JenisLibur.LIBUR_DAERAH)  # fmt: skip
    assert working_days(instansi, 2026, 8) == 19


@pytest.mark.django_db
def test_only_approved_minutes_count_rejected_and_pending_are_reported(personas):
    approved = record(personas, day=9, start=(8, 0), end=(10, 0))
    rejected = record(personas, day=9, start=(10, 0), end=(11, 0))
    record(personas, day=10, start=(8, 0), end=(8, 30))
    judge(personas, [approved])
    judge(personas, [rejected], "tolak")

    assert row_of(personas) == ProductivityRow(
        employee_id=personas.ani.pk, approved_minutes=120, credited_minutes=120,
        target_minutes=6750, capaian=Decimal("1.78"), pending_minutes=30, rejected_minutes=60,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_day_is_credited_up_to_the_daily_cap_of_the_rules_in_force(personas):
    long_day = record(personas, day=9, start=(7, 0), end=(15, 20))  # 500 minutes
    short_day = record(personas, day=10, start=(8, 0), end=(9, 0))
    judge(personas, [long_day, short_day])

    row = row_of(personas)
    assert (row.approved_minutes, row.credited_minutes) == (560, 420 + 60)

    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 3, 1), batas_menit_harian=300
    )
    # A row from later in the month does not change the month's figures.
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 3, 5), batas_menit_harian=30
    )
    row = row_of(personas)
    assert (row.approved_minutes, row.credited_minutes) == (560, 300 + 60)


@pytest.mark.django_db
def test_capaian_is_capped_at_100(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), target_menit_bulanan=100
    )
    judge(personas, [record(personas, day=9, start=(8, 0), end=(10, 0))])

    row = row_of(personas)
    assert row.credited_minutes == 120 and row.target_minutes == 100
    assert row.capaian == Decimal(100)


@pytest.mark.django_db
def test_a_per_working_day_target_uses_the_working_days_of_the_month(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1),
        dasar_target=DasarTargetMenit.PER_HARI_KERJA, menit_per_hari_kerja=300,
    )  # fmt: skip
    judge(personas, [record(personas, day=9, start=(8, 0), end=(14, 36))])  # 396 minutes

    row = row_of(personas)
    assert row.target_minutes == 300 * 22
    assert row.capaian == Decimal("6.00")


@pytest.mark.django_db
def test_employees_without_activities_get_a_zero_row_when_asked_for(personas):
    judge(personas, [record(personas)])
    wanted = [personas.intan.pk, personas.ani.pk]

    rows = monthly_productivity(personas.instansi.pk, 2026, 3, wanted)

    assert [row.employee_id for row in rows] == sorted(wanted)
    intan = next(row for row in rows if row.employee_id == personas.intan.pk)
    assert intan == ProductivityRow(
        employee_id=personas.intan.pk, approved_minutes=0, credited_minutes=0,
        target_minutes=6750, capaian=Decimal("0.00"), pending_minutes=0, rejected_minutes=0,
    )  # fmt: skip
    # Without a list, only employees with activities in the month appear.
    everyone = monthly_productivity(personas.instansi.pk, 2026, 3)
    assert [row.employee_id for row in everyone] == [personas.ani.pk]


@pytest.mark.django_db
def test_other_months_and_other_instansi_are_left_out(personas):
    judge(personas, [record(personas)])
    assert monthly_productivity(personas.instansi.pk, 2026, 2) == []
    assert monthly_productivity(personas.other_instansi.pk, 2026, 3) == []


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_number_of_employees(personas):
    entries = [
        record(personas, "ani", day=9),
        record(personas, "ani", day=10),
        record(personas, "intan", day=9),
        record(personas, "intan", day=10, start=(10, 0), end=(12, 0)),
    ]
    judge(personas, entries)
    ids = [personas.ani.pk, personas.intan.pk, personas.budi.pk]

    with CaptureQueriesContext(connection) as one:
        monthly_productivity(personas.instansi.pk, 2026, 3, ids[:1])
    with CaptureQueriesContext(connection) as three:
        rows = monthly_productivity(personas.instansi.pk, 2026, 3, ids)

    assert len(one) == len(three) <= 2
    minutes = {row.employee_id: row.approved_minutes for row in rows}
    assert minutes == {personas.ani.pk: 120, personas.intan.pk: 180, personas.budi.pk: 0}


def _indicators_for_ani(personas):
    period = PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 15),
    )  # fmt: skip
    skp = Skp.objects.create(
        instansi=personas.instansi, period=period, employee=personas.ani,
        status=StatusSkp.DISETUJUI, position=personas.positions["staf"],
        unit=personas.units["surveilans"], jenis_form=JenisForm.JA_JF,
    )  # fmt: skip
    rhk = Rhk.objects.create(skp=skp, jenis=JenisRhk.UTAMA, teks="Tersusunnya rekap surveilans")
    first = Indikator.objects.create(rhk=rhk, uraian="Jumlah laporan rekap", satuan="laporan")
    second = Indikator.objects.create(rhk=rhk, uraian="Jumlah kunjungan", satuan="kunjungan")
    return first, second


@pytest.mark.django_db
def test_target_realisation_sums_approved_outputs_of_each_indicator(personas):
    first, second = _indicators_for_ani(personas)
    approved = [
        record(personas, day=9, start=(8, 0), end=(9, 0), indikator_id=first.pk,
               jumlah_output="2"),
        record(personas, day=10, start=(8, 0), end=(9, 0), indikator_id=first.pk,
               jumlah_output="3,5"),
    ]  # fmt: skip
    rejected = record(personas, day=9, start=(10, 0), end=(11, 0), indikator_id=first.pk,
                      jumlah_output="5")  # fmt: skip
    record(personas, day=10, start=(10, 0), end=(11, 0), indikator_id=first.pk, jumlah_output="7")
    record(personas, day=10, start=(12, 0), end=(13, 0), jumlah_output="11")  # tugas lainnya
    judge(personas, approved)
    judge(personas, [rejected], "tolak")
    # An approved output of February stays in February.
    Activity.objects.create(
        instansi=personas.instansi, employee=personas.ani, tanggal=dt.date(2026, 2, 27),
        mulai=T(8, 0), selesai=T(9, 0), menit=60, indikator=first, uraian="Rekap",
        jumlah_output=Decimal("13"), satuan="laporan", status=StatusAktivitas.DISETUJUI,
    )  # fmt: skip

    with CaptureQueriesContext(connection) as queries:
        result = target_realisation([first.pk, second.pk], 2026, 3)

    assert len(queries) == 1
    assert result == {first.pk: Decimal("5.5"), second.pk: Decimal(0)}
    assert target_realisation([first.pk], 2026, 2) == {first.pk: Decimal(13)}
    assert target_realisation([], 2026, 3) == {}
