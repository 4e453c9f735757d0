"""Authentication: personal tokens (hashed, revocable, expiring), the browser session with
CSRF, 401 JSON for everyone else, and the offline docs."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from ekinerja.api.models import ApiToken
from ekinerja.api.tokens import hash_secret

from .helpers import Api, secret_for

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_json_not_the_login_page(client, personas):
    response = client.get("/api/v1/pegawai")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Autentikasi diperlukan" in response.json()["galat"]


def test_a_token_authenticates_and_only_its_hash_is_stored(client, personas):
    secret = secret_for(personas.user("ani"))
    token = ApiToken.objects.get()
    assert token.token_hash == hash_secret(secret) and secret not in token.token_hash
    response = Api(client, secret).get(f"/pegawai/{personas.ani.pk}")
    assert response.status_code == 200 and response.json()["nama"] == personas.ani.nama
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("secret", ["salah", "", "x" * 500, "ek_\u00e9\ud800"])
def test_unknown_tokens_get_401(client, personas, secret):
    response = client.get("/api/v1/pegawai", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_a_revoked_token_gets_401(client, personas):
    secret = secret_for(personas.user("ani"))
    ApiToken.objects.update(revoked_at=timezone.now())
    assert Api(client, secret).get("/pegawai").status_code == 401


def test_an_expired_token_gets_401(client, personas):
    secret = secret_for(personas.user("ani"), hari=1)
    assert Api(client, secret).get("/pegawai").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert Api(client, secret).get("/pegawai").status_code == 401


def test_a_deactivated_account_token_gets_401(client, personas):
    user = personas.user("ani")
    secret = secret_for(user)
    user.is_active = False
    user.save()
    assert Api(client, secret).get("/pegawai").status_code == 401


def test_the_session_works_and_unsafe_methods_need_csrf(personas):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.user("ani"))
    assert browser.get("/api/v1/aktivitas").status_code == 200
    response = browser.post("/api/v1/cuti", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["galat"]


def test_openapi_document_and_offline_docs(client, personas):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/pegawai" in schema.json()["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    # Every file the page names is served (a wrong base once left the page blank).
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"):
        assert f'"/api/v1/docs/aset/{name}"' in html
        assert client.get(f"/api/v1/docs/aset/{name}").status_code == 200
    assert client.get("/api/v1/docs/aset/..%2Fsettings.py").status_code == 404


def test_every_operation_declares_its_error_responses(client, personas):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for operations in paths.values():
        for operation in operations.values():
            assert {"400", "401"} & set(operation["responses"]), operation["operationId"]
