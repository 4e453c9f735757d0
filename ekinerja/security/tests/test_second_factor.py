"""TOTP second factor: enrolment by admins only, the login step, recovery codes, switching off."""

import re

import pyotp
import pytest
from django.urls import reverse
from django.utils import timezone

from ekinerja.core.models import AuditEvent
from ekinerja.people.testing import PASSWORD
from ekinerja.security import totp
from ekinerja.security.models import LoginAttempt, TotpDevice

pytestmark = pytest.mark.django_db

MANAGE = "/keamanan/2fa/"
VERIFY = "/keamanan/2fa/verifikasi/"


def active_device(user) -> tuple[TotpDevice, list[str]]:
    codes = totp.new_recovery_codes()
    device = TotpDevice.objects.create(
        user=user,
        secret=totp.new_secret(),
        confirmed_at=timezone.now(),
        recovery_hashes=[totp.hash_recovery_code(c) for c in codes],
    )
    return device, codes


def current_code(device) -> str:
    return pyotp.TOTP(device.secret).now()


def test_urls_are_where_the_brief_says():
    assert reverse("security-2fa") == MANAGE and reverse("security-2fa-verify") == VERIFY


@pytest.mark.parametrize("name", ["citra", "fajar"])
def test_admins_enrol_confirm_and_get_ten_recovery_codes_once(name, personas, login):
    user = personas.user(name)
    client = login(user)
    assert client.get(MANAGE).status_code == 200
    assert client.post(MANAGE, {"aksi": "mulai"}).status_code == 302
    page = client.get(MANAGE)
    assert "<svg" in page.content.decode()
    device = TotpDevice.objects.get(user=user)
    assert device.confirmed_at is None

    wrong = client.post(MANAGE, {"aksi": "konfirmasi", "code": "000000"})
    assert wrong.status_code == 400 and "Kode tidak cocok" in wrong.content.decode()
    device.refresh_from_db()
    assert device.confirmed_at is None

    done = client.post(MANAGE, {"aksi": "konfirmasi", "code": current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.is_confirmed and len(device.recovery_hashes) == 10
    assert all(re.sub("-", "", c) not in str(device.recovery_hashes) for c in codes)
    assert AuditEvent.objects.filter(action="2fa.aktif", actor=user).exists()
    assert "codes" not in client.get(MANAGE).context


def test_a_superuser_may_enrol(client, personas, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x-12345678")
    client.force_login(root)
    assert client.get(MANAGE).status_code == 200


@pytest.mark.parametrize("name", ["ani", "hadi", "gita", "stranger"])
def test_non_admins_cannot_enrol(name, personas, login):
    client = login(personas.user(name))
    assert client.get(MANAGE).status_code == 404
    assert client.post(MANAGE, {"aksi": "mulai"}).status_code == 404
    assert not TotpDevice.objects.exists()


def test_login_with_a_device_needs_the_code_before_the_session_is_logged_in(client, personas):
    user = personas.user("citra")
    device, _ = active_device(user)
    response = client.post(
        reverse("login") + "?next=/pantauan/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302  # still anonymous

    wrong = client.post(VERIFY, {"code": "000000"})
    assert wrong.status_code == 400 and "_auth_user_id" not in client.session

    ok = client.post(VERIFY, {"code": current_code(device)})
    assert ok.status_code == 302 and ok["Location"] == "/pantauan/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not LoginAttempt.objects.filter(username=user.username).exists()


def test_a_used_code_cannot_be_replayed(client, personas):
    user = personas.user("citra")
    device, _ = active_device(user)
    code = current_code(device)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.logout()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert client.post(VERIFY, {"code": code}).status_code == 400


def test_a_recovery_code_works_once_and_is_audited(client, personas):
    user = personas.user("fajar")
    _, codes = active_device(user)
    shown = totp.format_recovery_code(codes[0])
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert client.post(VERIFY, {"code": shown}).status_code == 302
    assert AuditEvent.objects.filter(action="2fa.kode_pemulihan").count() == 1
    client.logout()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert client.post(VERIFY, {"code": shown}).status_code == 400


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, personas):
    user = personas.user("citra")
    device, _ = active_device(user)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    for _ in range(4):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    locked = client.post(VERIFY, {"code": "000000"})
    assert locked.status_code == 429 and "Terlalu banyak percobaan" in locked.content.decode()
    # The half-login is forgotten and the password step is refused while locked.
    gone = client.post(VERIFY, {"code": current_code(device)})
    assert gone["Location"] == reverse("login") and "_auth_user_id" not in client.session
    again = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert again.status_code == 429
    assert AuditEvent.objects.filter(action="login.kode_salah").count() == 5


def test_the_verification_page_without_a_password_step_goes_back_to_login(client, personas):
    response = client.get(VERIFY)
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_an_unsafe_next_is_ignored(client, personas):
    user = personas.user("citra")
    device, _ = active_device(user)
    client.post(
        reverse("login") + "?next=https://jahat.example/",
        {"username": user.username, "password": PASSWORD},
    )
    ok = client.post(VERIFY, {"code": current_code(device)})
    assert ok.status_code == 302 and "jahat" not in ok["Location"]


def test_switching_off_needs_a_current_code(personas, login):
    user = personas.user("citra")
    device, _ = active_device(user)
    client = login(user)
    assert client.post(MANAGE, {"aksi": "nonaktif", "code": "000000"}).status_code == 400
    assert TotpDevice.objects.filter(pk=device.pk).exists()
    assert (
        client.post(MANAGE, {"aksi": "nonaktif", "code": current_code(device)}).status_code == 302
    )
    assert not TotpDevice.objects.exists()
    assert AuditEvent.objects.filter(action="2fa.nonaktif", actor=user).exists()


def test_an_unknown_action_changes_nothing(personas, login):
    client = login(personas.user("citra"))
    assert client.post(MANAGE, {"aksi": "hapus-semua", "code": "1"}).status_code == 400
    assert not TotpDevice.objects.exists()
