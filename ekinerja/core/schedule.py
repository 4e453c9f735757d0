"""Periodic jobs: each app registers what must run on a clock (from its AppConfig.ready), and
`manage.py penjadwal` runs them. A job only enqueues background tasks, so a slow job never
holds up the clock, and every job is safe to run twice (the tasks deduplicate)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[dt.datetime], object]
    every: dt.timedelta | None = None  # run at this interval
    daily_at: dt.time | None = None  # or once a day, at this local time


_JOBS: dict[str, Job] = {}


def register(job: Job) -> None:
    if (job.every is None) == (job.daily_at is None):
        raise ValueError(f"{job.name}: give either every or daily_at")
    _JOBS[job.name] = job


def registered() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def due(jobs: Iterable[Job], last_run: dict[str, dt.datetime], now: dt.datetime) -> list[Job]:
    """The jobs to run at ``now`` (local time), given when each last ran. An interval job runs
    at start and then every interval; a daily job runs once a day, at or after its time."""
    found = []
    for job in jobs:
        last = last_run.get(job.name)
        if job.every is not None:
            if last is None or now - last >= job.every:
                found.append(job)
        elif (
            job.daily_at is not None
            and now.time() >= job.daily_at
            and (last is None or last.date() < now.date())
        ):
            found.append(job)
    return found
