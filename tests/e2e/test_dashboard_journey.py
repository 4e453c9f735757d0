"""The monitoring journey: Citra, admin BKPSDM, opens the dashboard for March 2026. Nobody has
computed March yet, so the page queues the job and polls; the worker runs, the page reloads by
itself with the figures and its charts; she drills into Dinas Kesehatan, then the Seksi
Surveilans and its employees. Ani then opens her own dashboard on her phone.

The clock is Thursday 2 April 2026 (WIB)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.allowance.inputs import Month
from ekinerja.dashboard.tests.conftest import activity
from ekinerja.people.testing import PASSWORD, build_personas

from .conftest import log_in, phone_context, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2026, 4, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def test_admin_opens_the_dashboard_sees_charts_and_drills_into_an_opd(
    page, browser, live_server, clock
):
    p = build_personas()
    march = Month.of(p.instansi.pk, 2026, 3)
    for day in march.working[:15]:
        activity(p.ani, day)
    activity(p.budi, march.working[0])
    activity(p.budi, march.working[-1], StatusAktivitas.DIAJUKAN)
    p.intan.kedudukan = "tugas_belajar"
    p.intan.save(update_fields=["kedudukan"])

    log_in(page, p.citra.user.username, PASSWORD)
    page.goto("/pantauan/?tahun=2026&bulan=3")
    status = page.get_by_test_id("dihitung")
    expect(status).to_contain_text("Penghitungan ulang sedang berjalan")

    # The background worker computes the month; the polling page reloads itself when done.
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    expect(page.get_by_test_id("dihitung")).to_contain_text("Dihitung", timeout=15_000)
    expect(page.get_by_test_id("dihitung")).not_to_contain_text("sedang berjalan")
    expect(page.locator("#chart-opd")).to_have_attribute("data-rendered", "1")
    # No predikat is set for March in this world: the doughnut gives way to a sentence.
    expect(page.get_by_text("Belum ada predikat yang ditetapkan")).to_be_visible()
    table = page.get_by_test_id("tabel-opd")
    expect(table).to_contain_text("Dinas Kesehatan")
    expect(table).to_contain_text("Dinas Pendidikan")
    screenshot(page, "pantauan-wilayah")

    table.get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.get_by_role("heading", name="Dinas Kesehatan · Maret 2026")).to_be_visible()
    expect(page.get_by_test_id("rincian-kematangan")).to_contain_text("Tingkat kematangan")
    units = page.get_by_test_id("tabel-unit")
    expect(units).to_contain_text("Seksi Surveilans")
    screenshot(page, "pantauan-opd")

    units.get_by_role("link", name="Seksi Surveilans").click()
    people = page.get_by_test_id("tabel-pegawai")
    expect(people).to_contain_text("Ani Lestari")
    ani_row = people.locator("tr", has_text="Ani Lestari")
    expect(ani_row).to_contain_text(f"15 / {len(march.working)}")
    expect(people.locator("tr", has_text="Intan Permata")).to_contain_text(
        "Dikecualikan: Tugas belajar"
    )

    main = page.get_by_role("main")
    main.get_by_role("navigation", name="breadcrumb").get_by_role("link", name="Pantauan").click()
    main.get_by_role("link", name="Pengecualian").click()
    expect(page.get_by_test_id("tabel-pengecualian")).to_contain_text("Intan Permata")

    context, phone = phone_context(browser, live_server.url)
    try:
        log_in(phone, p.ani.user.username, PASSWORD)
        phone.goto("/pantauan/saya/")
        expect(phone.get_by_role("heading").first).to_be_visible()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"halaman melebar {width}px pada ponsel 390px"
        screenshot(phone, "pantauan-saya-ponsel")
    finally:
        context.close()
