"""The region's monitoring pages by persona: who sees which OPD, drilling down, the exceptions,
the rollout, asking for a computation; their query counts and downloads."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ekinerja.allowance.testing import IMMEDIATE_TASKS
from ekinerja.dashboard import services
from ekinerja.dashboard.models import MonitoringRefresh, OpdGoLive, StatusPenyegaran
from ekinerja.people.testing import make_employee

from .conftest import activity

MARCH = "?tahun=2026&bulan=3"


@pytest.fixture
def computed(personas, settings, march):
    settings.TASKS = IMMEDIATE_TASKS
    activity(personas.ani, march.working[0])
    personas.intan.kedudukan = "cltn"
    personas.intan.save(update_fields=["kedudukan"])
    services.refresh_now(instansi_id=personas.instansi.pk, tahun=2026, bulan=3)
    return personas


def url(name, *args):
    return reverse(f"dashboard:{name}", args=args) + MARCH


@pytest.mark.parametrize("who", ["citra", "gita", "hadi"])
def test_region_wide_roles_see_every_opd(computed, login, who):
    response = login(computed.user(who)).get(url("region"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dinas Kesehatan" in body and "Dinas Pendidikan" in body
    assert 'id="chart-data"' in body and "chart.umd.min.js" in body
    assert "<script>" not in body  # the charts read JSON; no inline code


def test_an_admin_opd_sees_only_their_opd(computed, login):
    client = login(computed.user("fajar"))
    body = client.get(url("region")).content.decode()
    assert "Dinas Kesehatan" in body and "Dinas Pendidikan" not in body
    assert client.get(url("opd", computed.units["dinkes"].pk)).status_code == 200
    assert client.get(url("opd", computed.units["disdik"].pk)).status_code == 404
    assert client.get(url("unit", computed.units["disdik"].pk)).status_code == 404


@pytest.mark.parametrize("who", ["ani", "budi", "stranger"])
def test_others_get_a_404(computed, login, who):
    client = login(computed.user(who))
    for page in (url("region"), url("opd", computed.units["dinkes"].pk), url("exceptions")):
        assert client.get(page).status_code == 404


def test_anonymous_is_sent_to_login(computed, client):
    response = client.get(url("region"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_drilling_down_from_opd_to_unit_to_employee(computed, login):
    p = computed
    client = login(p.user("citra"))
    opd = client.get(url("opd", p.units["dinkes"].pk)).content.decode()
    assert reverse("dashboard:unit", args=[p.units["surveilans"].pk]) in opd
    assert "Tingkat kematangan" in opd
    unit = client.get(url("unit", p.units["surveilans"].pk)).content.decode()
    assert "Ani Lestari" in unit and "Intan Permata" in unit
    assert "Dikecualikan: Cuti di luar tanggungan negara" in unit
    assert reverse("employee-detail", args=[p.ani.pk]) in unit


def test_exceptions_list_names_the_reason(computed, login):
    body = login(computed.user("citra")).get(url("exceptions")).content.decode()
    assert "Intan Permata" in body and "Cuti di luar tanggungan negara" in body
    assert "Ani Lestari" not in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?tahun=abc&bulan=3", "Tahun harus berupa angka"),
        ("?tahun=2026&bulan=13", "Bulan harus 1 sampai 12."),
        ("?tahun=2099&bulan=1", "belum berjalan"),
    ],
)
def test_a_bad_month_is_a_400_with_a_message(computed, login, query, message):
    response = login(computed.user("citra")).get(reverse("dashboard:region") + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_region_page_queries_do_not_grow_with_opds_or_employees(
    computed, login, django_assert_num_queries
):
    p = computed
    client = login(p.user("citra"))
    client.get(url("region"))
    with django_assert_num_queries(11):
        client.get(url("region"))
    for n in range(5):
        make_employee(p.instansi, f"Staf {n}", position=p.positions["staf_disdik"])
    services.refresh_now(instansi_id=p.instansi.pk, tahun=2026, bulan=3)
    with django_assert_num_queries(11):
        assert client.get(url("region")).status_code == 200


def test_drill_down_pages_queries_are_fixed(computed, login, django_assert_num_queries):
    p = computed
    client = login(p.user("citra"))
    with django_assert_num_queries(13):
        client.get(url("opd", p.units["dinkes"].pk))
    with django_assert_num_queries(13):
        client.get(url("unit", p.units["surveilans"].pk))
    with django_assert_num_queries(11):
        client.get(url("exceptions"))
    for n in range(4):
        make_employee(p.instansi, f"Staf {n}", position=p.positions["staf"])
    services.refresh_now(instansi_id=p.instansi.pk, tahun=2026, bulan=3)
    with django_assert_num_queries(13):
        client.get(url("opd", p.units["dinkes"].pk))
    with django_assert_num_queries(13):
        client.get(url("unit", p.units["surveilans"].pk))


def test_stale_figures_of_a_past_month_are_computed_again_only_for_the_admin(computed, login):
    """March 2026 is history: a read-only visit never rewrites it; the admin BKPSDM's does."""
    p = computed
    MonitoringRefresh.objects.update(dihitung_at="2026-03-01T00:00:00Z")
    before = MonitoringRefresh.objects.count()
    for who in ("gita", "hadi", "fajar"):
        body = login(p.user(who)).get(url("region")).content.decode()
        assert "Dihitung" in body
    assert MonitoringRefresh.objects.count() == before
    login(p.user("citra")).get(url("region"))
    assert MonitoringRefresh.objects.count() == before + 1
    assert MonitoringRefresh.objects.latest("diminta_at").status == StatusPenyegaran.SELESAI


def test_the_month_kept_fresh_is_computed_when_anyone_allowed_looks(computed, login):
    p = computed
    before = MonitoringRefresh.objects.count()
    assert login(p.user("gita")).get(reverse("dashboard:region")).status_code == 200
    assert MonitoringRefresh.objects.count() == before + 1  # this month, never computed yet


def test_an_admin_of_a_unit_below_an_opd_does_not_see_the_opd(computed, login):
    from ekinerja.people.choices import Peran
    from ekinerja.people.models import RoleGrant

    p = computed
    RoleGrant.objects.create(
        user=p.user("eka"), peran=Peran.ADMIN_OPD, instansi=p.instansi, unit=p.units["p2p"]
    )
    client = login(p.user("eka"))
    page = client.get(url("unit", p.units["surveilans"].pk))
    assert page.status_code == 200
    assert "Ani Lestari" in page.content.decode()
    assert reverse("dashboard:opd", args=[p.units["dinkes"].pk]) not in page.content.decode()
    assert client.get(url("opd", p.units["dinkes"].pk)).status_code == 404


def test_only_the_admin_bkpsdm_asks_for_a_computation(computed, login):
    p = computed
    data = {"tahun": 2026, "bulan": 3}
    before = MonitoringRefresh.objects.count()
    assert login(p.user("gita")).post(reverse("dashboard:refresh"), data).status_code == 403
    assert login(p.user("ani")).post(reverse("dashboard:refresh"), data).status_code == 404
    assert MonitoringRefresh.objects.count() == before
    response = login(p.user("citra")).post(reverse("dashboard:refresh"), data)
    assert response.status_code == 302
    assert MonitoringRefresh.objects.count() == before + 1
    bad = login(p.user("citra")).post(reverse("dashboard:refresh"), {"tahun": "x", "bulan": 3})
    assert bad.status_code == 400


def test_refresh_status_polls_until_done(computed, login):
    p = computed
    client = login(p.user("citra"))
    response = client.get(reverse("dashboard:refresh-status") + MARCH + "&menunggu=1")
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"


def test_setting_a_go_live_date(computed, login):
    p = computed
    target = reverse("dashboard:rollout-set", args=[p.units["disdik"].pk])
    form = {"gelombang": 2, "tanggal_mulai": "2026-03-16", "catatan": "Gelombang kedua"}
    assert login(p.user("gita")).post(target, form).status_code == 403
    assert login(p.user("fajar")).post(target, form).status_code == 404  # not their OPD
    assert not OpdGoLive.objects.exists()
    bad = login(p.user("citra")).post(target, {**form, "tanggal_mulai": "besok"})
    assert bad.status_code == 400 and "Tanggal go-live tidak dikenali" in bad.content.decode()
    assert not OpdGoLive.objects.exists()
    assert login(p.user("citra")).post(target, form).status_code == 302
    row = OpdGoLive.objects.get()
    assert (row.unit, row.gelombang, str(row.tanggal_mulai)) == (p.units["disdik"], 2, "2026-03-16")
    login(p.user("citra")).post(target, {"hapus": "1"})
    assert not OpdGoLive.objects.exists()


def test_rollout_lists_live_opds_that_do_not_comply(computed, login):
    p = computed
    body = login(p.user("citra")).get(url("rollout")).content.decode()
    # Nobody has an approved SKP in this world: every live OPD fails the SKP threshold.
    assert 'data-testid="live-tidak-patuh"' in body
    assert "SKP disetujui 0" in body


def test_region_excel_reads_back(computed, login):
    p = computed
    response = login(p.user("citra")).get(reverse("dashboard:region-export") + MARCH)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Perangkat daerah"
    dinkes = next(r for r in rows if r[0] == "Dinas Kesehatan")
    assert dinkes[3] == 4 and dinkes[4] == 1  # counted, excepted (intan on CLTN)


def test_exceptions_excel_is_scoped_for_an_admin_opd(computed, login):
    p = computed
    p.dodi.kedudukan = "tugas_belajar"
    p.dodi.save(update_fields=["kedudukan"])
    services.refresh_now(instansi_id=p.instansi.pk, tahun=2026, bulan=3)
    response = login(p.user("fajar")).get(reverse("dashboard:exceptions-export") + MARCH)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    names = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Intan Permata"]
