"""The calendar: national and regional holidays, unit working weeks, working days, the holiday
import and the demo calendar."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ekinerja.attendance import calendar
from ekinerja.attendance import demo as attendance_demo
from ekinerja.attendance.holidays_data import COMPLETE_YEARS, NATIONAL_HOLIDAYS
from ekinerja.attendance.imports_holidays import import_holidays, parse_holidays
from ekinerja.attendance.models import Holiday, JenisLibur, WorkWeek
from ekinerja.core.models import AuditEvent
from ekinerja.core.tabular import Column, xlsx_bytes
from ekinerja.org.choices import JenisUnit
from ekinerja.org.models import Unit
from ekinerja.people.demo import DemoResult
from ekinerja.people.management.commands.seed_demo import demo_extensions

D = dt.date
NAS, CB, DAERAH = JenisLibur.LIBUR_NASIONAL, JenisLibur.CUTI_BERSAMA, JenisLibur.LIBUR_DAERAH


def holiday(tanggal, nama, jenis=NAS, instansi=None):
    return Holiday.objects.create(tanggal=tanggal, nama=nama, jenis=jenis, instansi=instansi)


def csv_file(*rows, header="tanggal,nama,jenis"):
    return ("\n".join([header, *rows]) + "\n").encode()


# --- national data --------------------------------------------------------------------------


def test_the_2026_skb_list_has_17_holidays_and_8_cuti_bersama():
    rows = NATIONAL_HOLIDAYS[2026]
    assert sum(jenis == NAS for _, jenis, _ in rows) == 17
    assert sum(jenis == CB for _, jenis, _ in rows) == 8
    assert rows == sorted(rows)
    assert {jenis for year in NATIONAL_HOLIDAYS.values() for _, jenis, _ in year} <= {NAS, CB}
    for year, year_rows in NATIONAL_HOLIDAYS.items():
        assert all(tanggal.year == year for tanggal, _, _ in year_rows)
        assert len({(t, j) for t, j, _ in year_rows}) == len(year_rows)
    assert (D(2026, 3, 21), NAS, "Idul Fitri 1447 Hijriah") in rows
    assert 2026 in COMPLETE_YEARS


# --- holidays per instansi -----------------------------------------------------------------


@pytest.mark.django_db
def test_national_and_own_regional_holidays_are_visible_but_not_another_regions(personas):
    holiday(D(2026, 8, 17), "Proklamasi")
    holiday(D(2026, 8, 20), "Hari Jadi Kabupaten Uji", DAERAH, personas.instansi)
    holiday(D(2026, 8, 21), "Hari Jadi Kota Lain", DAERAH, personas.other_instansi)
    holiday(D(2026, 9, 1), "Di luar rentang")

    mine = calendar.holidays_between(personas.instansi.pk, D(2026, 8, 1), D(2026, 8, 31))
    assert mine == {
        D(2026, 8, 17): [(NAS, "Proklamasi")],
        D(2026, 8, 20): [(DAERAH, "Hari Jadi Kabupaten Uji")],
    }
    theirs = calendar.holidays_between(personas.other_instansi.pk, D(2026, 8, 1), D(2026, 8, 31))
    assert set(theirs) == {D(2026, 8, 17), D(2026, 8, 21)}
    national = calendar.holidays_between(None, D(2026, 8, 1), D(2026, 8, 31))
    assert set(national) == {D(2026, 8, 17)}


@pytest.mark.django_db
def test_a_holiday_is_unique_per_instansi_date_and_jenis_even_when_national(personas):
    holiday(D(2026, 8, 17), "Proklamasi")
    holiday(D(2026, 8, 17), "Cuti", CB)  # another jenis on the same day is allowed
    holiday(D(2026, 8, 17), "Daerah", DAERAH, personas.instansi)
    holiday(D(2026, 8, 17), "Daerah", DAERAH, personas.other_instansi)
    with pytest.raises(IntegrityError), transaction.atomic():
        holiday(D(2026, 8, 17), "Proklamasi lagi")  # NULL instansi must not slip through
    with pytest.raises(IntegrityError), transaction.atomic():
        holiday(D(2026, 8, 17), "Daerah lagi", DAERAH, personas.instansi)


# --- working weeks -------------------------------------------------------------------------


@pytest.mark.django_db
def test_units_inherit_the_working_week_of_the_nearest_ancestor_by_effective_date(personas):
    u = personas.units
    inst = personas.instansi
    WorkWeek.objects.create(
        instansi=inst, unit=u["dinkes"], berlaku_mulai=D(2026, 1, 1), hari_kerja=6
    )
    WorkWeek.objects.create(
        instansi=inst, unit=u["dinkes"], berlaku_mulai=D(2027, 1, 1), hari_kerja=5
    )
    WorkWeek.objects.create(
        instansi=inst, unit=u["surveilans"], berlaku_mulai=D(2026, 7, 1), hari_kerja=5
    )  # fmt: skip
    ids = [u["dinkes"].pk, u["p2p"].pk, u["surveilans"].pk, u["disdik"].pk, u["pimpinan"].pk]

    def pattern(day):
        found = calendar.workweek_for_units(ids, day)
        return [found[pk] for pk in ids]

    assert pattern(D(2025, 12, 31)) == [5, 5, 5, 5, 5]  # nothing in force yet: default
    assert pattern(D(2026, 6, 30)) == [6, 6, 6, 5, 5]  # bidang and seksi inherit from the dinas
    assert pattern(D(2026, 7, 1)) == [6, 6, 5, 5, 5]  # the seksi's own row takes over
    assert pattern(D(2027, 1, 2)) == [5, 5, 5, 5, 5]  # the dinas returns to five days
    assert calendar.workweek_for_units([], D(2026, 7, 1)) == {}


@pytest.mark.django_db
def test_working_days_of_a_month_for_five_and_six_day_units(personas):
    # August 2026: 21 weekdays Mon–Fri and 5 Saturdays.
    holiday(D(2026, 8, 17), "Proklamasi Kemerdekaan")  # Monday
    holiday(D(2026, 8, 20), "Hari Jadi Kabupaten Uji", DAERAH, personas.instansi)  # Thursday
    holiday(D(2026, 8, 22), "Cuti bersama daerah", CB, personas.instansi)  # Saturday
    holiday(D(2026, 8, 21), "Hari Jadi Kota Lain", DAERAH, personas.other_instansi)  # not ours
    WorkWeek.objects.create(
        instansi=personas.instansi, unit=personas.units["dinkes"], berlaku_mulai=D(2026, 1, 1),
        hari_kerja=6,
    )  # fmt: skip
    first, last = D(2026, 8, 1), D(2026, 8, 31)
    holidays = calendar.holidays_between(personas.instansi.pk, first, last)
    patterns = calendar.workweek_for_units(
        [personas.units["surveilans"].pk, personas.units["disdik"].pk], first
    )
    assert patterns == {personas.units["surveilans"].pk: 6, personas.units["disdik"].pk: 5}

    five = calendar.working_days(personas.instansi.pk, first, last, 5, holidays)
    six = calendar.working_days(personas.instansi.pk, first, last, 6, holidays)
    assert len(five) == 21 - 2
    assert len(six) == 26 - 3
    assert D(2026, 8, 17) not in five and D(2026, 8, 20) not in six
    assert D(2026, 8, 21) in five  # another region's holiday
    assert D(2026, 8, 29) in six and D(2026, 8, 29) not in five  # an ordinary Saturday
    assert all(day.weekday() != 6 for day in six)
    # Without a holiday dict the function reads them itself, with the same answer.
    assert calendar.working_days(personas.instansi.pk, first, last, 5) == five
    with pytest.raises(ValueError):
        calendar.working_days(personas.instansi.pk, first, last, 7, holidays)


@pytest.mark.django_db
def test_reads_take_a_fixed_number_of_queries(personas, django_assert_num_queries):
    inst = personas.instansi
    first, last = D(2026, 1, 1), D(2026, 12, 31)
    with django_assert_num_queries(1):
        calendar.holidays_between(inst.pk, first, last)
    with django_assert_num_queries(2):
        calendar.workweek_for_units([personas.units["p2p"].pk], D(2026, 7, 1))

    for month in range(1, 13):
        holiday(D(2026, month, 10), f"Nasional {month}")
        holiday(D(2026, month, 11), f"Daerah {month}", DAERAH, inst)
    parent = personas.units["dinkes"]
    for index in range(20):
        parent = Unit.objects.create(
            instansi=inst, kode=f"03.9.{index}", nama=f"Unit {index}", jenis=JenisUnit.SEKSI,
            parent=parent,
        )  # fmt: skip
        if index % 3 == 0:
            WorkWeek.objects.create(
                instansi=inst, unit=parent, berlaku_mulai=D(2026, 1, 1), hari_kerja=6
            )
    ids = list(Unit.objects.filter(instansi=inst).values_list("pk", flat=True))
    with django_assert_num_queries(1):
        assert len(calendar.holidays_between(inst.pk, first, last)) == 24
    with django_assert_num_queries(2):
        assert len(calendar.workweek_for_units(ids, D(2026, 7, 1))) == len(ids)


# --- import --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_the_same_file_twice_adds_nothing(personas):
    content = csv_file(
        "2027-01-01,Tahun Baru 2027 Masehi,libur_nasional",
        "17-08-2027,Proklamasi Kemerdekaan,Libur nasional",
        "24/12/2027,Cuti bersama Natal,cuti bersama",
    )
    first = import_holidays("libur.csv", content, instansi_id=None, year=2027)
    assert first.ok and (first.created, first.unchanged) == (3, 0)
    assert Holiday.objects.filter(instansi__isnull=True).count() == 3
    assert AuditEvent.objects.filter(action="import_hari_libur").count() == 1

    second = import_holidays("libur.csv", content, instansi_id=None, year=2027)
    assert second.ok and (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert Holiday.objects.count() == 3
    assert AuditEvent.objects.filter(action="import_hari_libur").count() == 1
    assert set(Holiday.objects.values_list("tanggal", "jenis")) == {
        (D(2027, 1, 1), NAS), (D(2027, 8, 17), NAS), (D(2027, 12, 24), CB),
    }  # fmt: skip


@pytest.mark.django_db
def test_a_regional_xlsx_import_stays_in_its_instansi(personas):
    content = xlsx_bytes(
        [Column("tanggal"), Column("nama"), Column("jenis")],
        [[D(2026, 8, 20), "Hari Jadi Kabupaten Uji", "libur_daerah"]],
    )
    result = import_holidays("libur.xlsx", content, instansi_id=personas.instansi.pk)
    assert result.ok and result.created == 1
    again = import_holidays("libur.xlsx", content, instansi_id=personas.instansi.pk)
    assert again.ok and again.created == 0
    assert list(Holiday.objects.values_list("instansi_id", "tanggal")) == [
        (personas.instansi.pk, D(2026, 8, 20))
    ]
    assert (
        calendar.holidays_between(personas.other_instansi.pk, D(2026, 8, 1), D(2026, 8, 31)) == {}
    )


@pytest.mark.django_db
def test_bad_rows_are_reported_per_row_and_nothing_is_written(personas):
    content = csv_file(
        "2026-08-17,Proklamasi Kemerdekaan,libur_nasional",  # valid, yet not stored
        "2026-02-30,Tanggal salah,libur_nasional",
        "2026-08-18,Jenis salah,libur_nasiona",
        "17-08-2026,Proklamasi lagi,Libur nasional",
        ",,",
        "2025-12-31,Tahun lain,cuti_bersama",
    )
    result = import_holidays("libur.csv", content, instansi_id=personas.instansi.pk, year=2026)
    assert not result.ok
    text = "\n".join(result.errors)
    assert len(result.errors) == 4, text  # the blank row is skipped
    assert result.errors[0].startswith("Baris 3: tanggal '2026-02-30' tidak valid")
    assert result.errors[1].startswith("Baris 4: jenis 'libur_nasiona' tidak dikenal")
    assert result.errors[2] == "Baris 5: libur nasional tanggal 17-08-2026 sudah ada di baris 2."
    assert result.errors[3] == "Baris 7: tanggal 31-12-2025 bukan tahun 2026."
    assert Holiday.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import_hari_libur").exists()


def test_parse_refuses_missing_columns_regional_rows_in_national_data_and_other_files():
    missing = parse_holidays("libur.csv", csv_file("2026-08-17,x", header="tanggal,nama"))
    assert missing.errors == ["Kolom wajib tidak ada: jenis."]
    daerah = parse_holidays(
        "libur.csv", csv_file("2026-08-20,Hari Jadi,libur daerah"), national=True
    )
    assert daerah.errors == ["Baris 2: libur daerah tidak dapat diimpor sebagai data nasional."]
    assert parse_holidays("libur.pdf", b"%PDF").errors == [
        "Jenis berkas tidak didukung; unggah berkas .xlsx atau .csv."
    ]
    assert parse_holidays("libur.csv", csv_file()).errors == [
        "Berkas tidak berisi baris hari libur."
    ]


# --- demo ----------------------------------------------------------------------------------


def _demo_result(instansi):
    return DemoResult(
        instansi=instansi, units=0, positions=0, employees=0, by_status={}, by_kategori={},
        vacant=[], plt="",
    )  # fmt: skip


@pytest.mark.django_db
def test_the_demo_calendar_runs_twice_and_for_a_second_region(personas):
    puskesmas = Unit.objects.create(
        instansi=personas.instansi, kode="03.90", nama="Puskesmas Uji", jenis=JenisUnit.PUSKESMAS,
        parent=personas.units["dinkes"],
    )  # fmt: skip
    today = D(2026, 11, 1)
    summary = attendance_demo.extend_demo(_demo_result(personas.instansi), seed=1, today=today)
    assert summary.startswith("Kalender   : 17 libur nasional, 8 cuti bersama (2026–2027")
    assert "1 unit 6 hari kerja" in summary
    national = Holiday.objects.filter(instansi__isnull=True).count()
    assert national == len(NATIONAL_HOLIDAYS[2026]) + len(NATIONAL_HOLIDAYS.get(2027, []))

    attendance_demo.extend_demo(_demo_result(personas.instansi), seed=1, today=today)
    attendance_demo.extend_demo(_demo_result(personas.other_instansi), seed=2, today=today)
    assert Holiday.objects.count() == national
    assert WorkWeek.objects.count() == 1
    assert calendar.workweek_for_units([puskesmas.pk], today) == {puskesmas.pk: 6}
    assert attendance_demo.extend_demo in demo_extensions()
