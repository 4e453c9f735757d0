"""What every monitoring page reads from a request: the month asked for, the user's instansi
and the OPDs they may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ekinerja.core.closing import month_label
from ekinerja.people.access import roles_for

from . import access
from .forms import MonthForm


def month_asked(data: Any, today: dt.date) -> tuple[int, int] | str:
    """(tahun, bulan) from a query string (this month when it names none), or what is wrong
    with it in Indonesian. A month that has not started has nothing to show."""
    form = MonthForm.for_request(data, today)
    if not form.is_valid():
        return form.message()
    tahun, bulan = form.cleaned_data["tahun"], form.cleaned_data["bulan"]
    if (tahun, bulan) > (today.year, today.month):
        return f"Bulan {month_label(tahun, bulan)} belum berjalan."
    return tahun, bulan


def instansi_of(user: Any) -> int:
    instansi_id = roles_for(user).instansi_id
    assert instansi_id is not None  # access.require_monitoring checked it
    return instansi_id


def opd_scope(user: Any) -> frozenset[int] | None:
    """None for every OPD; else the units an admin OPD looks after."""
    if access.sees_every_opd(user):
        return None
    return roles_for(user).opd_subtree
