"""The leave journey on phones: Ani asks for five days of cuti tahunan with a letter attached
and sees the days held from her balance; Budi, her pejabat penilai, approves from his inbox;
Ani sees the request approved and the days used.

The clock is set to a Monday morning (WIB) so the dates asked for lie ahead whenever the
suite runs."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from ekinerja.attendance.choices import StatusPengajuan
from ekinerja.attendance.models import LeaveRequest
from ekinerja.people.testing import PASSWORD, build_personas

from .conftest import log_in, phone_context, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
PDF = b"%PDF-1.4\n% surat permohonan cuti\n" + b"0" * 256


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.usefixtures("clock")
def test_ani_requests_budi_approves_ani_sees_it(browser, live_server):
    personas = build_personas()
    ani, budi = personas.user("ani"), personas.user("budi")

    # Ani, on a phone: five working days, a PDF letter, and the balance holds them.
    context, phone = phone_context(browser, live_server.url)
    log_in(phone, ani.username, PASSWORD)
    phone.goto("/presensi/cuti/")
    expect(phone.get_by_test_id("saldo-sisa")).to_have_text("12")
    phone.get_by_label("Jenis cuti/izin").select_option("tahunan")
    phone.get_by_label("Tanggal mulai").fill("2026-11-09")
    phone.get_by_label("Tanggal selesai").fill("2026-11-13")
    phone.get_by_label("Keterangan / alasan").fill("Menghadiri pernikahan adik")
    phone.get_by_label("Lampiran").set_input_files(
        files=[{"name": "surat-cuti.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    phone.get_by_role("button", name="Ajukan").click()
    expect(phone.locator(".alert-success")).to_contain_text("5 hari kerja diajukan")
    expect(phone.get_by_test_id("saldo-menunggu")).to_have_text("5")
    expect(phone.get_by_test_id("saldo-sisa")).to_have_text("7")
    expect(phone.get_by_test_id("daftar-cuti")).to_contain_text("Diajukan")
    screenshot(phone, "cuti-ajukan-ponsel")
    context.close()

    # Budi, on a phone: the inbox holds Ani's request; the letter opens; he approves.
    context, phone = phone_context(browser, live_server.url)
    log_in(phone, budi.username, PASSWORD)
    phone.goto("/presensi/cuti/persetujuan/")
    inbox = phone.get_by_test_id("kotak-masuk-cuti")
    expect(inbox).to_contain_text("Ani Lestari")
    expect(inbox).to_contain_text("Cuti tahunan · 5 hari kerja")
    inbox.get_by_role("link", name="Periksa").click()
    expect(phone.get_by_test_id("lampiran")).to_contain_text("surat-cuti")
    letter = phone.request.get(phone.get_by_test_id("lampiran").get_attribute("href"))
    assert letter.status == 200 and letter.body() == PDF
    screenshot(phone, "cuti-periksa-ponsel")
    phone.get_by_test_id("keputusan").get_by_role("button", name="Setujui").click()
    expect(phone.locator(".alert-success")).to_contain_text("disetujui")
    expect(phone.get_by_test_id("tanpa-pengajuan")).to_be_visible()
    context.close()
    leave = LeaveRequest.objects.get(employee=personas.ani)
    assert leave.status == StatusPengajuan.DISETUJUI
    assert leave.diputus_oleh_id == personas.budi.pk

    # Ani again: approved, and the days now count as used.
    context, phone = phone_context(browser, live_server.url)
    log_in(phone, ani.username, PASSWORD)
    phone.goto("/presensi/cuti/")
    expect(phone.get_by_test_id("daftar-cuti")).to_contain_text("Disetujui")
    expect(phone.get_by_test_id("daftar-cuti")).to_contain_text("Diputus oleh Budi Santoso")
    expect(phone.get_by_test_id("saldo-digunakan")).to_have_text("5")
    expect(phone.get_by_test_id("saldo-sisa")).to_have_text("7")
    screenshot(phone, "cuti-disetujui-ponsel")
    context.close()
