"""The Content-Security-Policy (issue 10): every page carries it, and no page or template holds
an inline script, a <style> element, an on* handler or an hx-on attribute, which the policy
would refuse."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as conf
from django.urls import reverse

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.allowance.services_policy import save_policy
from ekinerja.allowance.testing import IMMEDIATE_TASKS, SIMPLE_POLICY, start
from ekinerja.appraisal import services as appraisal
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.attendance.models import Device, DevicePin, LeaveRequest
from ekinerja.planning.models import Indikator, Rhk

NOW = dt.datetime(2026, 4, 6, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))

# A <script> without src= that is not a json_script data block runs inline code.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", re.IGNORECASE)
# A <style> element: the policy takes style sheets from files only.
INLINE_STYLE = re.compile(r"<style\b", re.IGNORECASE)
# An event handler attribute (onclick=, onsubmit=...) or htmx's hx-on, which htmx evaluates.
HANDLER = re.compile(r"\son\w+\s*=|\s(?:data-)?hx-on[\w:.-]*\s*=", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    found = [m.group(0) for m in INLINE_SCRIPT.finditer(html)]
    found += [m.group(0) for m in INLINE_STYLE.finditer(html)]
    return found + [m.group(0).strip() for m in HANDLER.finditer(html)]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def build_pages_world(p) -> dict:
    """Ani's approved SKP with an evaluation opened by Budi, a submitted activity, a leave
    request, a device with a PIN and a computed TPP run: enough for each page to show its
    rows, forms and buttons. Run under the clock NOW, with tasks run at once."""
    period = make_period(p, "triwulanan")
    budi_skp = approved_skp(p, "budi", period)
    budi_rhk = Rhk.objects.create(skp=budi_skp, jenis="utama", urutan=1, teks="Data akurat")
    skp = approved_skp(p, "ani", period)
    rhk = Rhk.objects.create(skp=skp, jenis="utama", urutan=1, rhk_atasan=budi_rhk, teks="Laporan")
    Indikator.objects.create(
        rhk=rhk, urutan=1, aspek="kuantitas", uraian="Jumlah laporan", target_min=4,
        satuan="laporan",
    )  # fmt: skip
    evaluation = appraisal.open_evaluation(actor=p.user("budi"), skp=skp, periode_ke=1)
    activity = Activity.objects.create(
        instansi=p.instansi, employee=p.ani, tanggal=NOW.date(), mulai=dt.time(8),
        selesai=dt.time(9), menit=60, uraian="Mengolah data", jumlah_output=1,
        satuan="dokumen", status=StatusAktivitas.DIAJUKAN, diajukan_at=NOW,
    )  # fmt: skip
    LeaveRequest.objects.create(
        instansi=p.instansi, employee=p.ani, jenis="tahunan", mulai=dt.date(2026, 4, 20),
        selesai=dt.date(2026, 4, 20), status="diajukan", jumlah_hari=1,
        diajukan_oleh=p.user("ani"),
    )  # fmt: skip
    device = Device.objects.create(
        instansi=p.instansi, nama="Mesin Dinkes", serial="SN-1", unit=p.units["dinkes"]
    )
    DevicePin.objects.create(instansi=p.instansi, device=device, pin="7", employee=p.ani)
    save_policy(actor=p.citra.user, instansi=p.instansi, text=SIMPLE_POLICY)
    run = start(p)
    return {"skp": skp, "evaluation": evaluation, "activity": activity, "run": run}


@pytest.fixture
def world(personas, settings, tmp_path):
    settings.TASKS = IMMEDIATE_TASKS
    settings.MEDIA_ROOT = str(tmp_path)
    with time_machine.travel(NOW, tick=False):
        return build_pages_world(personas)


def pages(world, personas) -> list[tuple[str | None, str]]:
    """(persona, URL) pairs: each persona's everyday pages, the forms with confirmations, the
    chart pages and the evaluation document in its editable state."""
    ev, skp, run, p = world["evaluation"], world["skp"], world["run"], personas
    return [
        (None, reverse("login")),
        ("ani", reverse("home")),
        ("ani", reverse("activity-day")),
        ("ani", reverse("activity-edit", kwargs={"pk": world["activity"].pk})),
        ("ani", reverse("activity-month")),
        ("ani", reverse("leave-home")),
        ("ani", reverse("skp-detail", kwargs={"pk": skp.pk})),
        ("ani", reverse("dashboard:saya")),
        ("budi", reverse("activity-queue")),
        ("budi", reverse("skp-matrix")),
        ("budi", reverse("evaluation-detail", kwargs={"pk": ev.pk})),
        ("budi", reverse("dashboard:tim")),
        ("citra", reverse("home")),
        ("citra", reverse("tpp-runs")),
        ("citra", reverse("tpp-run", kwargs={"pk": run.pk})),
        ("citra", reverse("dashboard:region")),
        ("citra", reverse("dashboard:kematangan")),
        ("citra", reverse("dashboard:rollout")),
        ("citra", reverse("goals-overview")),
        ("citra", reverse("goals-pk", kwargs={"unit_id": p.units["dinkes"].pk, "tahun": 2026})),
        ("citra", reverse("punch-device-list")),
        ("citra", reverse("punch-pin-list")),
        ("citra", reverse("punch-upload")),
        ("citra", reverse("employee-list")),
        ("fajar", reverse("punch-device-list")),
        ("gita", reverse("dashboard:region")),
    ]  # fmt: skip


def test_the_policy_refuses_inline_script_eval_and_framing():
    policy = conf.SECURE_CSP
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in conf.MIDDLEWARE
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for values in policy.values():
        assert "'unsafe-eval'" not in values


def test_every_page_carries_the_policy_and_no_inline_code(world, personas, client):
    checked = 0
    with time_machine.travel(NOW, tick=False):
        for persona, url in pages(world, personas):
            client.logout()
            if persona:
                client.force_login(personas.user(persona))
            response = client.get(url)
            assert response.status_code == 200, f"{url} as {persona}: {response.status_code}"
            policy = directives(response["Content-Security-Policy"])
            assert policy["script-src"] == ["'self'"], url
            assert policy["frame-ancestors"] == ["'none'"], url
            html = response.content.decode()
            assert not inline_code(html), f"{url} as {persona}: {inline_code(html)}"
            checked += 1
    assert checked == len(pages(world, personas))


def test_htmx_is_told_not_to_inject_styles_or_evaluate(personas, client):
    client.force_login(personas.user("ani"))
    html = client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
    css = (Path(conf.BASE_DIR) / "static" / "css" / "app.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


def test_an_htmx_fragment_carries_the_policy_too(world, personas, client):
    client.force_login(personas.user("budi"))
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("activity-queue"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert not inline_code(response.content.decode())


def template_files() -> list[Path]:
    base = Path(conf.BASE_DIR)
    roots = [base / "templates", base / "ekinerja"]
    return sorted(path for root in roots for path in root.rglob("*.html"))


def test_no_template_holds_inline_code():
    files = template_files()
    assert len(files) > 100
    offenders = {
        str(path.relative_to(conf.BASE_DIR)): found
        for path in files
        if (found := inline_code(path.read_text(encoding="utf-8")))
    }
    assert not offenders, f"Inline script or handler in templates: {offenders}"


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">x()</script>',
        '<button onclick="x()">',
        '<form method="post" onsubmit="return confirm(1)">',
        '<div hx-on:click="x()">',
        '<div hx-on::after-request="x()">',
        "<style>.mph { position: sticky; }</style>",
    ],
)
def test_the_detector_finds_inline_code(html):
    assert inline_code(html)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/js/halaman.js"></script>',
        '<script id="chart-data" type="application/json">{"a": 1}</script>',
        '<button data-konfirmasi="Hapus?">',
        "<p>Tombol onboarding tersedia</p>",
    ],
)
def test_the_detector_accepts_scripts_from_files_and_data_blocks(html):
    assert not inline_code(html)
