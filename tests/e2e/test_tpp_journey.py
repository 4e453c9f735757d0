"""The TPP journey: Citra, admin BKPSDM, adds the region's TPP policy through the policy form,
computes March 2026 for the whole instansi (the background worker runs while the page polls the
progress bar to 100%), reads the run, one employee's line and its breakdown, downloads the
daftar nominatif (Excel) and a slip (PDF), and finalises the month. Ani, whose edit form of a
waiting March activity is open on her phone, is then refused in Indonesian; Citra reopens the
month with a reason; Ani, on her phone, sees March in "TPP saya" with its components.

The clock is Thursday 2 April 2026 (WIB): March has ended and its activity entry is still open
(it closes on the 10th), so the only thing refusing Ani's edit is the finalised TPP."""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.allowance.calc import persen, rupiah
from ekinerja.allowance.choices import ProsesRun, StatusRun
from ekinerja.allowance.models import TppLine, TppRun
from ekinerja.allowance.testing import SIMPLE_POLICY
from ekinerja.attendance.choices import StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.core.models import AuditEvent, ClosedMonth
from ekinerja.people.testing import PASSWORD, build_personas

from .conftest import log_in, phone_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2026, 4, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
SHOTS = Path("/tmp/tpp-shots")
WAITING = "Rekap kasus DBD minggu ke-5"
REFUSED = "Bulan Maret 2026 sudah difinalisasi untuk pembayaran TPP"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page) -> None:
    page.wait_for_load_state()  # measured with the stylesheets applied
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"halaman melebar {width}px pada ponsel 390px"


def anis_march(personas) -> None:
    """Twelve approved mornings of three hours, one late day, and one activity still waiting
    for Budi on 31 March."""
    ani = personas.ani
    days = [dt.date(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17)]
    for day in days:
        Activity.objects.create(
            instansi=personas.instansi, employee=ani, tanggal=day, mulai=dt.time(8),
            selesai=dt.time(11), menit=180, uraian="Entri data surveilans mingguan",
            jumlah_output=Decimal(1), satuan="laporan", status=StatusAktivitas.DISETUJUI,
        )  # fmt: skip
    Activity.objects.create(
        instansi=personas.instansi, employee=ani, tanggal=dt.date(2026, 3, 31),
        mulai=dt.time(8), selesai=dt.time(10), menit=120, uraian=WAITING,
        jumlah_output=Decimal(1), satuan="laporan", status=StatusAktivitas.DIAJUKAN,
    )  # fmt: skip
    DailyAttendance.objects.create(
        instansi=personas.instansi, employee=ani, tanggal=dt.date(2026, 3, 10),
        status=StatusKehadiran.TERLAMBAT, menit_terlambat=45,
    )  # fmt: skip


def add_policy(page) -> None:
    page.locator("nav").get_by_text("TPP", exact=True).click()
    page.get_by_role("link", name="Kebijakan TPP").click()
    expect(page.get_by_test_id("daftar-kebijakan")).to_contain_text("Belum ada kebijakan TPP")
    page.get_by_role("link", name="Versi baru").click()
    page.get_by_label("Dokumen kebijakan (YAML)").fill(SIMPLE_POLICY)
    page.get_by_label("Catatan (dasar hukum, nomor Perbup)").fill("Perbup Uji 7/2026")
    page.get_by_role("button", name="Periksa dan simpan").click()
    expect(page.get_by_role("alert").filter(has_text="tersimpan").first).to_contain_text(
        "Kebijakan Uji 60/40"
    )
    expect(page.get_by_test_id("daftar-kebijakan")).to_contain_text("Berlaku")


def compute_march(page) -> TppRun:
    """Start the run, let the worker compute it and watch the progress bar reach 100%."""
    page.locator("nav").get_by_text("TPP", exact=True).click()
    page.get_by_role("link", name="Perhitungan TPP").click()
    form = page.get_by_test_id("form-hitung")
    expect(form.get_by_label("Bulan")).to_have_value("2026-03")  # the last ended month
    # The live server shares this thread's in-memory database connection. The page's progress
    # polls are held in the browser while this thread reads or runs the worker (a route is
    # answered only when this thread calls Playwright), so the two never use it at once.
    page.route("**/kemajuan/", lambda route: route.continue_())
    form.get_by_role("button", name="Hitung TPP").click()
    progress = page.get_by_test_id("kemajuan")
    expect(progress).to_contain_text("Menunggu giliran diproses")
    expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "0")
    shot(page, "run-waiting")
    run = TppRun.objects.get()
    assert run.proses == ProsesRun.MENUNGGU
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    expect(progress).to_contain_text("Selesai dihitung")
    page.unroute("**/kemajuan/")
    expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    expect(progress).to_contain_text("12 / 12 pegawai")
    progress.get_by_test_id("muat-hasil").click()
    run.refresh_from_db()
    assert run.proses == ProsesRun.SELESAI and run.jumlah_pegawai == 12
    return run


@pytest.mark.usefixtures("clock")
def test_admin_computes_finalises_and_reopens_march_ani_sees_her_tpp(browser, page, live_server):
    personas = build_personas()
    anis_march(personas)
    citra, ani = personas.user("citra"), personas.user("ani")

    # Citra: the policy first, through the form, then the run for March.
    log_in(page, citra.username, PASSWORD)
    add_policy(page)
    run = compute_march(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("TPP Maret 2026 · seluruh instansi")
    expect(page.get_by_test_id("status-run")).to_have_text("Draf")
    expect(page.get_by_test_id("rekap-opd")).to_contain_text("Dinas Kesehatan")
    total = sum(TppLine.objects.filter(run=run).values_list("bersih", flat=True))
    expect(page.get_by_test_id("jumlah-diterima")).to_contain_text(rupiah(total))
    lines = page.get_by_test_id("baris-tpp")
    expect(lines).to_contain_text("Ani Lestari")
    shot(page, "run-detail")

    # The Excel daftar nominatif is a real workbook.
    with page.expect_download() as download:
        page.get_by_role("link", name="Daftar nominatif (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = Path(download.value.path()).read_bytes()
    assert workbook[:2] == b"PK"
    sheet = load_workbook(BytesIO(workbook), read_only=True).active
    names = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert {"Ani Lestari", "Dodi Pratama"} <= names

    # Ani's line: the breakdown, then her slip as a PDF.
    lines.get_by_role("link", name="Ani Lestari").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("TPP Maret 2026: Ani Lestari")
    breakdown = page.get_by_test_id("rincian")
    expect(breakdown).to_contain_text("TPP bruto")
    expect(page.locator("body")).to_contain_text("Nilai kinerja")
    expect(page.locator("body")).to_contain_text("Nilai disiplin")
    line = TppLine.objects.get(run=run, employee=personas.ani)
    assert line.disiplin_persen < 100  # the late 10 March
    assert 0 < line.kinerja_persen < 100  # 36 approved hours, short of the month's target
    shot(page, "line-detail")
    slip = page.request.get(page.get_by_role("link", name="Slip TPP (PDF)").get_attribute("href"))
    assert slip.status == 200 and slip.headers["content-type"] == "application/pdf"
    assert slip.body()[:5] == b"%PDF-"

    # Ani, on her phone, opens her waiting 31 March activity to correct it...
    context, phone = phone_context(browser, live_server.url)
    log_in(phone, ani.username, PASSWORD)
    phone.goto("/aktivitas/?tanggal=2026-03-31")
    phone.get_by_test_id("aktivitas").filter(has_text=WAITING).get_by_role(
        "link", name="Ubah"
    ).click()
    expect(phone.get_by_role("button", name="Simpan perubahan")).to_be_visible()

    # ...while Citra finalises March.
    page.goto(f"/tpp/perhitungan/{run.pk}/")
    # Finalising locks every paid employee's month, so the page asks first.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("finalisasi").click()
    expect(
        page.get_by_role("alert").filter(has_text="final; bulan itu kini terkunci")
    ).to_be_visible()
    expect(page.get_by_test_id("status-run")).to_have_text("Final")
    assert ClosedMonth.objects.filter(run_id=run.pk).count() == 12

    # Ani saves: refused in Indonesian, and nothing changed.
    phone.get_by_label("Uraian kegiatan").fill(WAITING + " (revisi)")
    phone.get_by_role("button", name="Simpan perubahan").click()
    expect(phone.get_by_test_id("pesan-galat")).to_contain_text(REFUSED)
    expect(phone.get_by_test_id("pesan-galat")).to_contain_text("Minta admin BKPSDM membuka")
    assert Activity.objects.get(tanggal=dt.date(2026, 3, 31)).uraian == WAITING
    phone.goto("/aktivitas/?tanggal=2026-03-31")
    expect(phone.get_by_test_id("tanggal-tertutup")).to_contain_text(REFUSED)
    expect(phone.get_by_test_id("aktivitas").get_by_role("link", name="Ubah")).to_have_count(0)
    shot(phone, "activity-refused-phone")

    # Citra reopens with a reason, kept in the audit trail; the month is open again.
    reopen = page.get_by_test_id("form-buka")
    reopen.get_by_label("Alasan membuka kembali").fill("Koreksi presensi Maret dari OPD")
    reopen.get_by_role("button", name="Buka kembali").click()
    expect(page.get_by_test_id("status-run")).to_have_text("Draf")
    expect(page.get_by_test_id("finalisasi")).to_be_visible()
    run.refresh_from_db()
    assert run.status == StatusRun.DRAF and not ClosedMonth.objects.exists()
    event = AuditEvent.objects.get(action="tpp.dibuka_kembali")
    assert event.data["alasan"] == "Koreksi presensi Maret dari OPD"

    # Ani, on her phone: "TPP saya" holds March with its components, and nothing scrolls
    # sideways.
    phone.get_by_role("button", name="Menu").click()
    phone.locator("nav").get_by_text("TPP", exact=True).click()
    phone.get_by_role("link", name="TPP saya").click()
    history = phone.get_by_test_id("riwayat-tpp")
    march = history.get_by_role("row").filter(has_text="Maret 2026")
    for component in (persen(line.kinerja_persen), persen(line.disiplin_persen),
                      rupiah(line.bruto), rupiah(line.bersih), "Draf"):  # fmt: skip
        expect(march).to_contain_text(component)
    no_horizontal_scroll(phone)
    shot(phone, "tpp-saya-phone")
    march.get_by_role("link", name="Maret 2026").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("TPP Maret 2026")
    for step in ("Beban kerja: porsi kinerja", "Beban kerja: porsi disiplin", "TPP bruto"):
        expect(phone.get_by_test_id("rincian")).to_contain_text(step)
    expect(phone.get_by_test_id("diterima")).to_contain_text(rupiah(line.bersih))
    no_horizontal_scroll(phone)
    shot(phone, "tpp-saya-line-phone")
    context.close()
