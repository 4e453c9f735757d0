"""The daily-activity journey on a phone: the demo pegawai logs two activities in the day view,
the atasan bulk-approves them from the validation queue, and the pegawai's month view counts
the approved minutes.

The clock is set to a Wednesday afternoon (WIB) so that the entry rules (nothing in the future,
within the month) hold whenever the suite runs; the demo is seeded at that moment too."""

import datetime as dt
import re
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.org.models import Instansi
from ekinerja.people.demo import DEMO_INSTANSI_KODE, DEMO_PASSWORD, demo_logins
from ekinerja.people.models import Employee

from .conftest import log_in, phone_context, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2026, 11, 18, 15, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
FIRST = "Menyusun draf nota dinas rekap kehadiran pegawai"
SECOND = "Memverifikasi usulan kenaikan gaji berkala"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def log_activity(page, start: str, end: str, uraian: str) -> None:
    page.get_by_label("Jam mulai").fill(start)
    page.get_by_label("Jam selesai").fill(end)
    page.get_by_label("Uraian kegiatan").fill(uraian)
    page.get_by_label("Jumlah output").fill("1")
    page.get_by_label("Satuan output").fill("dokumen")
    page.get_by_role("button", name="Simpan aktivitas").click()
    expect(page.get_by_test_id("daftar-aktivitas")).to_contain_text(uraian)


def approved_november(employee) -> int:
    return sum(
        Activity.objects.filter(
            employee=employee, status=StatusAktivitas.DISETUJUI, tanggal__month=11
        ).values_list("menit", flat=True)
    )


@pytest.mark.usefixtures("clock")
def test_pegawai_logs_atasan_bulk_approves_month_view_counts(browser, live_server):
    call_command("seed_demo", "--employees", "150", "--allow-production", stdout=StringIO())
    logins = {
        login.peran: login for login in demo_logins(Instansi.objects.get(kode=DEMO_INSTANSI_KODE))
    }
    pegawai_login, atasan_login = logins["Pegawai"], logins["Atasan (pejabat penilai)"]
    pegawai = Employee.objects.get(user__username=pegawai_login.username)
    before = approved_november(pegawai)

    # The pegawai, on a phone: two activities today, each waiting for validation.
    context, phone = phone_context(browser, live_server.url)
    log_in(phone, pegawai_login.username, DEMO_PASSWORD)
    phone.goto("/aktivitas/")
    expect(phone.get_by_test_id("tanggal-tampil")).to_contain_text("hari ini")
    log_activity(phone, "07:30", "09:00", FIRST)
    log_activity(phone, "09:00", "10:30", SECOND)
    expect(phone.get_by_test_id("menit-hari").get_by_test_id("menit-menunggu")).to_have_text("180")
    screenshot(phone, "aktivitas-hari-ponsel")
    context.close()

    # The atasan, on a phone: the pegawai's chip filters the queue, all of it is approved.
    context, phone = phone_context(browser, live_server.url)
    log_in(phone, atasan_login.username, DEMO_PASSWORD)
    phone.goto("/aktivitas/validasi/")
    phone.get_by_test_id("per-pegawai").get_by_role(
        "link", name=re.compile(re.escape(pegawai.nama_lengkap))
    ).click()
    expect(phone.get_by_test_id("antrean")).to_contain_text(FIRST)
    expect(phone.get_by_test_id("antrean")).to_contain_text(SECOND)
    screenshot(phone, "aktivitas-validasi-ponsel")
    phone.get_by_label(re.compile("Pilih semua pada filter ini")).check()
    phone.get_by_role("button", name="Setujui").click()
    expect(phone.locator(".alert-success")).to_contain_text(re.compile(r"\d+ aktivitas disetujui"))
    context.close()
    today = Activity.objects.filter(employee=pegawai, tanggal=NOW.date())
    assert set(today.values_list("status", flat=True)) == {StatusAktivitas.DISETUJUI}
    # "All on this filter" approved the pegawai's earlier waiting activities of the month too.
    after = approved_november(pegawai)
    assert after >= before + 180

    # The pegawai's month view now counts the approved minutes, today's 180 among them.
    context, phone = phone_context(browser, live_server.url)
    log_in(phone, pegawai_login.username, DEMO_PASSWORD)
    phone.goto("/aktivitas/bulan/?bulan=2026-11")
    expect(phone.get_by_test_id("capaian-bulan")).to_contain_text(f"Menit disetujui {after}")
    expect(phone.get_by_test_id("kalender").locator("td[title^='18 November']")).to_contain_text(
        "180"
    )
    screenshot(phone, "aktivitas-bulan-ponsel")
    context.close()
