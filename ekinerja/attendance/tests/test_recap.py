"""Monthly recaps per employee and per unit, on screen and as Excel (issue 5 item 6)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse

from ekinerja.attendance.models import DailyAttendance, Holiday, JenisLibur, Punch, SumberPresensi
from ekinerja.attendance.services_daily import recompute_attendance

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
FIRST, LAST = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
UNIT = reverse("recap-unit")
UNIT_XLSX = reverse("recap-unit-xlsx")


def punch(employee, local: str) -> None:
    Punch.objects.create(
        instansi=employee.instansi, employee=employee, sumber=SumberPresensi.MESIN,
        waktu=dt.datetime.fromisoformat(local).replace(tzinfo=WIB),
    )  # fmt: skip


@pytest.fixture
def october(personas):
    """Ani late twice (TL1, TL3) and absent on the 7th; Intan on time; a holiday on the 22nd."""
    Holiday.objects.create(
        tanggal=dt.date(2026, 10, 22),
        nama="Libur uji",
        jenis=JenisLibur.LIBUR_DAERAH,
        instansi=personas.instansi,
    )
    day = FIRST
    while day <= LAST:
        if day.weekday() < 5 and day != dt.date(2026, 10, 7):
            arrival = {dt.date(2026, 10, 5): "07:45", dt.date(2026, 10, 6): "09:00"}.get(
                day, "07:20"
            )
            punch(personas.ani, f"{day} {arrival}")
            punch(personas.ani, f"{day} 16:30")
        if day.weekday() < 5:
            punch(personas.intan, f"{day} 07:10")
            punch(personas.intan, f"{day} 16:40")
        day += dt.timedelta(days=1)
    everyone = [personas.ani.pk, personas.intan.pk, personas.budi.pk, personas.dodi.pk]
    recompute_attendance(everyone, FIRST, LAST, now=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))


def employee_url(employee) -> str:
    return reverse("recap-employee", args=[employee.pk])


def test_an_employee_reads_their_month_with_totals_and_codes(login, personas, october):
    client = login(personas.user("ani"))
    response = client.get(employee_url(personas.ani), {"bulan": "2026-10"})
    assert response.status_code == 200
    html = response.content.decode()
    days = response.context["days"]
    assert len(days) == 31
    totals = response.context["totals"]
    assert totals.hari_kerja == 21 and totals.hadir == 20 and totals.tanpa_keterangan == 1
    assert dict(totals.tl) == {"TL1": 1, "TL3": 1} and totals.menit_terlambat == 15 + 90
    assert "Libur uji" in html and "TL3 1×" in html
    assert client.get(reverse("recap-home")).url == employee_url(personas.ani)


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("ani", 200),
        ("budi", 200),
        ("fajar", 200),
        ("citra", 200),
        ("gita", 200),
        ("dodi", 404),
        ("intan", 404),
        ("stranger", 404),
    ],
)
def test_who_may_read_an_employees_recap(login, personas, october, viewer, status):
    client = login(personas.user(viewer))
    assert client.get(employee_url(personas.ani), {"bulan": "2026-10"}).status_code == status
    xlsx = client.get(reverse("recap-employee-xlsx", args=[personas.ani.pk]), {"bulan": "2026-10"})
    assert xlsx.status_code == status


def test_employee_recap_in_excel_reads_back(login, personas, october):
    response = login(personas.user("budi")).get(
        reverse("recap-employee-xlsx", args=[personas.ani.pk]), {"bulan": "2026-10"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tanggal", "Hari", "Jadwal") and len(rows) == 32
    sixth = rows[6]
    assert sixth[1] == "Selasa" and sixth[5] == "09:00" and sixth[10] == "TL3"
    assert rows[7][7] == "Tanpa keterangan"


def names(response) -> set[str]:
    return {line.nama for line in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("budi", {"ani", "intan"}),  # direct subordinates
        ("fajar", {"ani", "intan", "budi", "eka", "kadinkes"}),  # admin OPD Dinkes
    ],
)
def test_each_role_sees_its_own_people_in_the_unit_recap(
    login, personas, october, viewer, expected
):
    response = login(personas.user(viewer)).get(UNIT, {"bulan": "2026-10"})
    assert response.status_code == 200
    assert names(response) == {getattr(personas, who).nama_lengkap for who in expected}


def test_whole_instansi_roles_see_everyone_but_not_the_other_region(login, personas, october):
    response = login(personas.user("gita")).get(UNIT, {"bulan": "2026-10"})
    shown = names(response)
    assert personas.dodi.nama_lengkap in shown and personas.stranger.nama_lengkap not in shown
    assert personas.bupati.nama_lengkap not in shown  # political office keeps no attendance


@pytest.mark.parametrize("viewer", ["ani", "stranger"])
def test_employees_without_a_team_are_refused_the_unit_recap(login, personas, viewer):
    client = login(personas.user(viewer))
    assert client.get(UNIT).status_code == 403
    assert client.get(UNIT_XLSX).status_code == 403


def test_unit_recap_totals_and_excel(login, personas, october, django_assert_max_num_queries):
    client = login(personas.user("citra"))
    with django_assert_max_num_queries(14):
        response = client.get(UNIT, {"bulan": "2026-10", "unit": personas.units["surveilans"].pk})
    lines = {line.nama: line for line in response.context["page"].object_list}
    ani = lines[personas.ani.nama_lengkap]
    assert ani.tl_counts == (1, 0, 1, 0) and ani.totals.tanpa_keterangan == 1
    assert ani.totals.menit_terlambat == 105
    response = client.get(UNIT_XLSX, {"bulan": "2026-10", "unit": personas.units["surveilans"].pk})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    ani_row = by_name[personas.ani.nama_lengkap]
    assert ani_row["NIP"] == personas.ani.nip
    assert (ani_row["Hari kerja"], ani_row["Hadir"], ani_row["Tanpa keterangan"]) == (21, 20, 1)
    assert (ani_row["TL1"], ani_row["TL3"], ani_row["Menit terlambat"]) == (1, 1, 105)


def test_query_count_does_not_grow_with_employees(
    login, personas, october, django_assert_max_num_queries
):
    client = login(personas.user("citra"))
    with django_assert_max_num_queries(13):
        client.get(UNIT, {"bulan": "2026-10"})
    with django_assert_max_num_queries(12):
        client.get(employee_url(personas.ani), {"bulan": "2026-10"})


@pytest.mark.parametrize(
    "params", [{"bulan": "2026-13"}, {"bulan": "2099-01"}, {"unit": "abc"}, {"unit": "999999"}]
)
def test_bad_filters_are_a_400_with_a_message(login, personas, params):
    response = login(personas.user("citra")).get(UNIT, params)
    assert response.status_code == 400 and response.context["problem"]


def test_unit_outside_the_admins_subtree_is_refused(login, personas):
    response = login(personas.user("fajar")).get(UNIT, {"unit": personas.units["disdik"].pk})
    assert response.status_code == 400


def test_admins_may_recompute_a_month_and_readers_may_not(login, personas, october):
    DailyAttendance.objects.filter(employee=personas.ani).delete()
    assert (
        login(personas.user("gita"))
        .post(reverse("recap-recompute"), {"bulan": "2026-10"})
        .status_code
        == 403
    )
    assert not DailyAttendance.objects.filter(employee=personas.ani).exists()
    client = login(personas.user("citra"))
    response = client.post(
        reverse("recap-recompute"), {"bulan": "2026-10", "unit": personas.units["surveilans"].pk}
    )
    assert response.status_code == 302
    assert DailyAttendance.objects.filter(employee=personas.ani).count() == 22
