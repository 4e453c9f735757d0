"""Pages and access rules, with personas: the owner, the allowed other, the refused outsider."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.people.models import Employee
from ekinerja.people.testing import PASSWORD, make_employee

pytestmark = pytest.mark.django_db


def detail(employee):
    return reverse("employee-detail", args=[employee.pk])


@pytest.mark.parametrize("name", ["home", "employee-list", "unit-tree"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_login_with_a_formatted_nip(client, personas):
    nip = personas.ani.nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    response = client.post(reverse("login"), {"username": spaced, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == personas.user("ani")


def test_wrong_password_is_refused_in_indonesian(client, personas):
    response = client.post(reverse("login"), {"username": personas.ani.nip, "password": "salah"})
    assert response.status_code == 200
    assert "NIP atau kata sandi salah." in response.content.decode()


def test_pegawai_home_shows_profile_and_pejabat_penilai(login, personas):
    response = login(personas.user("ani")).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert personas.ani.nama in html and "Pengelola Data Surveilans" in html
    assert response.context["profile"].penilai.employee == personas.budi
    assert response.context["profile"].atasan_penilai.employee == personas.eka


def test_atasan_home_lists_subordinates(login, personas):
    response = login(personas.user("budi")).get(reverse("home"))
    names = {row.employee.nama for row in response.context["profile"].subordinates}
    assert names == {"Ani Lestari", "Intan Permata"}


def test_pegawai_sees_self_but_not_a_colleague(login, personas):
    client = login(personas.user("ani"))
    assert client.get(detail(personas.ani)).status_code == 200
    assert client.get(detail(personas.intan)).status_code == 404
    assert client.get(detail(personas.budi)).status_code == 404


def test_atasan_sees_subordinates_only(login, personas):
    client = login(personas.user("budi"))
    assert client.get(detail(personas.ani)).status_code == 200
    assert client.get(detail(personas.dodi)).status_code == 404
    assert client.get(detail(personas.eka)).status_code == 404


def test_admin_opd_is_limited_to_their_unit_subtree(login, personas):
    client = login(personas.user("fajar"))
    for inside in (personas.ani, personas.budi, personas.eka, personas.kadinkes):
        assert client.get(detail(inside)).status_code == 200
    assert client.get(detail(personas.dodi)).status_code == 404
    listed = {row.employee.pk for row in client.get(reverse("employee-list")).context["rows"]}
    assert personas.dodi.pk not in listed
    assert {personas.ani.pk, personas.budi.pk, personas.eka.pk} <= listed


@pytest.mark.parametrize("who", ["citra", "gita", "hadi"])
def test_instansi_wide_roles_see_every_employee_of_their_instansi_only(login, personas, who):
    client = login(personas.user(who))
    assert client.get(detail(personas.dodi)).status_code == 200
    assert client.get(detail(personas.bupati)).status_code == 200
    assert client.get(detail(personas.stranger)).status_code == 404
    count = client.get(reverse("employee-list")).context["page"].paginator.count
    assert count == Employee.objects.filter(instansi=personas.instansi).count()


def test_outsider_from_another_instansi_sees_nothing_of_ours(login, personas):
    client = login(personas.user("stranger"))
    assert client.get(detail(personas.ani)).status_code == 404
    rows = client.get(reverse("employee-list")).context["rows"]
    assert [row.employee.pk for row in rows] == [personas.stranger.pk]


def test_plt_acts_as_pejabat_penilai_of_the_vacant_positions_subordinates(login, personas):
    from ekinerja.people.choices import JenisPenugasan
    from ekinerja.people.models import Assignment

    Assignment.objects.filter(employee=personas.budi).delete()
    plt = make_employee(personas.instansi, "Rina Plt", position=personas.positions["staf_setda"])
    Assignment.objects.create(
        employee=plt, position=personas.positions["kasi"], jenis=JenisPenugasan.PLT,
        mulai=personas.ani.assignments.get().mulai,
    )  # fmt: skip
    client = login(plt.user)
    assert client.get(detail(personas.ani)).status_code == 200
    profile = client.get(detail(personas.ani)).context["profile"]
    assert profile.penilai.employee == plt and profile.penilai.acting
    assert {
        row.employee for row in client.get(reverse("home")).context["profile"].subordinates
    } == {
        personas.ani,
        personas.intan,
    }


def test_list_search_by_name_and_nip_and_unit_filter(login, personas):
    client = login(personas.user("citra"))
    by_name = client.get(reverse("employee-list"), {"q": "lestari"}).context["rows"]
    assert [r.employee for r in by_name] == [personas.ani]
    by_nip = client.get(reverse("employee-list"), {"q": personas.dodi.nip}).context["rows"]
    assert [r.employee for r in by_nip] == [personas.dodi]
    in_p2p = client.get(reverse("employee-list"), {"unit": personas.units["p2p"].pk})
    assert {r.employee for r in in_p2p.context["rows"]} == {
        personas.eka,
        personas.budi,
        personas.ani,
        personas.intan,
    }


def test_bad_filter_is_a_400_with_a_message(login, personas):
    response = login(personas.user("citra")).get(reverse("employee-list"), {"status": "XYZ"})
    assert response.status_code == 400
    assert "Filter tidak valid" in response.content.decode()


def test_list_query_count_does_not_grow_with_page_size(login, personas):
    for i in range(60):
        make_employee(
            personas.instansi,
            f"Staf {i:02d}",
            position=personas.positions["staf"],
            with_login=False,
        )
    client = login(personas.user("citra"))
    client.get(reverse("employee-list"))  # warm the session

    def queries(per_page):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("employee-list"), {"per_page": per_page})
        assert len(response.context["rows"]) == min(
            per_page, response.context["page"].paginator.count
        )
        return len(ctx)

    assert queries(25) == queries(100)
    assert queries(25) <= 16


def test_htmx_request_returns_only_the_table(login, personas):
    response = login(personas.user("citra")).get(reverse("employee-list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<table" in html and '<nav class="navbar' not in html


def test_password_reset_by_admin_bkpsdm_and_admin_opd(client, login, personas):
    url = reverse("employee-set-password", args=[personas.ani.pk])
    data = {"password1": "Sandi-Baru-2026", "password2": "Sandi-Baru-2026"}
    assert login(personas.user("citra")).post(url, data).status_code == 302
    client.logout()
    assert client.login(username=personas.ani.nip, password="Sandi-Baru-2026")
    client.logout()
    assert login(personas.user("fajar")).post(url, data).status_code == 302


def test_password_reset_is_refused_to_others_and_changes_nothing(login, personas):
    data = {"password1": "Sandi-Baru-2026", "password2": "Sandi-Baru-2026"}
    before = personas.user("ani").password
    assert (
        login(personas.user("budi"))
        .post(reverse("employee-set-password", args=[personas.ani.pk]), data)
        .status_code
        == 403
    )
    assert (
        login(personas.user("gita"))
        .post(reverse("employee-set-password", args=[personas.ani.pk]), data)
        .status_code
        == 403
    )
    assert (
        login(personas.user("fajar"))
        .post(reverse("employee-set-password", args=[personas.dodi.pk]), data)
        .status_code
        == 404
    )
    assert (
        login(personas.user("ani"))
        .post(reverse("employee-set-password", args=[personas.intan.pk]), data)
        .status_code
        == 404
    )
    personas.ani.user.refresh_from_db()
    assert personas.ani.user.password == before


def test_mismatched_passwords_are_a_400_and_change_nothing(login, personas):
    before = personas.user("ani").password
    response = login(personas.user("citra")).post(
        reverse("employee-set-password", args=[personas.ani.pk]),
        {"password1": "Sandi-Baru-2026", "password2": "lain-lagi-2026"},
    )
    assert (
        response.status_code == 400 and "Kedua kata sandi tidak sama." in response.content.decode()
    )
    personas.ani.user.refresh_from_db()
    assert personas.ani.user.password == before


def test_unit_tree_and_unit_page(login, personas, django_assert_max_num_queries):
    client = login(personas.user("ani"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("unit-tree"))
    assert "Dinas Kesehatan" in response.content.decode()
    page = client.get(reverse("unit-detail", args=[personas.units["surveilans"].pk]))
    html = page.content.decode()
    assert "Kepala Seksi Surveilans" in html and "Budi Santoso" in html


def test_unit_of_another_instansi_is_404(login, personas):
    from ekinerja.org.models import Unit

    other = Unit.objects.get(instansi=personas.other_instansi)
    assert (
        login(personas.user("citra")).get(reverse("unit-detail", args=[other.pk])).status_code
        == 404
    )


def test_admin_home_shows_instansi_summary(login, personas):
    response = login(personas.user("citra")).get(reverse("home"))
    summary = response.context["summary"]
    asn = Employee.objects.filter(instansi=personas.instansi).exclude(status="PEJABAT_NEGARA")
    assert summary.total == asn.count()
    assert summary.by_status == {"PNS": asn.count()}
    assert any(c.unit == personas.units["dinkes"] and c.employees == 5 for c in summary.per_opd)


def test_unit_filter_lists_only_the_admin_opd_units_and_keeps_the_choice(login, personas):
    dinkes, p2p = personas.units["dinkes"], personas.units["p2p"]
    response = login(personas.user("fajar")).get(reverse("employee-list"), {"unit": p2p.pk})
    options = dict(response.context["unit_options"])
    assert set(options) == {dinkes.pk, p2p.pk, personas.units["surveilans"].pk}
    assert f'<option value="{p2p.pk}" selected>' in response.content.decode()


def test_kepala_daerah_home_explains_why_there_is_no_penilai(login, personas):
    response = login(personas.user("bupati")).get(reverse("home"))
    assert response.context["profile"].penilai is None
    assert "Kepala Daerah adalah pejabat negara" in response.content.decode()
    assert [r.employee for r in response.context["profile"].subordinates] == [personas.sekda]


@pytest.mark.parametrize(("who", "offered"), [("citra", True), ("gita", True), ("ani", False)])
def test_unit_tree_offers_its_excel_downloads_to_exporters_only(login, personas, who, offered):
    client = login(personas.user(who))
    html = client.get(reverse("unit-tree")).content.decode()
    assert (reverse("export-units") in html) is offered
    assert (reverse("export-positions") in html) is offered
    expected = 200 if offered else 403
    assert client.get(reverse("export-units")).status_code == expected
