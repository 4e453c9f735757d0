"""POST /api/v1/presensi/mesin: the device endpoint under the API, device token only."""

import pytest
from django.core.cache import cache

from ekinerja.attendance.models import DevicePin, Punch
from ekinerja.attendance.services_devices import issue_device_token
from ekinerja.attendance.tests.punch_helpers import make_devices, record_recompute

from .helpers import secret_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/presensi/mesin"
BATCH = {"punches": [{"pin": "7", "waktu": "2026-11-02 07:28:11", "status": "0"}]}


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    cache.clear()
    record_recompute(monkeypatch)
    yield
    cache.clear()


@pytest.fixture
def token(personas):
    devices = make_devices(personas)
    DevicePin.objects.create(
        instansi=personas.instansi, device=devices.dinkes, pin="7", employee=personas.ani
    )
    return issue_device_token(actor=personas.user("citra"), device=devices.dinkes)


def test_device_token_stores_punches(client, personas, token):
    headers = {"Authorization": f"Token {token}"}
    response = client.post(URL, BATCH, content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["baru"] == 1
    assert Punch.objects.filter(employee=personas.ani).count() == 1


def test_personal_tokens_and_anonymous_are_refused(client, personas, token):
    bearer = {"Authorization": f"Bearer {secret_for(personas.user('citra'))}"}
    assert (
        client.post(URL, BATCH, content_type="application/json", headers=bearer).status_code == 401
    )
    assert client.post(URL, BATCH, content_type="application/json").status_code == 401
    assert not Punch.objects.exists()


def test_malformed_body_is_400(client, personas, token):
    headers = {"Authorization": f"Token {token}"}
    response = client.post(URL, "{", content_type="application/json", headers=headers)
    assert response.status_code == 400 and "JSON tidak valid" in response.json()["galat"]
