"""The penilai opening a whole period at once for their subordinates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.people.models import User
from ekinerja.planning.models import Skp

from .periods import ANNUAL
from .services import open_evaluation
from .services_annual import open_annual_evaluation


def open_for_team(*, actor: User, skps: list[Skp], periode_ke: int) -> tuple[int, list[str]]:
    """Open the period's (or the year's) evaluation of each SKP; returns how many are open
    and, per SKP that could not be, why. Each SKP is its own transaction, so one employee
    without a set period does not stop the others."""
    opened, problems = 0, []
    for skp in skps:
        try:
            if periode_ke == ANNUAL:
                open_annual_evaluation(actor=actor, skp=skp)
            else:
                open_evaluation(actor=actor, skp=skp, periode_ke=periode_ke)
        except (ValidationError, PermissionDenied) as error:
            reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
            problems.append(f"{skp.employee.nama_lengkap}: {' '.join(reasons)}")
        else:
            opened += 1
    return opened, problems
