"""Main user journeys of the foundation, in a real browser."""

import pytest
from playwright.sync_api import expect

from ekinerja.people.testing import PASSWORD

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pegawai_logs_in_on_a_phone_and_sees_profile_and_penilai(phone, personas):
    log_in(phone, personas.ani.nip, PASSWORD)
    expect(phone.get_by_test_id("profil")).to_contain_text("Ani Lestari")
    expect(phone.get_by_test_id("jabatan")).to_contain_text("Pengelola Data Surveilans")
    expect(phone.get_by_test_id("pejabat-penilai")).to_contain_text("Budi Santoso")
    expect(phone.get_by_test_id("pejabat-penilai")).to_contain_text("Eka Saputra")
    screenshot(phone, "pegawai-beranda-ponsel")


def test_wrong_password_shows_a_message(page, personas):
    log_in(page, personas.ani.nip, "salah-sandi")
    expect(page.get_by_role("alert")).to_contain_text("NIP atau kata sandi salah")


def test_admin_searches_the_employee_list_and_opens_an_employee(page, personas):
    log_in(page, personas.citra.nip, PASSWORD)
    page.get_by_role("link", name="Pegawai").first.click()
    page.get_by_label("Cari nama atau NIP").fill("Lestari")
    expect(page.get_by_test_id("jumlah")).to_contain_text("1 pegawai")
    page.get_by_role("link", name="Ani Lestari").click()
    expect(page.get_by_test_id("pejabat-penilai")).to_contain_text("Budi Santoso")
    screenshot(page, "admin-halaman-pegawai")


def test_unit_tree_opens_down_to_a_unit(page, personas):
    log_in(page, personas.budi.nip, PASSWORD)
    page.get_by_role("link", name="Organisasi").click()
    expect(page.get_by_test_id("pohon-unit")).to_contain_text("Dinas Kesehatan")
    page.get_by_role("link", name="Dinas Kesehatan").first.click()
    page.get_by_role("link", name="Bidang P2P").click()
    page.get_by_role("link", name="Seksi Surveilans").click()
    expect(page.locator("table")).to_contain_text("Kepala Seksi Surveilans")
    screenshot(page, "unit-seksi")
