"""Production settings pass Django's deployment checks (issue 10). Settings are read once at
import, so each production-like configuration runs in its own process."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"
SECURITY_WARNING = re.compile(r"\(security\.(W\d+)\)")


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a real deployment: DEBUG off, a strong key of its own, a public host
    name, and none of the test suite's relaxations (config/testenv.py)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EKINERJA_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )
    env.update(extra)
    return env


def run(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=production_env(tmp_path, **extra),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def security_warnings(tmp_path: Path, **extra: str) -> set[str]:
    result = run(tmp_path, str(MANAGE), "check", "--deploy", **extra)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return set(SECURITY_WARNING.findall(output))


def test_check_deploy_reports_no_security_warning(tmp_path):
    assert security_warnings(tmp_path, DJANGO_HSTS_PRELOAD="1") == set()


def test_only_the_preload_choice_is_left_to_the_domain_owner(tmp_path):
    # HSTS preload binds every subdomain of the pemda's domain and is slow to undo, so it stays
    # off until the owner of the domain turns it on; nothing else may be left to fix.
    assert security_warnings(tmp_path) == {"W021"}


def settings_of(tmp_path: Path, **extra: str) -> dict[str, str]:
    names = [
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "X_FRAME_OPTIONS",
    ]  # fmt: skip
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
        "django.setup(); from django.conf import settings as s; "
        f"[print(n, '=', repr(getattr(s, n))) for n in {names!r}]"
    )
    result = run(tmp_path, "-c", code, **extra)
    assert result.returncode == 0, result.stderr
    return dict(line.split(" = ", 1) for line in result.stdout.splitlines())


def test_production_defaults_are_https_only(tmp_path):
    values = settings_of(tmp_path)
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert values["SECURE_HSTS_SECONDS"] == "31536000"
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] == "True"
    assert values["SECURE_PROXY_SSL_HEADER"] == "None"
    assert values["SESSION_COOKIE_SECURE"] == values["CSRF_COOKIE_SECURE"] == "True"
    assert values["CSRF_COOKIE_HTTPONLY"] == "True"
    assert values["SESSION_COOKIE_SAMESITE"] == "'Lax'"
    assert values["X_FRAME_OPTIONS"] == "'DENY'"


def test_environment_overrides_for_a_proxy_and_a_shorter_hsts(tmp_path):
    values = settings_of(
        tmp_path, DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", DJANGO_HSTS_SECONDS="600"
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert values["SECURE_HSTS_SECONDS"] == "600"


def test_debug_sends_no_hsts_and_does_not_redirect(tmp_path):
    values = settings_of(tmp_path, DJANGO_DEBUG="1")
    assert values["SECURE_HSTS_SECONDS"] == "0"
    assert values["SECURE_SSL_REDIRECT"] == "False"


def test_the_test_suite_keeps_plain_http():
    # config/testenv.py turns secure cookies off for the live server; HTTPS redirects go with them.
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SESSION_COOKIE_SECURE is False
