"""The Content-Security-Policy in a real browser: Citra (admin BKPSDM), Ani (employee) and Budi
(her penilai) walk through their main pages and Chromium reports no violation; the behaviours
moved out of inline handlers (confirmations, select-all, charts) still work.

The clock is Monday 6 April 2026 (WIB)."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from ekinerja.allowance.models import TppRun
from ekinerja.allowance.testing import IMMEDIATE_TASKS
from ekinerja.core.tests.test_csp import NOW, build_pages_world
from ekinerja.people.testing import PASSWORD, build_personas

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, tmp_path):
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = str(tmp_path)
    with time_machine.travel(NOW, tick=True):
        p = build_personas()
        yield p, build_pages_world(p)


def watch_csp(page) -> list[str]:
    """Collects Chromium's console reports of refused content."""
    violations: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations


def visit(page, urls: list[str]) -> None:
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        # Let htmx's load triggers (the bell, progress polls) and the chart scripts run.
        page.wait_for_load_state("networkidle")


def test_admin_bkpsdm_pages_raise_no_csp_violation(page, world):
    p, objects = world
    violations = watch_csp(page)
    log_in(page, p.citra.user.username, PASSWORD)
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    run = objects["run"]
    visit(
        page,
        [
            reverse("home"),
            reverse("dashboard:region"),
            reverse("dashboard:kematangan"),
            reverse("dashboard:rollout"),
            reverse("tpp-runs"),
            reverse("tpp-run", kwargs={"pk": run.pk}),
            reverse("goals-overview"),
            reverse("punch-device-list"),
            reverse("punch-pin-list"),
            reverse("employee-list"),
        ],
    )
    # Data induk is for staff: a signed-in admin BKPSDM without staff status is refused in
    # plain words, never bounced between the two login pages.
    refused = page.goto(reverse("admin:index"))
    assert refused is not None and refused.status == 403

    # The finalisation's confirmation now comes from halaman.js: refusing it sends nothing.
    page.goto(reverse("tpp-run", kwargs={"pk": run.pk}))
    questions: list[str] = []

    def refuse(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", refuse)
    page.get_by_test_id("finalisasi").click()
    expect(page.get_by_test_id("finalisasi")).to_be_visible()
    assert questions and questions[0].startswith("Finalisasi TPP")
    assert not TppRun.objects.get(pk=run.pk).is_final
    assert not violations, violations


def test_employee_and_penilai_pages_raise_no_csp_violation(page, browser, live_server, world):
    p, objects = world
    violations = watch_csp(page)
    log_in(page, p.ani.user.username, PASSWORD)
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    visit(
        page,
        [
            reverse("home"),
            reverse("activity-day"),
            reverse("activity-edit", kwargs={"pk": objects["activity"].pk}),
            reverse("activity-month"),
            reverse("leave-home"),
            reverse("skp-detail", kwargs={"pk": objects["skp"].pk}),
            reverse("dashboard:saya"),
            reverse("evaluation-mine"),
        ],
    )
    assert not violations, violations

    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    budi = context.new_page()
    budi.set_default_timeout(10_000)
    violations = watch_csp(budi)
    log_in(budi, p.budi.user.username, PASSWORD)
    expect(budi.get_by_role("button", name="Keluar")).to_be_visible()
    visit(
        budi,
        [
            reverse("evaluation-detail", kwargs={"pk": objects["evaluation"].pk}),
            reverse("skp-matrix"),
            reverse("dashboard:tim"),
        ],
    )
    # "Pilih semua" in the validation queue is validasi.js now, no longer an inline script.
    visit(budi, [reverse("activity-queue")])
    boxes = budi.locator("input[name=id]")
    expect(boxes.first).not_to_be_checked()
    budi.locator("#pilih-halaman").check()
    for index in range(boxes.count()):
        expect(boxes.nth(index)).to_be_checked()
    context.close()
    assert not violations, violations


def test_the_watch_hears_a_refused_inline_handler(page):
    # Proof the console watch is not blind: an injected on* handler is refused and reported.
    violations = watch_csp(page)
    page.goto(reverse("login"))
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"/tiada.png\" onerror=\"1\">')"
    )
    page.wait_for_timeout(500)
    assert any("inline event handler" in text for text in violations), violations
