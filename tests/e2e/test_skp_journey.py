"""The SKP journey in a browser: the demo pegawai drafts and submits an SKP whose RHK intervenes
the atasan's RHK, the atasan approves it from the inbox and finds it in the matriks peran hasil.

Texts and hooks the pages must offer: "/kinerja/" with the button "Mulai SKP"; on the SKP page
the link "Tambah RHK utama", the fields "Rencana hasil kerja (RHK)" and "RHK pimpinan yang
diintervensi" (option values are RHK ids), the button "Simpan RHK", the link "Tambah indikator",
the fields "Indikator kinerja individu (IKI)", "Aspek", "Target", "Satuan", the buttons "Simpan
indikator", "Ajukan ke pejabat penilai" and "Setujui", the status badge `status-skp` in
`#skp-status`; "/kinerja/persetujuan/" with a "Periksa" link on the row of a submitted SKP; the
matrix rows `mph-row` with the RHK text in `mph-rhk`.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ekinerja.org.models import Instansi
from ekinerja.people.demo import DEMO_INSTANSI_KODE, DEMO_PASSWORD, demo_logins
from ekinerja.people.models import Employee
from ekinerja.planning.choices import JenisRhk, StatusSkp
from ekinerja.planning.models import Rhk, Skp

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RHK_TEKS = "Tersusunnya rekap data kepegawaian bulanan Dinas Kesehatan"


def seed_small_demo():
    call_command("seed_demo", "--employees", "150", "--allow-production", stdout=StringIO())
    logins = {
        login.peran: login for login in demo_logins(Instansi.objects.get(kode=DEMO_INSTANSI_KODE))
    }
    return logins["Pegawai"], logins["Atasan (pejabat penilai)"]


def log_out(page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_label("Kata sandi")).to_be_visible()


def test_pegawai_submits_an_skp_the_atasan_approves_it_and_sees_it_in_the_matrix(page):
    pegawai, atasan = seed_small_demo()
    atasan_rhk = (
        Rhk.objects.filter(skp__employee__user__username=atasan.username, jenis=JenisRhk.UTAMA)
        .order_by("urutan")
        .first()
    )
    assert atasan_rhk is not None and atasan_rhk.skp.status == StatusSkp.DISETUJUI
    me = Employee.objects.get(user__username=pegawai.username)
    assert not Skp.objects.filter(employee=me).exists()

    # The pegawai drafts the SKP: one RHK intervening the atasan's RHK, with one indicator.
    log_in(page, pegawai.username, DEMO_PASSWORD)
    page.goto("/kinerja/")
    page.get_by_role("button", name="Mulai SKP").click()
    expect(page).to_have_url(re.compile(r"/kinerja/skp/\d+/"))
    page.get_by_role("link", name="Tambah RHK utama").click()
    form = page.get_by_test_id("form-rhk")
    form.get_by_label("Rencana hasil kerja (RHK)").fill(RHK_TEKS)
    form.get_by_label("RHK pimpinan yang diintervensi").select_option(str(atasan_rhk.pk))
    form.get_by_role("button", name="Simpan RHK").click()
    expect(page.locator("#hasil-kerja")).to_contain_text(RHK_TEKS)
    page.get_by_role("link", name="Tambah indikator").first.click()
    form = page.get_by_test_id("form-indikator")
    form.get_by_label("Indikator kinerja individu (IKI)").fill("Jumlah rekap data kepegawaian")
    form.get_by_label("Aspek").select_option("kuantitas")
    form.get_by_label("Target", exact=True).fill("12")
    form.get_by_label("Satuan").fill("laporan")
    form.get_by_role("button", name="Simpan indikator").click()
    expect(page.locator("#hasil-kerja")).to_contain_text("Jumlah rekap data kepegawaian")
    screenshot(page, "skp-pegawai-draf")
    page.get_by_role("button", name="Ajukan ke pejabat penilai").click()
    expect(page.locator("#skp-status").get_by_test_id("status-skp")).to_have_text("Diajukan")
    skp = Skp.objects.get(employee=me)
    assert skp.status == StatusSkp.DIAJUKAN
    assert skp.rhk.get().rhk_atasan_id == atasan_rhk.pk
    log_out(page)

    # The atasan approves it from the inbox.
    log_in(page, atasan.username, DEMO_PASSWORD)
    page.goto("/kinerja/persetujuan/")
    row = page.get_by_role("row").filter(has_text=me.nama_lengkap)
    row.get_by_role("link", name="Periksa").click()
    expect(page).to_have_url(re.compile(rf"/kinerja/skp/{skp.pk}/"))
    expect(page.locator("#hasil-kerja")).to_contain_text(RHK_TEKS)
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator("#skp-status").get_by_test_id("status-skp")).to_have_text("Disetujui")
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DISETUJUI and skp.penilai.user.username == atasan.username

    # The matrix shows the new RHK in the row of the RHK it intervenes, linked to the SKP.
    page.goto("/kinerja/matriks/")
    matrix_row = page.get_by_test_id("mph-row").filter(
        has=page.get_by_test_id("mph-rhk").get_by_text(atasan_rhk.teks, exact=True)
    )
    expect(matrix_row).to_have_count(1)
    cell = matrix_row.get_by_test_id("mph-cell").filter(has_text=RHK_TEKS)
    expect(cell).to_have_count(1)
    expect(cell.get_by_role("link", name=RHK_TEKS)).to_have_attribute(
        "href", f"/kinerja/skp/{skp.pk}/"
    )
    expect(cell.get_by_test_id("mph-status")).to_have_text("Disetujui")
    screenshot(page, "matriks-peran-hasil")


def test_the_matrix_scrolls_sideways_on_a_phone(phone):
    _, atasan = seed_small_demo()
    log_in(phone, atasan.username, DEMO_PASSWORD)
    phone.goto("/kinerja/matriks/")
    table = phone.get_by_test_id("matriks")
    expect(table).to_be_visible()
    first = phone.get_by_test_id("mph-row").first.locator("th")
    expect(first).to_have_css("position", "sticky")
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390 + 1  # the page itself does not scroll sideways, the table does
    assert table.evaluate("element => element.scrollWidth > element.clientWidth")
    screenshot(phone, "matriks-peran-hasil-ponsel")
