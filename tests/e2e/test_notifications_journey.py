"""The notifications journey: Ani sees the bell's count appear after the page has loaded,
opens her notifications and acts on one."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ekinerja.notifications.choices import JenisNotifikasi as J
from ekinerja.notifications.models import Notification
from ekinerja.people.testing import PASSWORD, build_personas

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ani_follows_the_bell_to_a_returned_activity(browser, live_server):
    personas = build_personas()
    ani = personas.user("ani")
    for i, (kind, title, url) in enumerate(
        [
            (J.AKTIVITAS_DIKEMBALIKAN, "Aktivitas 9 Maret 2026 dikembalikan untuk diperbaiki",
             "/aktivitas/?tanggal=2026-03-09"),
            (J.BATAS_SKP, "Batas pengisian SKP 2026: 13 Maret 2026", "/kinerja/"),
        ]
    ):  # fmt: skip
        Notification.objects.create(
            instansi=personas.instansi, user=ani, kind=kind, title=title, url=url,
            body="Alasan: lampirkan notula", dedupe_key=f"e2e:{i}", created_at=timezone.now(),
        )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(10_000)

    log_in(page, ani.username, PASSWORD)
    badge = page.get_by_test_id("jumlah-belum-dibaca")
    expect(badge).to_have_text("2")  # swapped in by htmx after the page loaded
    page.get_by_test_id("lonceng").click()
    expect(page).to_have_url(f"{live_server.url}/notifikasi/")
    expect(page.get_by_test_id("notifikasi")).to_have_count(2)
    screenshot(page, "notifikasi-daftar")

    page.get_by_test_id("notifikasi").filter(has_text="dikembalikan").get_by_role(
        "button", name="Buka"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/aktivitas/?tanggal=2026-03-09")
    expect(page.get_by_test_id("jumlah-belum-dibaca")).to_have_text("1")

    page.goto("/notifikasi/")
    page.get_by_test_id("baca-semua").click()
    expect(page.get_by_text("1 notifikasi ditandai sudah dibaca.")).to_be_visible()
    expect(page.get_by_test_id("jumlah-belum-dibaca")).to_have_count(0)
    context.close()
