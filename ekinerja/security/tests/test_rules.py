"""Pure rules: the lockout deadline, TOTP steps and recovery codes, the NIP password rule."""

import datetime as dt

import pyotp
import pytest
from django.core.exceptions import ValidationError

from ekinerja.people.passwords import NoNipValidator
from ekinerja.security import lockout, totp

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
POLICY = lockout.Policy(
    max_failures=5, window=dt.timedelta(minutes=15), lockout=dt.timedelta(minutes=15)
)


def minutes(*values: int) -> list[dt.datetime]:
    return [T0 + dt.timedelta(minutes=m) for m in values]


def test_four_failures_do_not_lock():
    assert lockout.locked_until(minutes(0, 1, 2, 3), POLICY, T0 + dt.timedelta(minutes=4)) is None


def test_the_fifth_failure_in_the_window_locks_for_fifteen_minutes_from_it():
    failures = minutes(0, 1, 2, 3, 10)
    assert lockout.locked_until(
        failures, POLICY, T0 + dt.timedelta(minutes=11)
    ) == T0 + dt.timedelta(minutes=25)
    assert lockout.locked_until(failures, POLICY, T0 + dt.timedelta(minutes=25)) is None


def test_failures_spread_wider_than_the_window_do_not_lock():
    assert (
        lockout.locked_until(minutes(0, 5, 10, 14, 16), POLICY, T0 + dt.timedelta(minutes=17))
        is None
    )


def test_a_zero_limit_switches_the_lockout_off():
    off = lockout.Policy(max_failures=0, window=POLICY.window, lockout=POLICY.lockout)
    assert lockout.locked_until(minutes(0, 0, 0, 0, 0, 0), off, T0) is None


def test_minutes_left_rounds_up_and_is_at_least_one():
    assert lockout.minutes_left(T0 + dt.timedelta(seconds=61), T0) == 2
    assert lockout.minutes_left(T0, T0) == 1


def test_a_totp_code_matches_its_step_once_and_tolerates_one_step_of_drift():
    secret = totp.new_secret()
    now = 1_800_000_000.0
    step = int(now) // 30
    code = pyotp.TOTP(secret).at(now)
    assert totp.matching_step(secret, code, now, 0) == step
    assert totp.matching_step(secret, code, now + 30, 0) == step
    assert totp.matching_step(secret, code, now + 90, 0) is None
    assert totp.matching_step(secret, code, now, step) is None  # replay refused
    assert totp.matching_step(secret, "12345", now, 0) is None


def test_recovery_codes_are_ten_distinct_and_hash_ignoring_the_dash():
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == 10 and all(len(c) == 10 for c in codes)
    shown = totp.format_recovery_code(codes[0])
    assert totp.hash_recovery_code(shown.upper()) == totp.hash_recovery_code(codes[0])


class _User:
    username = "199001012015011001"


@pytest.mark.parametrize("password", ["Aman199001012015011001", "lahir-19900101-ok"])
def test_a_password_with_the_nip_or_its_birth_date_is_refused(password):
    with pytest.raises(ValidationError) as error:
        NoNipValidator().validate(password, _User())
    assert "NIP" in error.value.messages[0]


def test_other_passwords_and_non_nip_accounts_pass():
    NoNipValidator().validate("Sandi-Baru-2026", _User())

    class Admin:
        username = "admin"

    NoNipValidator().validate("19900101-abc", Admin())
    NoNipValidator().validate("19900101-abc", None)
