"""When a login is refused for too many failures. Pure: timestamps in, a deadline out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

LOCKED_MESSAGE = (
    "Terlalu banyak percobaan masuk yang gagal. Coba lagi setelah {menit} menit. "
    "Hubungi admin BKPSDM bila Anda lupa kata sandi."
)


@dataclass(frozen=True)
class Policy:
    max_failures: int
    window: dt.timedelta
    lockout: dt.timedelta

    @property
    def lookback(self) -> dt.timedelta:
        """How far back failures can still matter: a window that ended a lockout ago."""
        return self.window + self.lockout


def locked_until(
    failures: Iterable[dt.datetime], policy: Policy, now: dt.datetime
) -> dt.datetime | None:
    """The end of the lockout in force at `now`, or None.

    A lockout starts at the failure that makes `max_failures` of them within `window`, and
    lasts `lockout` from there. Attempts refused while locked are not failures (the password is
    never checked), so a lockout is not prolonged by someone hammering the form."""
    if policy.max_failures <= 0:
        return None
    times = sorted(failures)
    latest: dt.datetime | None = None
    for index in range(policy.max_failures - 1, len(times)):
        first = times[index - policy.max_failures + 1]
        if times[index] - first <= policy.window:
            until = times[index] + policy.lockout
            latest = until if latest is None or until > latest else latest
    return latest if latest is not None and latest > now else None


def minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    seconds = max(0, int((until - now).total_seconds()))
    return max(1, -(-seconds // 60))
