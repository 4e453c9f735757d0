"""Who a monthly report covers and which month it is: shared by the activity productivity
report and the attendance recaps."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import QuerySet

from ekinerja.org.models import Unit
from ekinerja.org.selectors import unit_subtree_ids

from .access import roles_for, seated_in_units, today
from .models import Employee, User

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class ReportInputError(ValueError):
    """A report parameter that cannot be used; the message is for the user, in Indonesian."""


def month_from_param(raw: str | None, day: dt.date) -> tuple[int, int]:
    """'2026-03' -> (2026, 3); empty means the month of `day`. Months after it are refused:
    nothing can have been done in them yet."""
    if not raw or not raw.strip():
        return day.year, day.month
    match = _MONTH.match(raw.strip())
    month = int(match.group(2)) if match else 0
    if match is None or not 1 <= month <= 12 or int(match.group(1)) < 2000:
        raise ReportInputError(f"Bulan '{raw}' tidak dikenali; gunakan format TTTT-BB.")
    year = int(match.group(1))
    if (year, month) > (day.year, day.month):
        raise ReportInputError(f"Bulan {month:02d}/{year} belum berjalan.")
    return year, month


# ---------------------------------------------------------------------------------------------
# Who is in the report


def unit_options(user: User) -> list[tuple[int, str]]:
    """The units the report may be narrowed to; none for a supervisor, whose team is small."""
    roles = roles_for(user)
    if roles.sees_whole_instansi:
        units = Unit.objects.filter(instansi_id=roles.instansi_id)
    elif roles.opd_subtree:
        units = Unit.objects.filter(pk__in=roles.opd_subtree)
    else:
        return []
    return list(units.order_by("nama", "id").values_list("id", "nama"))


def in_unit(employees: QuerySet[Employee], instansi_id: int, unit_id: int) -> QuerySet[Employee]:
    """Employees seated today in the unit or a unit below it."""
    return employees.filter(seated_in_units(unit_subtree_ids(instansi_id, [unit_id]), today()))
