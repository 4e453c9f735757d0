"""The TPP pages over HTTP with personas, on 5 April 2026 with March computed.

Citra (admin BKPSDM) manages runs and policies; Gita (pimpinan) and Hadi (auditor) read every
run; Fajar (admin OPD of Dinas Kesehatan) reads the official runs' Dinkes lines only; Ani reads
her own lines and estimate; Budi, her atasan, has no TPP role; the stranger belongs to another
region. access.py: an id outside the user's read scope is a 404, a refused write inside it 403."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ekinerja.allowance import services
from ekinerja.allowance.choices import JenisRun, ProsesRun, StatusRun
from ekinerja.allowance.models import TppLine, TppPolicy, TppRun
from ekinerja.allowance.services_policy import save_policy
from ekinerja.allowance.testing import PROPOSED_POLICY, SIMPLE_POLICY, hire, line_of, start
from ekinerja.attendance.choices import StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.core.models import AuditEvent, ClosedMonth
from ekinerja.people.models import User

pytestmark = pytest.mark.django_db

RUNS = reverse("tpp-runs")
START = reverse("tpp-run-start")
MINE = reverse("tpp-saya")
POLICIES = reverse("tpp-policies")
NEW_POLICY = reverse("tpp-policy-new")
SIMULATIONS = reverse("tpp-simulations")
DINKES = {"Kadinkes Uji", "Eka Saputra", "Budi Santoso", "Ani Lestari", "Intan Permata"}

# Measured on SQLite; each page's count must not move when runs or lines are added.
QUERIES_RUN_LIST = 10
QUERIES_RUN_DETAIL = 13
QUERIES_LINE_DETAIL = 9
QUERIES_MY_TPP = 20
QUERIES_POLICY_LIST = 9
QUERIES_SIMULATION_DETAIL = 15


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 4, 5, 9, 0), tick=False):
        yield


def href(line):
    return f'href="{reverse("tpp-line", args=[line.pk])}"'


def names_on(response):
    return {line.nama for line in response.context["page"]}


# --- the run list ---------------------------------------------------------------------------


def test_the_run_list_shows_every_run_to_the_admin_with_the_form(
    login, tpp_world, tpp_march, tpp_simulation
):
    response = login(tpp_world.user("citra")).get(RUNS)
    assert response.status_code == 200 and response.context["can_manage"]
    assert set(response.context["runs"]) == set(TppRun.objects.all())
    assert 'data-testid="form-hitung"' in response.content.decode()
    assert response.context["form"].initial["bulan"] == "2026-03"


@pytest.mark.parametrize("who", ["gita", "hadi"])
def test_pimpinan_and_auditor_read_every_run_without_the_form(
    login, tpp_world, tpp_simulation, who
):
    response = login(tpp_world.user(who)).get(RUNS)
    assert response.status_code == 200 and not response.context["can_manage"]
    assert len(response.context["runs"]) == TppRun.objects.count() == 3
    assert 'data-testid="form-hitung"' not in response.content.decode()


def test_the_admin_opd_reads_official_runs_only(login, tpp_world, tpp_simulation):
    response = login(tpp_world.user("fajar")).get(RUNS)
    assert [run.jenis for run in response.context["runs"]] == [JenisRun.RESMI]


def test_the_admin_opd_does_not_find_another_opds_run_nor_the_instansi_totals(login, tpp_world):
    february = start(tpp_world, bulan=2)
    disdik = start(tpp_world, unit=tpp_world.units["disdik"])  # two people: Kadisdik and Dodi
    assert disdik.jumlah_bruto == Decimal("4800000")
    fajar = login(tpp_world.user("fajar"))
    assert fajar.get(reverse("tpp-run", args=[disdik.pk])).status_code == 404
    assert fajar.get(reverse("tpp-run-progress", args=[disdik.pk])).status_code == 404
    response = fajar.get(RUNS)
    assert [run.pk for run in response.context["runs"]] == [february.pk]
    page = response.content.decode()
    # The instansi-wide run is listed, but its totals cover every OPD.
    total = f"{february.jumlah_bruto:,.0f}".replace(",", ".")
    assert "Rp\u00a04.800.000" not in page and total not in page


@pytest.mark.parametrize("who", ["ani", "budi", "stranger"])
def test_without_a_tpp_role_the_list_sends_to_tpp_saya(login, tpp_world, tpp_march, who):
    response = login(tpp_world.user(who)).get(RUNS)
    assert response.status_code == 302 and response.url == MINE


def test_the_foreign_admin_sees_no_run_of_this_region(
    login, tpp_world, tpp_march, tpp_foreign_admin
):
    response = login(tpp_foreign_admin).get(RUNS)
    assert response.status_code == 200 and list(response.context["runs"]) == []


def test_an_anonymous_visitor_is_sent_to_login(client, tpp_world):
    response = client.get(RUNS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_run_list_does_not_grow_in_queries_with_runs(
    login, tpp_world, tpp_march, tpp_proposed, django_assert_num_queries
):
    client = login(tpp_world.user("citra"))
    with django_assert_num_queries(QUERIES_RUN_LIST):
        client.get(RUNS)
    start(tpp_world, bulan=1)
    start(tpp_world, bulan=2)
    start(tpp_world, policy=tpp_proposed, simulasi=True)
    with django_assert_num_queries(QUERIES_RUN_LIST):
        response = client.get(RUNS)
    assert len(response.context["runs"]) == 5


# --- starting a run -------------------------------------------------------------------------


def test_the_admin_starts_a_run_and_lands_on_it(login, tpp_world):
    response = login(tpp_world.user("citra")).post(START, {"bulan": "2026-03"})
    run = TppRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("tpp-run", args=[run.pk])
    assert (run.tahun, run.bulan, run.proses, run.jumlah_pegawai) == (2026, 3, "selesai", 12)
    assert AuditEvent.objects.filter(action="tpp.dihitung", object_id=str(run.pk)).exists()


def test_a_run_for_one_opd_covers_its_lines_only(login, tpp_world):
    dinkes = tpp_world.units["dinkes"]
    login(tpp_world.user("citra")).post(START, {"bulan": "2026-03", "opd": dinkes.pk})
    run = TppRun.objects.get()
    assert run.unit == dinkes
    assert set(TppLine.objects.filter(run=run).values_list("nama", flat=True)) == DINKES


@pytest.mark.parametrize(
    "data,message",
    [
        ({"bulan": "2026-13"}, "Pilih bulan dengan format TTTT-BB"),
        ({"bulan": "maret"}, "Pilih bulan dengan format TTTT-BB"),
        ({"bulan": ""}, "Bulan: "),
        ({"bulan": "2026-05"}, "Mei 2026 belum dimulai; TPP belum dapat dihitung."),
        ({"bulan": "2025-12"}, "Belum ada kebijakan TPP yang berlaku pada Desember 2025."),
        ({"bulan": "1999-12"}, "Bulan atau tahun tidak valid."),
        ({"bulan": "2026-03", "opd": "999999"}, "OPD: "),
    ],
)
def test_bad_input_is_a_400_with_the_message_and_no_run(login, tpp_world, data, message):
    response = login(tpp_world.user("citra")).post(START, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'data-testid="galat"' in response.content.decode()
    assert not TppRun.objects.exists()
    assert not AuditEvent.objects.filter(action="tpp.dihitung").exists()


def test_an_opd_of_another_region_is_not_a_choice(login, tpp_world):
    other_unit = tpp_world.stranger.assignments.get().position.unit
    response = login(tpp_world.user("citra")).post(
        START, {"bulan": "2026-03", "opd": other_unit.pk}
    )
    assert response.status_code == 400 and "opd" in response.context["form"].errors
    assert not TppRun.objects.exists()


def test_a_final_month_cannot_be_started_again(login, tpp_world, tpp_march):
    services.finalise_run(actor=tpp_world.citra.user, run=tpp_march)
    response = login(tpp_world.user("citra")).post(START, {"bulan": "2026-03"})
    assert response.status_code == 400 and "sudah final" in response.content.decode()


@pytest.mark.parametrize("who", ["gita", "hadi", "fajar", "ani", "stranger"])
def test_only_the_admin_starts_a_run(login, tpp_world, who):
    response = login(tpp_world.user(who)).post(START, {"bulan": "2026-03"})
    assert response.status_code == 403
    assert not TppRun.objects.exists()


def test_the_foreign_admin_cannot_start_a_run_here(login, tpp_world, tpp_foreign_admin):
    response = login(tpp_foreign_admin).post(START, {"bulan": "2026-03"})
    # His own region has no policy: the run is refused there, and nothing exists here.
    assert response.status_code == 400
    assert not TppRun.objects.exists()


def test_starting_is_a_post(login, tpp_world):
    assert login(tpp_world.user("citra")).get(START).status_code == 405


# --- one run --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["citra", "gita", "hadi"])
def test_instansi_readers_see_every_line_and_the_totals(login, tpp_world, tpp_march, who):
    response = login(tpp_world.user(who)).get(reverse("tpp-run", args=[tpp_march.pk]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 12
    grand = response.context["grand"]
    assert (grand.pegawai, grand.bruto, grand.bersih) == (
        12,
        tpp_march.jumlah_bruto,
        tpp_march.jumlah_bersih,
    )
    assert response.context["can_manage"] == (who == "citra")
    page = response.content.decode()
    assert ('data-testid="finalisasi"' in page) == (who == "citra")


def test_the_admin_opd_sees_the_lines_of_their_opd_only(login, tpp_world, tpp_march):
    response = login(tpp_world.user("fajar")).get(reverse("tpp-run", args=[tpp_march.pk]))
    assert response.status_code == 200
    assert names_on(response) == DINKES
    assert [t.nama for t in response.context["totals"]] == ["Dinas Kesehatan"]
    dinkes_bersih = sum(
        line.bersih for line in TppLine.objects.filter(run=tpp_march, nama__in=DINKES)
    )
    assert response.context["grand"].bersih == dinkes_bersih
    assert 'data-testid="finalisasi"' not in response.content.decode()


def test_the_lines_filter_by_opd_and_search(login, tpp_world, tpp_march):
    client = login(tpp_world.user("citra"))
    url = reverse("tpp-run", args=[tpp_march.pk])
    assert names_on(client.get(url, {"q": "lestari"})) == {"Ani Lestari"}
    assert names_on(client.get(url, {"q": tpp_world.dodi.nip})) == {"Dodi Pratama"}
    assert names_on(client.get(url, {"opd": tpp_world.units["dinkes"].pk})) == DINKES
    # Garbage in the filters is ignored rather than an error.
    assert client.get(url, {"opd": "abc", "hal": "x"}).status_code == 200


def test_outsiders_do_not_find_a_run(
    login, tpp_world, tpp_march, tpp_simulation, tpp_foreign_admin
):
    detail = reverse("tpp-run", args=[tpp_march.pk])
    for who in ("ani", "budi"):
        assert login(tpp_world.user(who)).get(detail).status_code == 404
    assert login(tpp_foreign_admin).get(detail).status_code == 404
    # A tpp_simulation is not for an admin OPD.
    sim = reverse("tpp-run", args=[tpp_simulation.pk])
    assert login(tpp_world.user("fajar")).get(sim).status_code == 404


def test_the_run_page_does_not_grow_in_queries_with_lines(
    login, tpp_world, tpp_march, django_assert_num_queries
):
    client = login(tpp_world.user("citra"))
    url = reverse("tpp-run", args=[tpp_march.pk])
    with django_assert_num_queries(QUERIES_RUN_DETAIL):
        client.get(url)
    hire(tpp_world, 45)  # past one page of 50
    start(tpp_world)
    with django_assert_num_queries(QUERIES_RUN_DETAIL):
        response = client.get(url)
    assert response.context["page"].paginator.num_pages == 2
    assert response.context["grand"].pegawai == 57


def test_progress_is_a_fragment_for_readers_only(login, tpp_world, tpp_march, tpp_foreign_admin):
    url = reverse("tpp-run-progress", args=[tpp_march.pk])
    response = login(tpp_world.user("fajar")).get(url)
    assert response.status_code == 200 and response.context["percent"] == 100
    page = response.content.decode()
    assert "12 / 12 pegawai" in page and "hx-get" not in page  # done: no more polling
    assert login(tpp_world.user("ani")).get(url).status_code == 404
    assert login(tpp_foreign_admin).get(url).status_code == 404


def test_a_waiting_run_keeps_polling(login, tpp_world, tpp_march):
    TppRun.objects.filter(pk=tpp_march.pk).update(proses=ProsesRun.BERJALAN, selesai=3)
    response = login(tpp_world.user("citra")).get(reverse("tpp-run-progress", args=[tpp_march.pk]))
    assert response.context["percent"] == 25 and "hx-get" in response.content.decode()


# --- finalise, reopen, recompute, delete ----------------------------------------------------


def test_the_admin_finalises_and_the_months_close(login, tpp_world, tpp_march):
    response = login(tpp_world.user("citra")).post(reverse("tpp-run-finalise", args=[tpp_march.pk]))
    assert response.status_code == 302 and response.url == reverse("tpp-run", args=[tpp_march.pk])
    tpp_march.refresh_from_db()
    assert tpp_march.status == StatusRun.FINAL and tpp_march.finalised_by == tpp_world.user("citra")
    assert ClosedMonth.objects.filter(run_id=tpp_march.pk).count() == 12
    assert AuditEvent.objects.filter(action="tpp.difinalisasi").count() == 1


@pytest.mark.parametrize("name", ["tpp-run-finalise", "tpp-run-delete"])
def test_finalising_and_deleting_are_refused_to_readers_and_hidden_from_outsiders(
    login, tpp_world, tpp_march, tpp_foreign_admin, name
):
    url = reverse(name, args=[tpp_march.pk])
    for who in ("gita", "hadi", "fajar"):
        assert login(tpp_world.user(who)).post(url).status_code == 403
    for who in ("ani", "stranger"):
        assert login(tpp_world.user(who)).post(url).status_code == 404
    assert login(tpp_foreign_admin).post(url).status_code == 404
    tpp_march.refresh_from_db()
    assert tpp_march.status == StatusRun.DRAF and not ClosedMonth.objects.exists()
    assert TppLine.objects.filter(run=tpp_march).count() == 12


@pytest.fixture
def final(tpp_world, tpp_march):
    services.finalise_run(actor=tpp_world.citra.user, run=tpp_march)
    return tpp_march


def test_a_simulation_is_not_finalised(login, tpp_world, tpp_simulation):
    response = login(tpp_world.user("citra")).post(
        reverse("tpp-run-finalise", args=[tpp_simulation.pk]), follow=True
    )
    assert response.redirect_chain[0][1] == 303
    assert "Simulasi tidak dapat difinalisasi." in response.content.decode()
    tpp_simulation.refresh_from_db()
    assert tpp_simulation.status == StatusRun.DRAF and not ClosedMonth.objects.exists()


@pytest.mark.parametrize(
    "alasan,message",
    [
        (None, "Tuliskan alasan membuka kembali."),
        ("   ", "Tuliskan alasan membuka kembali."),
        ("ralat", "paling sedikit 10 karakter"),
    ],
)
def test_reopening_without_a_real_reason_is_a_400_and_changes_nothing(
    login, tpp_world, final, alasan, message
):
    data = {} if alasan is None else {"alasan": alasan}
    response = login(tpp_world.user("citra")).post(reverse("tpp-run-reopen", args=[final.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    final.refresh_from_db()
    assert final.status == StatusRun.FINAL
    assert ClosedMonth.objects.filter(run_id=final.pk).count() == 12
    assert not AuditEvent.objects.filter(action="tpp.dibuka_kembali").exists()


def test_reopening_with_a_reason_opens_the_months_and_is_audited(login, tpp_world, final):
    alasan = "Koreksi presensi Maret dari Dinas Kesehatan"
    response = login(tpp_world.user("citra")).post(
        reverse("tpp-run-reopen", args=[final.pk]), {"alasan": alasan}
    )
    assert response.status_code == 302
    final.refresh_from_db()
    assert final.status == StatusRun.DRAF and not ClosedMonth.objects.exists()
    event = AuditEvent.objects.get(action="tpp.dibuka_kembali")
    assert event.actor == tpp_world.user("citra")
    assert event.data == {"alasan": alasan, "pegawai": 12}


def test_reopening_a_draft_is_refused_with_a_message(login, tpp_world, tpp_march):
    response = login(tpp_world.user("citra")).post(
        reverse("tpp-run-reopen", args=[tpp_march.pk]), {"alasan": "Alasan yang cukup panjang"},
        follow=True,
    )  # fmt: skip
    assert response.redirect_chain[0][1] == 303
    assert "Hanya perhitungan yang final" in response.content.decode()


def test_reopening_is_refused_to_readers_and_hidden_from_outsiders(
    login, tpp_world, final, tpp_foreign_admin
):
    url = reverse("tpp-run-reopen", args=[final.pk])
    for data in ({}, {"alasan": "Alasan yang cukup panjang"}):
        for who in ("gita", "hadi", "fajar"):
            assert login(tpp_world.user(who)).post(url, data).status_code == 403
        for user in (tpp_world.user("ani"), tpp_world.user("stranger"), tpp_foreign_admin):
            assert login(user).post(url, data).status_code == 404
    final.refresh_from_db()
    assert final.status == StatusRun.FINAL
    assert ClosedMonth.objects.filter(run_id=final.pk).count() == 12


def test_recomputing_a_draft_reads_the_inputs_again(login, tpp_world, tpp_march):
    DailyAttendance.objects.create(
        instansi=tpp_world.instansi, employee=tpp_world.ani, tanggal=dt.date(2026, 3, 11),
        status=StatusKehadiran.TANPA_KETERANGAN,
    )  # fmt: skip
    url = reverse("tpp-run-recompute", args=[tpp_march.pk])
    response = login(tpp_world.user("citra")).post(url)
    assert response.status_code == 302 and response.url == reverse("tpp-run", args=[tpp_march.pk])
    # One TK day: discipline 96%, so 3,000,000 x 40% x 96%.
    assert line_of(tpp_march, tpp_world.ani).bruto == Decimal("1152000")


def test_a_final_run_is_not_recomputed(login, tpp_world, final):
    ids = set(TppLine.objects.filter(run=final).values_list("id", flat=True))
    response = login(tpp_world.user("citra")).post(
        reverse("tpp-run-recompute", args=[final.pk]), follow=True
    )
    assert response.redirect_chain[0][1] == 303 and "sudah final" in response.content.decode()
    assert set(TppLine.objects.filter(run=final).values_list("id", flat=True)) == ids


def test_recompute_is_refused_for_simulations_readers_and_outsiders(
    login, tpp_world, tpp_march, tpp_simulation, tpp_foreign_admin
):
    citra = login(tpp_world.user("citra"))
    assert citra.post(reverse("tpp-run-recompute", args=[tpp_simulation.pk])).status_code == 403
    url = reverse("tpp-run-recompute", args=[tpp_march.pk])
    ids = set(TppLine.objects.filter(run=tpp_march).values_list("id", flat=True))
    for who in ("gita", "fajar"):
        assert login(tpp_world.user(who)).post(url).status_code == 403
    for user in (tpp_world.user("ani"), tpp_world.user("stranger"), tpp_foreign_admin):
        assert login(user).post(url).status_code == 404
    assert set(TppLine.objects.filter(run=tpp_march).values_list("id", flat=True)) == ids


def test_the_admin_deletes_a_draft(login, tpp_world, tpp_march):
    response = login(tpp_world.user("citra")).post(reverse("tpp-run-delete", args=[tpp_march.pk]))
    assert response.status_code == 302 and response.url == RUNS
    assert not TppRun.objects.exists() and not TppLine.objects.exists()
    assert AuditEvent.objects.filter(action="tpp.dihapus", object_id=str(tpp_march.pk)).exists()


def test_a_final_run_is_not_deleted(login, tpp_world, final):
    response = login(tpp_world.user("citra")).post(
        reverse("tpp-run-delete", args=[final.pk]), follow=True
    )
    assert response.redirect_chain[0][0] == reverse("tpp-run", args=[final.pk])
    assert "buka kembali dahulu" in response.content.decode()
    assert TppLine.objects.filter(run=final).count() == 12


@pytest.mark.parametrize(
    "name", ["tpp-run-finalise", "tpp-run-reopen", "tpp-run-recompute", "tpp-run-delete"]
)
def test_run_actions_are_posts(login, tpp_world, tpp_march, name):
    assert login(tpp_world.user("citra")).get(reverse(name, args=[tpp_march.pk])).status_code == 405


# --- one line -------------------------------------------------------------------------------


def test_ani_reads_her_own_line_with_its_breakdown(login, tpp_world, tpp_march):
    line = line_of(tpp_march, tpp_world.ani)
    response = login(tpp_world.user("ani")).get(reverse("tpp-line", args=[line.pk]))
    assert response.status_code == 200 and response.context["line"] == line
    page = response.content.decode()
    assert 'data-testid="diterima">Rp\u00a01.188.000<' in page
    # The components add up to the bruto; the employee's BPJS is taken from it after.
    assert page.index("TPP bruto") < page.index("Iuran BPJS Kesehatan (pegawai)")
    assert "Draf, dapat berubah" in page
    assert reverse("tpp-line-slip", args=[line.pk]) in page


def test_who_reads_a_line(login, tpp_world, tpp_march, tpp_simulation, tpp_foreign_admin):
    ani, dodi = line_of(tpp_march, tpp_world.ani), line_of(tpp_march, tpp_world.dodi)
    sim_ani = line_of(tpp_simulation, tpp_world.ani)

    def status(user, line):
        return login(user).get(reverse("tpp-line", args=[line.pk])).status_code

    assert status(tpp_world.user("ani"), ani) == 200
    assert status(tpp_world.user("ani"), dodi) == 404  # another employee's line
    assert status(tpp_world.user("ani"), sim_ani) == 404  # her line, but in a tpp_simulation
    assert status(tpp_world.user("budi"), ani) == 404  # the atasan has no TPP role
    assert status(tpp_world.user("fajar"), ani) == 200
    assert status(tpp_world.user("fajar"), dodi) == 404  # outside the Dinkes subtree
    assert status(tpp_world.user("fajar"), sim_ani) == 404
    assert status(tpp_world.user("gita"), sim_ani) == 200
    assert status(tpp_world.user("hadi"), dodi) == 200
    assert status(tpp_world.user("stranger"), ani) == 404
    assert status(tpp_foreign_admin, ani) == 404
    assert login(tpp_world.user("ani")).get(reverse("tpp-line", args=[999999])).status_code == 404


def test_the_line_page_takes_a_fixed_number_of_queries(
    login, tpp_world, tpp_march, django_assert_num_queries
):
    client = login(tpp_world.user("ani"))
    url = reverse("tpp-line", args=[line_of(tpp_march, tpp_world.ani).pk])
    with django_assert_num_queries(QUERIES_LINE_DETAIL):
        client.get(url)
    hire(tpp_world, 20)
    start(tpp_world)
    url = reverse(
        "tpp-line", args=[line_of(tpp_march, tpp_world.ani).pk]
    )  # lines are new after a rerun
    with django_assert_num_queries(QUERIES_LINE_DETAIL):
        assert client.get(url).status_code == 200


# --- TPP saya -------------------------------------------------------------------------------


def test_tpp_saya_lists_own_official_lines_and_the_live_estimate(
    login, tpp_world, tpp_march, tpp_simulation
):
    response = login(tpp_world.user("ani")).get(MINE)
    assert response.status_code == 200
    assert list(response.context["lines"]) == [line_of(tpp_march, tpp_world.ani)]
    estimate = response.context["estimate"]
    assert (estimate.tahun, estimate.bulan, estimate.sampai) == (2026, 4, dt.date(2026, 4, 5))
    assert response.context["estimate_label"] == "April 2026"
    assert estimate.result.besaran == Decimal("3000000")
    page = response.content.decode()
    assert "Perkiraan April 2026" in page
    assert page.count(href(line_of(tpp_march, tpp_world.ani))) == 1
    assert href(line_of(tpp_simulation, tpp_world.ani)) not in page
    assert href(line_of(tpp_march, tpp_world.intan)) not in page


def test_tpp_saya_without_a_policy_has_no_estimate(login, personas):
    response = login(personas.user("ani")).get(MINE)
    assert response.status_code == 200 and response.context["estimate"] is None
    assert "Belum ada TPP yang dihitung untuk Anda." in response.content.decode()


def test_tpp_saya_for_a_login_without_an_employee_goes_to_the_runs(login, tpp_world):
    user = User.objects.create_user(username="operator", password="x", instansi=tpp_world.instansi)
    response = login(user).get(MINE)
    assert response.status_code == 302 and response.url == RUNS


def test_tpp_saya_does_not_grow_in_queries_with_months(
    login, tpp_world, tpp_march, django_assert_num_queries
):
    client = login(tpp_world.user("ani"))
    with django_assert_num_queries(QUERIES_MY_TPP):
        client.get(MINE)
    start(tpp_world, bulan=1)
    start(tpp_world, bulan=2)
    with django_assert_num_queries(QUERIES_MY_TPP):
        response = client.get(MINE)
    assert [line.run.bulan for line in response.context["lines"]] == [3, 2, 1]


# --- policies -------------------------------------------------------------------------------


@pytest.mark.parametrize("who,can_manage", [("citra", True), ("gita", False), ("hadi", False)])
def test_the_policy_list_is_for_instansi_readers(login, tpp_world, who, can_manage):
    response = login(tpp_world.user(who)).get(POLICIES)
    assert response.status_code == 200 and response.context["can_manage"] == can_manage
    assert [p.nama for p in response.context["policies"]] == ["Kebijakan Uji 60/40"]
    assert (NEW_POLICY in response.content.decode()) == can_manage


@pytest.mark.parametrize("who", ["fajar", "ani", "stranger"])
def test_the_policy_list_is_refused_to_others(login, tpp_world, who):
    assert login(tpp_world.user(who)).get(POLICIES).status_code == 403


def test_the_foreign_admin_lists_only_his_own_policies(login, tpp_world, tpp_foreign_admin):
    response = login(tpp_foreign_admin).get(POLICIES)
    assert response.status_code == 200 and list(response.context["policies"]) == []


def test_the_policy_list_does_not_grow_in_queries(login, tpp_world, django_assert_num_queries):
    client = login(tpp_world.user("citra"))
    with django_assert_num_queries(QUERIES_POLICY_LIST):
        client.get(POLICIES)
    for year in (2027, 2028, 2029):
        text = SIMPLE_POLICY.replace("2026-01-01", f"{year}-01-01")
        save_policy(actor=tpp_world.citra.user, instansi=tpp_world.instansi, text=text)
    with django_assert_num_queries(QUERIES_POLICY_LIST):
        response = client.get(POLICIES)
    assert len(response.context["policies"]) == 4


def test_a_new_policy_is_saved_and_audited(login, tpp_world):
    client = login(tpp_world.user("citra"))
    assert client.get(NEW_POLICY).status_code == 200
    text = PROPOSED_POLICY.replace("2026-01-01", "2026-07-01")
    response = client.post(
        NEW_POLICY, {"dokumen": text, "status": "berlaku", "catatan": " Perbup 12/2026 "}
    )
    assert response.status_code == 302 and response.url == POLICIES
    policy = TppPolicy.objects.get(berlaku_mulai=dt.date(2026, 7, 1))
    assert (policy.nama, policy.catatan) == ("Kebijakan Usulan", "Perbup 12/2026")
    assert policy.dokumen["besaran"]["per_kelas"]["7"]["beban_kerja"] == 3500000
    assert AuditEvent.objects.filter(action="tpp.kebijakan_dibuat").count() == 2


def test_a_policy_may_come_as_an_uploaded_file(login, tpp_world):
    upload = SimpleUploadedFile(
        "usulan.yaml", PROPOSED_POLICY.encode(), content_type="application/yaml"
    )
    response = login(tpp_world.user("citra")).post(
        NEW_POLICY, {"berkas": upload, "status": "usulan", "catatan": ""}
    )
    assert response.status_code == 302
    assert TppPolicy.objects.get(status="usulan").nama == "Kebijakan Usulan"


@pytest.mark.parametrize(
    "text,messages",
    [
        ("nama: [tidak ditutup\n", ["Berkas YAML tidak dapat dibaca: baris 1, kolom 21"]),
        ("nama: a\n\tb: c", ["Berkas YAML tidak dapat dibaca: baris 2"]),
        ("versi_skema: 1\nnama: X\n", ["besaran: wajib diisi", "komponen: wajib diisi"]),
        ("", ["Isi dokumen kebijakan atau unggah berkas YAML."]),
        (SIMPLE_POLICY, ["Sudah ada kebijakan berlaku mulai 01-01-2026"]),
    ],
)
def test_an_invalid_policy_is_a_400_and_nothing_is_saved(login, tpp_world, text, messages):
    response = login(tpp_world.user("citra")).post(
        NEW_POLICY, {"dokumen": text, "status": "berlaku"}
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].non_field_errors())
    page = response.content.decode()
    assert 'data-testid="galat"' in page
    for message in messages:
        assert message in errors
    assert TppPolicy.objects.count() == 1
    assert AuditEvent.objects.filter(action="tpp.kebijakan_dibuat").count() == 1


@pytest.mark.parametrize("who", ["gita", "hadi", "fajar", "ani", "stranger"])
def test_only_the_admin_writes_policies(login, tpp_world, who):
    client = login(tpp_world.user(who))
    policy = TppPolicy.objects.get()
    text = PROPOSED_POLICY.replace("2026-01-01", "2026-07-01")
    assert client.get(NEW_POLICY).status_code == 403
    assert client.post(NEW_POLICY, {"dokumen": text, "status": "berlaku"}).status_code == 403
    edit = reverse("tpp-policy-edit", args=[policy.pk])
    assert client.post(edit, {"dokumen": text, "status": "berlaku"}).status_code == 403
    assert TppPolicy.objects.count() == 1
    policy.refresh_from_db()
    assert policy.nama == "Kebijakan Uji 60/40"


def test_editing_shows_the_document_and_saves_the_change(login, tpp_world):
    policy = TppPolicy.objects.get()
    client = login(tpp_world.user("citra"))
    url = reverse("tpp-policy-edit", args=[policy.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert yaml.safe_load(page.context["form"].initial["dokumen"]) == policy.dokumen
    response = client.post(
        url, {"dokumen": PROPOSED_POLICY, "status": "berlaku", "catatan": "ralat"}
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.nama, policy.catatan) == ("Kebijakan Usulan", "ralat")
    assert AuditEvent.objects.filter(action="tpp.kebijakan_diubah").count() == 1


def test_an_invalid_edit_keeps_the_stored_document(login, tpp_world):
    policy = TppPolicy.objects.get()
    before = policy.dokumen
    response = login(tpp_world.user("citra")).post(
        reverse("tpp-policy-edit", args=[policy.pk]),
        {"dokumen": "besaran: {per_kelas: [", "status": "berlaku"},
    )
    assert response.status_code == 400
    assert "Berkas YAML tidak dapat dibaca" in " ".join(response.context["form"].non_field_errors())
    policy.refresh_from_db()
    assert policy.dokumen == before
    assert not AuditEvent.objects.filter(action="tpp.kebijakan_diubah").exists()


def test_a_policy_paid_with_is_not_edited(login, tpp_world, final):
    policy = final.policy
    response = login(tpp_world.user("citra")).post(
        reverse("tpp-policy-edit", args=[policy.pk]),
        {"dokumen": PROPOSED_POLICY, "status": "berlaku"},
    )
    assert response.status_code == 400
    assert "sudah dipakai perhitungan TPP yang final" in response.content.decode()
    policy.refresh_from_db()
    assert policy.nama == "Kebijakan Uji 60/40"


def test_the_download_round_trips(login, tpp_world):
    policy = TppPolicy.objects.get()
    client = login(tpp_world.user("citra"))
    response = client.get(reverse("tpp-policy-download", args=[policy.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert f'filename="kebijakan-tpp-{policy.pk}.yaml"' in response["Content-Disposition"]
    text = response.content.decode()
    assert yaml.safe_load(text) == policy.dokumen
    # Saved back as it came, the document is the same; as a proposal it is an equal copy.
    client.post(
        reverse("tpp-policy-edit", args=[policy.pk]), {"dokumen": text, "status": "berlaku"}
    )
    client.post(NEW_POLICY, {"dokumen": text, "status": "usulan"})
    copy = TppPolicy.objects.get(status="usulan")
    policy.refresh_from_db()
    assert policy.dokumen == copy.dokumen == yaml.safe_load(text)


def test_who_downloads_a_policy(login, tpp_world, tpp_foreign_admin):
    url = reverse("tpp-policy-download", args=[TppPolicy.objects.get().pk])
    for who in ("gita", "hadi"):
        assert login(tpp_world.user(who)).get(url).status_code == 200
    for who in ("fajar", "ani", "stranger"):
        assert login(tpp_world.user(who)).get(url).status_code == 404
    assert login(tpp_foreign_admin).get(url).status_code == 404
    edit = reverse("tpp-policy-edit", args=[TppPolicy.objects.get().pk])
    assert login(tpp_foreign_admin).get(edit).status_code == 404


# --- simulations ----------------------------------------------------------------------------


def test_a_simulation_compares_the_proposal_with_the_policy_in_force(
    login, tpp_world, tpp_proposed
):
    client = login(tpp_world.user("citra"))
    page = client.get(SIMULATIONS)
    assert page.status_code == 200 and page.context["form"].initial["bulan"] == "2026-03"
    response = client.post(SIMULATIONS, {"bulan": "2026-03", "kebijakan": tpp_proposed.pk})
    run = TppRun.objects.get(policy=tpp_proposed)
    assert response.status_code == 302 and response.url == reverse("tpp-simulation", args=[run.pk])
    assert run.jenis == JenisRun.SIMULASI and run.pembanding is not None
    detail = client.get(response.url)
    assert detail.status_code == 200 and detail.context["ready"]
    total = detail.context["total"]
    assert total.berlaku == run.pembanding.jumlah_bruto
    assert total.usulan == run.jumlah_bruto
    assert total.pegawai == 12
    assert sum(row.usulan for row in detail.context["rows"]) == total.usulan
    # Only kelas 7 changes, 3,000,000 to 3,500,000, x 40% discipline for Ani, Intan and Citra.
    assert total.selisih == Decimal("600000")
    assert 'data-testid="selisih-total">Rp\u00a0600.000<' in detail.content.decode()
    listed = client.get(SIMULATIONS).context["simulations"]
    assert list(listed) == [run]  # the baseline is not a tpp_simulation of its own


@pytest.mark.parametrize(
    "data,message",
    [
        ({"bulan": "2026-05"}, "Mei 2026 belum dimulai"),
        ({"bulan": "2026-13"}, "Pilih bulan dengan format TTTT-BB"),
        ({"bulan": "2026-03", "kebijakan": ""}, "Kebijakan yang disimulasikan: "),
    ],
)
def test_a_bad_simulation_is_a_400_and_nothing_runs(login, tpp_world, tpp_proposed, data, message):
    data = {"kebijakan": tpp_proposed.pk, **data}
    response = login(tpp_world.user("citra")).post(SIMULATIONS, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TppRun.objects.exists()


@pytest.mark.parametrize("who", ["gita", "hadi", "fajar", "ani", "stranger"])
def test_only_the_admin_simulates(login, tpp_world, tpp_proposed, who):
    client = login(tpp_world.user(who))
    assert client.get(SIMULATIONS).status_code == 403
    response = client.post(SIMULATIONS, {"bulan": "2026-03", "kebijakan": tpp_proposed.pk})
    assert response.status_code == 403
    assert not TppRun.objects.exists()


def test_who_reads_a_simulation(login, tpp_world, tpp_simulation, tpp_foreign_admin):
    url = reverse("tpp-simulation", args=[tpp_simulation.pk])
    for who in ("gita", "hadi"):
        assert login(tpp_world.user(who)).get(url).status_code == 200
    for who in ("fajar", "ani", "stranger"):
        assert login(tpp_world.user(who)).get(url).status_code == 404
    assert login(tpp_foreign_admin).get(url).status_code == 404


def test_the_simulation_page_does_not_grow_in_queries_with_lines(
    login, tpp_world, tpp_proposed, django_assert_num_queries
):
    client = login(tpp_world.user("citra"))
    first = start(tpp_world, policy=tpp_proposed, simulasi=True)
    with django_assert_num_queries(QUERIES_SIMULATION_DETAIL):
        client.get(reverse("tpp-simulation", args=[first.pk]))
    hire(tpp_world, 20)
    second = start(tpp_world, policy=tpp_proposed, simulasi=True)
    with django_assert_num_queries(QUERIES_SIMULATION_DETAIL):
        response = client.get(reverse("tpp-simulation", args=[second.pk]))
    assert response.context["total"].pegawai == 32


def test_deleting_a_simulation_takes_its_baseline_and_the_baseline_alone_is_refused(
    login, tpp_world, tpp_simulation
):
    baseline = tpp_simulation.pembanding
    client = login(tpp_world.user("citra"))
    response = client.post(reverse("tpp-run-delete", args=[baseline.pk]), follow=True)
    assert "hapus simulasinya saja" in response.content.decode()
    assert TppRun.objects.filter(pk=baseline.pk).exists()
    client.post(reverse("tpp-run-delete", args=[tpp_simulation.pk]))
    assert not TppRun.objects.filter(pk__in=[tpp_simulation.pk, baseline.pk]).exists()
    assert TppRun.objects.count() == 1  # the official March run stays


def test_an_empty_simulation_form_says_what_is_missing(login, tpp_world, tpp_proposed):
    response = login(tpp_world.user("citra")).post(SIMULATIONS, {})
    assert response.status_code == 400
    assert (
        "wajib" in response.content.decode().lower() or "pilih" in response.content.decode().lower()
    )
    assert not TppRun.objects.exists()


# --- the run list as Excel ------------------------------------------------------------------

RUNS_EXPORT = reverse("tpp-runs-export")


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_the_run_list_export_has_the_runs_and_totals_as_text(
    login, tpp_world, tpp_march, tpp_simulation
):
    TppPolicy.objects.filter(pk=tpp_march.policy_id).update(nama='=HYPERLINK("http://x")')
    client = login(tpp_world.user("citra"))
    assert RUNS_EXPORT in client.get(RUNS).content.decode()
    rows = _sheet(client.get(RUNS_EXPORT))
    assert rows[0] == (
        "Bulan", "Cakupan", "Jenis", "Kebijakan", "Status", "Pegawai", "Bruto", "Diterima",
    )  # fmt: skip
    assert len(rows) == 1 + TppRun.objects.count()
    march = next(r for r in rows[1:] if r[3] == '\'=HYPERLINK("http://x")')  # text, no formula
    assert march[5] == tpp_march.jumlah_pegawai and march[6] == tpp_march.jumlah_bruto


def test_the_admin_opd_exports_official_runs_without_instansi_totals(login, tpp_world):
    february = start(tpp_world, bulan=2)
    start(tpp_world, unit=tpp_world.units["disdik"])
    rows = _sheet(login(tpp_world.user("fajar")).get(RUNS_EXPORT))
    assert len(rows[0]) == 5 and [r[0] for r in rows[1:]] == [february.label]


@pytest.mark.parametrize("who", ["ani", "budi", "stranger"])
def test_without_a_tpp_role_the_export_sends_to_tpp_saya(login, tpp_world, tpp_march, who):
    response = login(tpp_world.user(who)).get(RUNS_EXPORT)
    assert response.status_code == 302 and response.url == MINE


def test_the_foreign_admin_exports_no_run_of_this_region(
    login, tpp_world, tpp_march, tpp_foreign_admin
):
    assert len(_sheet(login(tpp_foreign_admin).get(RUNS_EXPORT))) == 1


def test_the_run_list_export_does_not_grow_in_queries_with_runs(
    login, tpp_world, tpp_march, tpp_proposed, django_assert_num_queries
):
    client = login(tpp_world.user("citra"))
    with django_assert_num_queries(QUERIES_RUN_LIST_EXPORT):
        _sheet(client.get(RUNS_EXPORT))
    start(tpp_world, bulan=1)
    start(tpp_world, bulan=2)
    start(tpp_world, policy=tpp_proposed, simulasi=True)
    with django_assert_num_queries(QUERIES_RUN_LIST_EXPORT):
        assert len(_sheet(client.get(RUNS_EXPORT))) == 1 + 5


QUERIES_RUN_LIST_EXPORT = 8


# --- the policy list as Excel ---------------------------------------------------------------

POLICIES_EXPORT = reverse("tpp-policies-export")


@pytest.mark.parametrize("who", ["citra", "gita", "hadi"])
def test_the_policy_export_has_the_listed_policies_as_text(login, tpp_world, who):
    TppPolicy.objects.filter(instansi=tpp_world.instansi).update(catatan="=1+1")
    client = login(tpp_world.user(who))
    assert POLICIES_EXPORT in client.get(POLICIES).content.decode()
    rows = _sheet(client.get(POLICIES_EXPORT))
    assert rows[0][:3] == ("Nama", "Berlaku mulai", "Status")
    assert [(r[0], r[3]) for r in rows[1:]] == [("Kebijakan Uji 60/40", "'=1+1")]  # no formula


@pytest.mark.parametrize("who", ["fajar", "ani", "stranger"])
def test_the_policy_export_is_refused_to_others(login, tpp_world, who):
    assert login(tpp_world.user(who)).get(POLICIES_EXPORT).status_code == 403


def test_the_foreign_admin_exports_only_his_own_policies(login, tpp_world, tpp_foreign_admin):
    assert len(_sheet(login(tpp_foreign_admin).get(POLICIES_EXPORT))) == 1


def test_the_policy_export_does_not_grow_in_queries(login, tpp_world, django_assert_num_queries):
    client = login(tpp_world.user("citra"))
    with django_assert_num_queries(QUERIES_POLICY_EXPORT):
        _sheet(client.get(POLICIES_EXPORT))
    for year in (2027, 2028, 2029):
        text = SIMPLE_POLICY.replace("2026-01-01", f"{year}-01-01")
        save_policy(actor=tpp_world.citra.user, instansi=tpp_world.instansi, text=text)
    with django_assert_num_queries(QUERIES_POLICY_EXPORT):
        assert len(_sheet(client.get(POLICIES_EXPORT))) == 1 + 4


QUERIES_POLICY_EXPORT = 8


# --- the simulation list as Excel -----------------------------------------------------------

SIMULATIONS_EXPORT = reverse("tpp-simulations-export")


def test_the_simulation_export_has_the_listed_simulations_as_text(login, tpp_world, tpp_simulation):
    TppPolicy.objects.filter(pk=tpp_simulation.policy_id).update(nama="=1+1")
    client = login(tpp_world.user("citra"))
    assert SIMULATIONS_EXPORT in client.get(SIMULATIONS).content.decode()
    rows = _sheet(client.get(SIMULATIONS_EXPORT))
    assert rows[0] == ("Bulan", "Kebijakan usulan", "Cakupan", "Dibuat")
    assert [r[:3] for r in rows[1:]] == [
        (tpp_simulation.label, "'=1+1", "Seluruh instansi")  # text, no formula
    ]


def test_without_simulations_the_page_offers_no_export(login, tpp_world):
    assert (
        SIMULATIONS_EXPORT not in login(tpp_world.user("citra")).get(SIMULATIONS).content.decode()
    )


@pytest.mark.parametrize("who", ["gita", "hadi", "fajar", "ani", "stranger"])
def test_the_simulation_export_is_refused_to_others(login, tpp_world, tpp_simulation, who):
    assert login(tpp_world.user(who)).get(SIMULATIONS_EXPORT).status_code == 403


def test_the_foreign_admin_exports_no_simulation_of_this_region(
    login, tpp_world, tpp_simulation, tpp_foreign_admin
):
    assert len(_sheet(login(tpp_foreign_admin).get(SIMULATIONS_EXPORT))) == 1


def test_the_simulation_export_does_not_grow_in_queries(
    login, tpp_world, tpp_simulation, tpp_proposed, django_assert_num_queries
):
    client = login(tpp_world.user("citra"))
    with django_assert_num_queries(QUERIES_SIMULATION_EXPORT):
        _sheet(client.get(SIMULATIONS_EXPORT))
    start(tpp_world, bulan=1, policy=tpp_proposed, simulasi=True)
    start(tpp_world, bulan=2, policy=tpp_proposed, simulasi=True)
    with django_assert_num_queries(QUERIES_SIMULATION_EXPORT):
        assert len(_sheet(client.get(SIMULATIONS_EXPORT))) == 1 + 3


QUERIES_SIMULATION_EXPORT = 8
