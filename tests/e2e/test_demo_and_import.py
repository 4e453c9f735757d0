"""The demo Pemda in a browser, and the staged import of employees."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ekinerja.people.demo import DEMO_PASSWORD, seed_demo
from ekinerja.people.models import Employee
from ekinerja.people.testing import PASSWORD
from ekinerja.people.tests.test_imports import hundred_rows, workbook

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_pegawai_logs_in_and_sees_profile_and_pejabat_penilai(page):
    demo = seed_demo(employees=150, seed=2026, today=dt.date(2026, 11, 1))
    logins = {login.peran: login for login in demo.logins}
    pegawai, atasan = logins["Pegawai"], logins["Atasan (pejabat penilai)"]
    log_in(page, pegawai.username, DEMO_PASSWORD)
    expect(page.get_by_test_id("profil")).to_contain_text(pegawai.nama)
    expect(page.get_by_test_id("pejabat-penilai")).to_contain_text(atasan.nama)
    screenshot(page, "demo-pegawai-beranda")


def test_admin_uploads_100_rows_sees_3_errors_then_applies_97(page, personas, tmp_path):
    upload = tmp_path / "pegawai.xlsx"
    upload.write_bytes(workbook(hundred_rows()))
    before = Employee.objects.count()
    log_in(page, personas.citra.nip, PASSWORD)
    page.get_by_role("link", name="Impor").click()
    page.locator("#file-pegawai").set_input_files(str(upload))
    page.locator("#file-pegawai").locator("xpath=..").get_by_role("button", name="Periksa").click()
    expect(page.get_by_role("button", name="Terapkan 97 baris valid")).to_be_visible()
    for message in ("NIP harus 18 digit", "pada NIP tidak ada", "Jenis kelamin tidak sesuai"):
        expect(page.locator("body")).to_contain_text(message)
    screenshot(page, "impor-pratinjau")
    assert Employee.objects.count() == before
    page.get_by_role("button", name="Terapkan 97 baris valid").click()
    expect(page.locator("body")).to_contain_text("97 baru")
    assert Employee.objects.count() == before + 97
