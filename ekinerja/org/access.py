"""Who may see the organisation. The unit tree and positions are open to every signed-in user of
the same instansi (they are what a staff directory shows); edits are for admin BKPSDM only."""

from __future__ import annotations

from django.http import Http404

from .models import Unit


def get_unit_for_user(user, pk: int) -> Unit:
    instansi_id = _instansi_of(user)
    unit = Unit.objects.filter(pk=pk, instansi_id=instansi_id).select_related("parent").first()
    if unit is None:
        raise Http404("Unit tidak ditemukan.")
    return unit


def units_visible_to(user):
    return Unit.objects.filter(instansi_id=_instansi_of(user))


def _instansi_of(user) -> int | None:
    if not user.is_authenticated:
        return None
    if user.instansi_id:
        return user.instansi_id
    employee = getattr(user, "employee", None)
    return employee.instansi_id if employee else None
