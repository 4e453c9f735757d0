"""The matriks peran hasil page: Budi (Kasi Surveilans) and his staff Ani and Intan."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.people import hierarchy
from ekinerja.people.access import today
from ekinerja.people.models import User
from ekinerja.people.testing import make_employee
from ekinerja.planning.choices import JenisForm, JenisRhk, StatusPeriode, StatusSkp
from ekinerja.planning.models import PerformancePeriod, Rhk, Skp

pytestmark = pytest.mark.django_db

URL = "/kinerja/matriks/"


def make_period(instansi, tahun: int) -> PerformancePeriod:
    return PerformancePeriod.objects.create(
        instansi=instansi, tahun=tahun, mulai=dt.date(tahun, 1, 1),
        selesai=dt.date(tahun, 12, 31), batas_input_skp=dt.date(tahun, 1, 31),
        batas_persetujuan=dt.date(tahun, 2, 28), status=StatusPeriode.DIBUKA,
    )  # fmt: skip


def make_skp(employee, period, *, status=StatusSkp.DISETUJUI, version=1) -> Skp:
    seat = hierarchy.primary_assignment(employee, today()).position
    return Skp.objects.create(
        instansi=employee.instansi, period=period, employee=employee, version=version,
        status=status, position=seat, unit=seat.unit,
        jenis_form=JenisForm.JPT if seat.is_jpt else JenisForm.JA_JF,
    )  # fmt: skip


def add_rhk(skp: Skp, teks: str, atasan: Rhk | None = None, jenis=JenisRhk.UTAMA) -> Rhk:
    urutan = skp.rhk.filter(jenis=jenis).count() + 1
    return Rhk.objects.create(skp=skp, jenis=jenis, urutan=urutan, teks=teks, rhk_atasan=atasan)


@pytest.fixture
def plan(personas):
    """Budi's approved SKP with two RHK; Ani intervenes the first one, Intan has no SKP yet."""
    period = make_period(personas.instansi, today().year)
    budi = make_skp(personas.budi, period)
    data = add_rhk(budi, "Tersedianya data surveilans penyakit menular")
    respons = add_rhk(budi, "Terlaksananya respons cepat kejadian luar biasa")
    ani = make_skp(personas.ani, period, status=StatusSkp.DIAJUKAN)
    ani_rhk = add_rhk(ani, "Terkumpulnya laporan mingguan surveilans puskesmas", data)
    return {
        "period": period,
        "budi": budi,
        "data": data,
        "respons": respons,
        "ani": ani,
        "ani_rhk": ani_rhk,
    }


def row_html(html: str, rhk: Rhk) -> str:
    match = re.search(rf'<tr data-testid="mph-row" data-rhk="{rhk.pk}".*?</tr>', html, re.S)
    assert match, f"no row for RHK {rhk.pk}"
    return match.group(0)


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_url_name_is_skp_matrix():
    assert reverse("skp-matrix") == URL


def test_supervisor_sees_rhk_rows_subordinate_columns_and_cells(login, personas, plan):
    response = login(personas.user("budi")).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    ctx = response.context
    assert [row.rhk for row in ctx["rows"]] == [plan["data"], plan["respons"]]
    assert [col.row.employee for col in ctx["columns"]] == [personas.ani, personas.intan]
    first = row_html(html, plan["data"])
    assert plan["ani_rhk"].teks in first
    assert f'href="/kinerja/skp/{plan["ani"].pk}/"' in first and "Diajukan" in first
    assert plan["ani_rhk"].teks not in row_html(html, plan["respons"])
    assert "table-responsive" in html and "mph-first" in html


def test_gaps_are_highlighted_with_a_legend(login, personas, plan):
    response = login(personas.user("budi")).get(URL)
    html = response.content.decode()
    assert response.context["matrix"].unsupported == {plan["respons"].pk}
    assert response.context["matrix"].idle == {personas.intan.pk}
    assert 'class="table-danger"' in row_html(html, plan["respons"])
    assert 'class="table-danger"' not in row_html(html, plan["data"])
    intan = re.search(
        rf'<th scope="col" class="([^"]*)"[^>]*data-employee="{personas.intan.pk}"', html
    )
    ani = re.search(rf'<th scope="col" class="([^"]*)"[^>]*data-employee="{personas.ani.pk}"', html)
    assert intan.group(1) == "table-warning" and ani.group(1) == ""
    assert "Belum ada SKP" in html
    assert 'data-testid="mph-legend"' in html and "belum didukung bawahan" in html


def test_no_gaps_once_everybody_contributes(login, personas, plan):
    intan = make_skp(personas.intan, plan["period"], status=StatusSkp.DRAFT)
    add_rhk(intan, "Tersusunnya rencana respons KLB", plan["respons"])
    add_rhk(intan, "Terlaksananya tugas tambahan panitia", jenis=JenisRhk.TAMBAHAN)
    response = login(personas.user("budi")).get(URL)
    matrix = response.context["matrix"]
    assert matrix.unsupported == set() and matrix.idle == set()
    assert "Tersusunnya rencana respons KLB" in row_html(response.content.decode(), plan["respons"])
    assert "panitia" not in response.content.decode()


def test_only_the_live_version_of_a_subordinate_counts(login, personas, plan):
    plan["ani"].status = StatusSkp.DIGANTI
    plan["ani"].save()
    newer = make_skp(personas.ani, plan["period"], status=StatusSkp.DRAFT, version=2)
    add_rhk(newer, "Tervalidasinya data surveilans harian", plan["data"])
    html = login(personas.user("budi")).get(URL).content.decode()
    assert "Tervalidasinya data surveilans harian" in html
    assert plan["ani_rhk"].teks not in html


def test_the_atasan_penilai_may_view_their_subordinates_matrix(login, personas, plan):
    response = login(personas.user("eka")).get(URL, {"pegawai": personas.budi.pk})
    assert response.status_code == 200
    assert response.context["employee"] == personas.budi and response.context["viewing_other"]
    assert plan["ani_rhk"].teks in response.content.decode()


@pytest.mark.parametrize("name", ["citra", "fajar", "gita", "hadi"])
def test_admins_pimpinan_and_auditor_may_view_a_supervisors_matrix(login, personas, plan, name):
    response = login(personas.user(name)).get(URL, {"pegawai": personas.budi.pk})
    assert response.status_code == 200
    assert plan["ani_rhk"].teks in response.content.decode()


@pytest.mark.parametrize("name", ["dodi", "ani", "intan", "stranger"])
def test_others_are_refused_another_supervisors_matrix(login, personas, plan, name):
    response = login(personas.user(name)).get(URL, {"pegawai": personas.budi.pk})
    assert response.status_code == 404


def test_a_malformed_parameter_is_not_found(login, personas, plan):
    client = login(personas.user("budi"))
    assert client.get(URL, {"pegawai": "budi"}).status_code == 404
    assert client.get(URL, {"tahun": "dua"}).status_code == 404


def test_an_employee_without_subordinates_sees_an_empty_matrix(login, personas, plan):
    response = login(personas.user("ani")).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "tidak memiliki bawahan yang dinilai" in html and 'data-testid="matriks"' not in html


def test_a_supervisor_without_skp_is_told_to_start_one(login, personas, plan):
    plan["budi"].delete()
    response = login(personas.user("budi")).get(URL)
    html = response.content.decode()
    assert "Anda belum memiliki SKP periode" in html and 'href="/kinerja/"' in html
    assert 'data-testid="matriks"' not in html


def test_another_year_is_chosen_with_tahun(login, personas, plan):
    year = plan["period"].tahun - 1
    earlier = make_period(personas.instansi, year)
    old = make_skp(personas.budi, earlier)
    add_rhk(old, "RHK tahun lalu")
    client = login(personas.user("budi"))
    response = client.get(URL, {"tahun": year})
    assert response.context["period"] == earlier
    assert "RHK tahun lalu" in response.content.decode()
    assert plan["data"].teks not in response.content.decode()
    missing = client.get(URL, {"tahun": 2001})
    assert (
        missing.status_code == 200
        and "Belum ada periode SKP tahun 2001" in missing.content.decode()
    )


def test_an_account_without_employee_sees_an_explanation(client, personas):
    user = User.objects.create_user(
        username="operator", password="x-12345678", instansi=personas.instansi
    )
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "tidak terhubung dengan data pegawai" in response.content.decode()


def add_staff(personas, plan, count: int, start: int) -> None:
    """More staff on Ani's position, each with a live SKP intervening Budi's first RHK."""
    for number in range(start, start + count):
        person = make_employee(
            personas.instansi, f"Staf {number:02d}", position=personas.positions["staf"]
        )
        skp = make_skp(person, plan["period"], status=StatusSkp.DISETUJUI)
        add_rhk(skp, f"Laporan surveilans {number:02d}", plan["data"])


def matrix_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), len(response.context["columns"])


def test_the_query_count_does_not_grow_with_the_number_of_subordinates(login, personas, plan):
    client = login(personas.user("budi"))
    add_staff(personas, plan, 3, start=1)
    few, columns = matrix_queries(client)
    assert columns == 5
    add_staff(personas, plan, 35, start=4)
    many, columns = matrix_queries(client)
    assert columns == 40
    assert many == few, (few, many)
