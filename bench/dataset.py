"""The regional-scale dataset every benchmark shares, and the result type.

10,000 employees from `seed_demo --seed 1`. Benchmarks that need it call `ensure_dataset()`;
it is built once per database and reused (a marker row tells whether it is there).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command

EMPLOYEES = 10_000
SEED = 1


@dataclass
class Context:
    database: str


@dataclass
class Result:
    value: float
    unit: str
    target: float
    target_text: str
    met: bool
    notes: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self, *, name: str, database: str) -> dict:
        return {
            "name": name,
            "database": database,
            "value": round(self.value, 3),
            "unit": self.unit,
            "target": self.target,
            "target_text": self.target_text,
            "met": self.met,
            "notes": self.notes,
            **self.extra,
        }


def migrate_fresh() -> None:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


def ensure_dataset() -> None:
    from ekinerja.people.models import Employee

    call_command("migrate", interactive=False, verbosity=0)
    if Employee.objects.count() >= EMPLOYEES:
        return
    call_command("flush", interactive=False, verbosity=0)
    call_command("seed_demo", employees=EMPLOYEES, seed=SEED, allow_production=True, verbosity=0)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_ms(fn: Callable[[], object], *, warm: int, runs: int) -> float:
    for _ in range(warm):
        fn()
    return statistics.median(timed(fn) * 1000 for _ in range(runs))
