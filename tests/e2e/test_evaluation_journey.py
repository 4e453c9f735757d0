"""The evaluation journey: Budi, Ani's pejabat penilai, evaluates her March in the browser
(realisasi prefilled from her approved activities, feedback per item, the suggested ratings and
predikat updating as he rates, a deviation refused until he writes why); Ani, on her phone,
sees the predikat and accepts it.

The clock is 6 April 2026, so March is the latest ended period the sheet opens on."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from ekinerja.activity.models import Activity
from ekinerja.appraisal.choices import StatusEvaluasi
from ekinerja.appraisal.models import Evaluation
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.people.testing import PASSWORD, build_personas
from ekinerja.planning.models import Indikator, PeriodTarget, Rhk

from .conftest import log_in, phone_context, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2026, 4, 6, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def ani_with_an_approved_skp(personas):
    skp = approved_skp(personas, "ani", make_period(personas))
    rhk = Rhk.objects.create(skp=skp, jenis="utama", urutan=1, teks="Data surveilans mingguan")
    for urutan, (uraian, target) in enumerate(
        [("Laporan surveilans mingguan", 4), ("Rapat koordinasi lintas program", 2)], start=1
    ):
        indikator = Indikator.objects.create(
            rhk=rhk, urutan=urutan, aspek="kuantitas", uraian=uraian, target_min=target * 12,
            satuan="dokumen",
        )  # fmt: skip
        PeriodTarget.objects.create(indikator=indikator, periode_ke=3, target=target)
    laporan = Indikator.objects.get(uraian__startswith="Laporan")
    for day in (dt.date(2026, 3, 6), dt.date(2026, 3, 13), dt.date(2026, 3, 20)):
        Activity.objects.create(
            instansi=personas.instansi, employee=personas.ani, tanggal=day, mulai=dt.time(8),
            selesai=dt.time(10), menit=120, indikator=laporan, uraian="Menyusun laporan",
            jumlah_output=Decimal(1), satuan="dokumen", status="disetujui",
        )  # fmt: skip
    return skp


@pytest.mark.usefixtures("clock")
def test_budi_evaluates_anis_month_and_ani_sees_the_predikat(browser, page, live_server):
    personas = build_personas()
    ani_with_an_approved_skp(personas)

    # Budi: from the menu to his sheet for March, then Ani's form.
    log_in(page, personas.user("budi").username, PASSWORD)
    page.locator("nav").get_by_text("Evaluasi", exact=True).click()
    page.get_by_role("link", name="Evaluasi bawahan").click()
    sheet = page.get_by_test_id("daftar-evaluasi")
    expect(page.get_by_label("Periode evaluasi 2026")).to_have_value("3")
    expect(sheet).to_contain_text("Ani Lestari")
    expect(sheet).to_contain_text("Belum dibuka")
    sheet.get_by_role("row", name="Ani Lestari").get_by_role("button", name="Evaluasi").click()

    form = page.get_by_test_id("form-evaluasi")
    expect(page.get_by_test_id("identitas")).to_contain_text("Ani Lestari")
    laporan = page.get_by_label("Realisasi Laporan surveilans mingguan")
    expect(laporan).to_have_value("3")  # three approved reports in March
    page.get_by_label("Bukti dukung").first.fill("Arsip laporan minggu 1-3 di folder bidang.")
    page.get_by_label("Umpan balik").first.fill("Laporan rapi dan tepat waktu.")
    page.get_by_label("Penilaian Laporan surveilans mingguan").select_option("di_atas")
    page.get_by_label("Penilaian Rapat koordinasi lintas program").select_option("di_atas")
    for nilai in ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal",
                  "Adaptif", "Kolaboratif"):  # fmt: skip
        page.get_by_label(f"Penilaian {nilai}", exact=True).select_option("sesuai")
    # The suggestions and the predikat follow the ratings on the page.
    expect(page.get_by_label("Rating Hasil Kerja")).to_contain_text("Ikuti saran: Di Atas")
    expect(page.get_by_test_id("pratinjau-predikat")).to_have_text("Baik")

    # Rating Perilaku above the suggestion without a reason: refused, nothing lost.
    page.get_by_label("Rating Perilaku Kerja").select_option("di_atas")
    expect(page.get_by_test_id("pratinjau-predikat")).to_have_text("Sangat Baik")
    form.get_by_role("button", name="Tetapkan").click()
    expect(page.get_by_test_id("kesalahan")).to_contain_text("alasan")
    expect(page.get_by_label("Umpan balik").first).to_have_value("Laporan rapi dan tepat waktu.")
    assert Evaluation.objects.get().status == StatusEvaluasi.DRAF
    screenshot(page, "evaluasi-penilai-ditolak")

    page.locator("#alasan_perilaku").fill("Memimpin penanganan KLB campak di luar jam kerja.")
    form.get_by_role("button", name="Tetapkan").click()
    expect(page.locator(".alert-success")).to_contain_text("predikat Sangat Baik")
    expect(page.get_by_test_id("daftar-evaluasi")).to_contain_text("Sangat Baik")
    expect(page.get_by_test_id("kemajuan")).to_contain_text("1 dari 1")
    screenshot(page, "evaluasi-penilai-daftar")

    # Ani, on her phone: the predikat, then she accepts it.
    context, phone = phone_context(browser, live_server.url)
    log_in(phone, personas.user("ani").username, PASSWORD)
    phone.goto("/evaluasi/saya/")
    mine = phone.get_by_test_id("evaluasi-saya")
    expect(mine).to_contain_text("Maret 2026")
    expect(mine).to_contain_text("Sangat Baik")
    mine.get_by_role("link").first.click()
    expect(phone.get_by_test_id("hasil-evaluasi")).to_contain_text("Sangat Baik")
    expect(phone.get_by_test_id("hasil-kerja")).to_contain_text("Laporan rapi dan tepat waktu.")
    screenshot(phone, "evaluasi-pegawai-ponsel")
    phone.get_by_role("button", name="Terima hasil evaluasi").click()
    expect(phone.locator(".alert-success")).to_contain_text("Hasil evaluasi Anda terima")
    expect(phone.get_by_test_id("status-evaluasi")).to_have_text("Diterima pegawai")
    context.close()
    assert Evaluation.objects.get().status == StatusEvaluasi.DITERIMA
