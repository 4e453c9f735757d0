"""Official documents in the browser: Citra prints every slip of March into one ZIP (the worker
runs while the page polls its progress), downloads it, and a bank clerk with no account checks
one slip's code on the public verification page, then a mistyped and an unknown code."""

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from ekinerja.allowance import services
from ekinerja.allowance.services_policy import save_policy
from ekinerja.allowance.testing import SIMPLE_POLICY
from ekinerja.people.testing import PASSWORD, build_personas
from ekinerja.reports import verification
from ekinerja.reports.models import IssuedDocument, PrintBatch

from .conftest import log_in, phone_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2026, 4, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def run_worker() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@pytest.mark.usefixtures("clock")
def test_batch_of_slips_and_public_verification(browser, page, live_server):
    personas = build_personas()
    citra = personas.user("citra")
    save_policy(actor=citra, instansi=personas.instansi, text=SIMPLE_POLICY)
    run = services.start_run(actor=citra, instansi=personas.instansi, tahun=2026, bulan=3)
    run_worker()

    log_in(page, citra.username, PASSWORD)
    page.goto(f"/tpp/perhitungan/{run.pk}/")
    # As in the TPP journey: polls wait in the browser while this thread runs the worker.
    page.route("**/kemajuan/", lambda route: route.continue_())
    page.get_by_test_id("slip-massal").click()
    progress = page.get_by_test_id("kemajuan-cetak")
    expect(progress).to_contain_text("Menunggu giliran")
    expect(progress).to_contain_text("0 / 12 dokumen")
    run_worker()
    expect(progress).to_contain_text("12 / 12 dokumen")
    page.unroute("**/kemajuan/")
    with page.expect_download() as download:
        progress.get_by_test_id("unduh-zip").click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
        assert len(archive.namelist()) == 12
    assert PrintBatch.objects.get().selesai == 12

    ani_slip = IssuedDocument.objects.get(pegawai_nama="Ani Lestari")
    printed = verification.printed(ani_slip.kode)
    context, clerk = phone_context(browser, live_server.url)  # no login
    clerk.goto(f"/v/{printed}/")
    result = clerk.get_by_test_id("hasil-verifikasi")
    expect(result).to_contain_text("Dokumen terdaftar.")
    expect(result).to_contain_text("DRAF")  # March is not final yet
    expect(clerk.locator("body")).to_contain_text("Ani Lestari")
    expect(clerk.get_by_test_id("sidik")).to_have_text(ani_slip.sidik)

    altered = ani_slip.kode[:3] + ("0" if ani_slip.kode[3] != "0" else "1") + ani_slip.kode[4:]
    form = clerk.get_by_test_id("form-verifikasi")
    form.get_by_label("Kode verifikasi pada dokumen").fill(altered.lower())
    form.get_by_role("button", name="Periksa").click()
    expect(clerk.get_by_test_id("hasil-verifikasi")).to_contain_text("Kode tidak valid.")
    unknown = verification.new_code()
    clerk.goto(f"/v/{unknown}/")
    expect(clerk.get_by_test_id("hasil-verifikasi")).to_contain_text("Kode tidak terdaftar.")
    width = clerk.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"halaman melebar {width}px pada ponsel 390px"
    context.close()


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True):
        yield
