"""Checking in from a phone: Ani at the office is recorded as on site; the same morning a phone
far away is recorded but flagged; a response lost on the way back is resent with the same key
and stored once; a refused location permission is explained.

The phones are Playwright contexts with a fixed geolocation; Dinas Kesehatan holds the office
point and Ani's seksi inherits it."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from ekinerja.attendance.models import Punch
from ekinerja.people.testing import PASSWORD

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OFFICE = {"latitude": -6.2, "longitude": 106.8}
# About 5.5 km north-east of the office.
FAR = {"latitude": -6.16, "longitude": 106.84}


@pytest.fixture
def office(personas):
    dinkes = personas.units["dinkes"]
    dinkes.latitude = Decimal(str(OFFICE["latitude"]))
    dinkes.longitude = Decimal(str(OFFICE["longitude"]))
    dinkes.save()
    return dinkes


def located_phone(browser, base_url: str, where: dict | None, accuracy: float = 12):
    """A phone-sized context that reports ``where`` (None: location permission not given)."""
    options = {}
    if where is not None:
        options = {"geolocation": {**where, "accuracy": accuracy}, "permissions": ["geolocation"]}
    context = browser.new_context(
        base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True, locale="id-ID", **options,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def open_checkin(page, personas) -> None:
    log_in(page, personas.ani.nip, PASSWORD)
    page.goto("/presensi/")
    expect(page.get_by_role("heading", name="Presensi hari ini")).to_be_visible()


def test_check_in_at_the_office_then_far_away_is_flagged(browser, live_server, personas, office):
    context, phone = located_phone(browser, live_server.url, OFFICE)
    open_checkin(phone, personas)
    expect(phone.get_by_test_id("belum-presensi")).to_be_visible()
    phone.get_by_role("button", name="Presensi masuk").click()
    expect(phone.get_by_test_id("status-presensi")).to_contain_text("tercatat")
    expect(phone.get_by_test_id("presensi")).to_have_count(1)
    expect(phone.get_by_test_id("presensi-sesuai")).to_be_visible()
    expect(phone.get_by_test_id("presensi")).to_contain_text("0 m dari kantor")
    expect(phone.get_by_role("button", name="Presensi pulang")).to_be_visible()
    screenshot(phone, "presensi-ponsel-di-kantor")
    context.close()

    punch = Punch.objects.get()
    assert (punch.jarak_m, punch.akurasi_m, punch.di_luar_lokasi) == (0, 12, False)
    assert len(punch.kunci) == 36  # crypto.randomUUID()
    # Two taps in the same second are one punch by design; a fast machine can log in again and
    # tap within that second, so the first punch is moved two seconds back.
    Punch.objects.filter(pk=punch.pk).update(waktu=punch.waktu - dt.timedelta(seconds=2))

    context, phone = located_phone(browser, live_server.url, FAR)
    open_checkin(phone, personas)
    expect(phone.get_by_test_id("presensi")).to_have_count(1)
    phone.get_by_role("button", name="Presensi pulang").click()
    status = phone.get_by_test_id("status-presensi")
    expect(status).to_contain_text("ditandai di luar lokasi")
    expect(status).to_contain_text("Di luar radius kantor")
    expect(phone.get_by_test_id("presensi")).to_have_count(2)
    expect(phone.get_by_test_id("presensi-ditandai")).to_have_count(1)
    expect(phone.get_by_test_id("alasan-ditandai")).to_contain_text("Di luar radius kantor")
    screenshot(phone, "presensi-ponsel-di-luar-lokasi")
    context.close()

    flagged = Punch.objects.get(di_luar_lokasi=True)
    assert 5_000 < flagged.jarak_m < 6_500
    assert Punch.objects.count() == 2


def test_a_lost_answer_is_resent_with_the_same_key_and_stored_once(
    browser, live_server, personas, office
):
    context, phone = located_phone(browser, live_server.url, OFFICE)
    open_checkin(phone, personas)
    lost = []

    def lose_first_answer(route):
        # The request reaches the server and is stored; its answer never reaches the phone.
        if not lost:
            lost.append(route.fetch().status)
            route.abort("connectionreset")
        else:
            route.continue_()

    phone.route("**/presensi/rekam/", lose_first_answer)
    phone.get_by_role("button", name="Presensi masuk").click()
    expect(phone.get_by_test_id("status-presensi")).to_contain_text("sudah tercatat")
    expect(phone.get_by_test_id("presensi")).to_have_count(1)
    context.close()

    assert lost == [201]
    assert Punch.objects.count() == 1


def test_a_refused_location_permission_is_explained(browser, live_server, personas, office):
    context, phone = located_phone(browser, live_server.url, None)
    open_checkin(phone, personas)
    phone.get_by_role("button", name="Presensi masuk").click()
    expect(phone.get_by_test_id("status-presensi")).to_contain_text("Izin lokasi ditolak")
    expect(phone.get_by_role("button", name="Presensi masuk")).to_be_enabled()
    context.close()
    assert not Punch.objects.exists()
