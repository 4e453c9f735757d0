"""The token pages: create (the secret shown once), list one's own, revoke one's own."""

import pytest

from ekinerja.api.models import ApiToken
from ekinerja.core.models import AuditEvent

from .helpers import secret_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/token-saya/"


def test_anonymous_is_sent_to_login(client, personas):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_creating_a_token_shows_the_secret_once(login, personas):
    client = login(personas.user("ani"))
    response = client.post(URL, {"nama": "HP Android", "berlaku_hari": "30"})
    assert response.status_code == 201
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(token.awalan) and token.expires_at is not None
    assert AuditEvent.objects.filter(action="api_token:issue").exists()
    again = client.get(URL)
    assert secret not in again.content.decode() and "HP Android" in again.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [({"nama": ""}, "wajib diisi"), ({"nama": "x", "berlaku_hari": "999"}, "366 hari")],
)
def test_bad_input_is_refused_and_nothing_stored(login, personas, data, message):
    response = login(personas.user("ani")).post(URL, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_ones_own_tokens(login, personas):
    secret_for(personas.user("budi"), nama="Token Budi")
    response = login(personas.user("ani")).get(URL)
    assert response.status_code == 200 and "Token Budi" not in response.content.decode()


def test_owner_revokes_and_others_get_404(login, personas):
    secret_for(personas.user("ani"), nama="Lama")
    token = ApiToken.objects.get()
    url = f"{URL}{token.pk}/cabut/"
    assert login(personas.user("budi")).post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert login(personas.user("ani")).post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token:revoke").exists()
    assert login(personas.user("ani")).post(url).status_code == 400
