"""Password hashing and rules, and the login lockout, through the real login page."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from ekinerja.core.models import AuditEvent
from ekinerja.people.models import User
from ekinerja.people.testing import PASSWORD
from ekinerja.security.models import LoginAttempt

pytestmark = pytest.mark.django_db

REAL_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]


def post_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_settings_put_argon2_first():
    from config import settings as project

    assert (
        project.AUTH_PASSWORD_VALIDATORS[-1]["NAME"] == "ekinerja.people.passwords.NoNipValidator"
    )
    # The test run overrides the hashers for speed; the module keeps Argon2 first otherwise.
    source = Path(project.__file__).read_text()
    assert '"django.contrib.auth.hashers.Argon2PasswordHasher",' in source


@override_settings(PASSWORD_HASHERS=REAL_HASHERS)
def test_a_new_password_is_hashed_with_argon2(personas):
    user = User.objects.create_user(username="baru", password="Sandi-Baru-2026")
    assert user.password.startswith("argon2$")


@override_settings(PASSWORD_HASHERS=REAL_HASHERS)
def test_a_pbkdf2_hash_is_upgraded_at_the_next_login(client, personas):
    user = personas.user("ani")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert post_login(client, personas.ani.nip, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


def test_setting_a_password_applies_the_rules_in_indonesian(personas, login):
    url = reverse("employee-set-password", args=[personas.ani.pk])
    client = login(personas.user("citra"))
    for bad, message in [
        ("pendek-1", "10 karakter"),
        ("12345678901234", "seluruhnya terdiri dari angka"),
        (f"x{personas.ani.nip}", "NIP"),
    ]:
        response = client.post(url, {"password1": bad, "password2": bad})
        assert response.status_code == 400
        assert message in response.content.decode()
    user = personas.user("ani")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_five_failures_lock_the_username_even_for_the_right_password(client, personas):
    nip = personas.ani.nip
    for _ in range(5):
        assert post_login(client, nip, "salah-sekali").status_code == 200
    response = post_login(client, nip, PASSWORD)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Refused attempts are not checked, so they are not counted either.
    assert LoginAttempt.objects.filter(username=nip).count() == 5
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"login.gagal", "login.dikunci"} <= actions
    event = AuditEvent.objects.filter(action="login.dikunci").get()
    assert event.instansi_id == personas.instansi.pk and event.actor is None


def test_the_lock_message_is_the_same_for_an_unknown_account(client, personas):
    for _ in range(5):
        post_login(client, "tidak-ada", "salah-sekali")
    unknown = post_login(client, "tidak-ada", "salah-sekali")
    for _ in range(5):
        post_login(client, personas.ani.nip, "salah-sekali")
    known = post_login(client, personas.ani.nip, "salah-sekali")
    assert unknown.status_code == known.status_code == 429
    assert unknown.context["form"].non_field_errors() == known.context["form"].non_field_errors()


def test_the_lock_ends_after_fifteen_minutes(client, personas):
    nip = personas.ani.nip
    for _ in range(5):
        post_login(client, nip, "salah-sekali")
    assert post_login(client, nip, PASSWORD).status_code == 429
    LoginAttempt.objects.update(created_at=timezone.now() - dt.timedelta(minutes=16))
    assert post_login(client, nip, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_username_count(client, personas):
    nip = personas.ani.nip
    for _ in range(4):
        post_login(client, nip, "salah-sekali")
    assert post_login(client, nip, PASSWORD).status_code == 302
    assert not LoginAttempt.objects.filter(username=nip).exists()
    client.logout()
    for _ in range(4):
        post_login(client, nip, "salah-sekali")
    assert post_login(client, nip, PASSWORD).status_code == 302


def test_other_accounts_are_not_locked_by_someone_elses_failures(client, personas):
    for _ in range(5):
        post_login(client, personas.ani.nip, "salah-sekali", ip="10.0.0.1")
    assert post_login(client, personas.budi.nip, PASSWORD, ip="10.0.0.1").status_code == 302


@override_settings(EKINERJA_LOGIN_MAX_GAGAL_IP=6)
def test_one_address_trying_many_usernames_is_locked(client, personas):
    for index in range(6):
        post_login(client, f"tebakan{index}", "salah-sekali", ip="10.9.9.9")
    assert post_login(client, personas.ani.nip, PASSWORD, ip="10.9.9.9").status_code == 429
    assert post_login(client, personas.ani.nip, PASSWORD, ip="10.0.0.2").status_code == 302


@override_settings(EKINERJA_LOGIN_MAX_GAGAL=2)
def test_the_limit_comes_from_settings(client, personas):
    for _ in range(2):
        post_login(client, personas.ani.nip, "salah-sekali")
    assert post_login(client, personas.ani.nip, PASSWORD).status_code == 429


def test_failures_older_than_a_day_are_pruned(client, personas):
    old = LoginAttempt.objects.create(username="lama", ip="10.0.0.9")
    LoginAttempt.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    post_login(client, personas.ani.nip, "salah-sekali")
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == [personas.ani.nip]


def test_the_address_comes_from_the_proxy_header_only_when_configured(client, personas):
    headers = {"HTTP_X_REAL_IP": "192.0.2.7"}
    client.post(
        reverse("login"), {"username": "x", "password": "y"}, REMOTE_ADDR="10.0.0.1", **headers
    )
    with override_settings(EKINERJA_LOGIN_IP_HEADER="HTTP_X_REAL_IP"):
        client.post(
            reverse("login"), {"username": "x", "password": "y"}, REMOTE_ADDR="10.0.0.1", **headers
        )
    assert list(LoginAttempt.objects.order_by("id").values_list("ip", flat=True)) == [
        "10.0.0.1",
        "192.0.2.7",
    ]
