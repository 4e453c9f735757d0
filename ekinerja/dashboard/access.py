"""Who may see and do what in monitoring. Every dashboard view goes through here.

- The region's dashboard, rollout, maturity and ABK pages: admin BKPSDM, pimpinan and auditor
  (every OPD); an admin OPD (only the OPDs of their own subtree).
- Rollout dates and the monitoring rules, and asking for a fresh computation: admin BKPSDM.
- An employee sees their own dashboard; an atasan sees their team's.
Anything outside is a 404, so ids cannot be probed; a refused write inside the read scope is a
403."""

from __future__ import annotations

from django.http import Http404

from ekinerja.people.access import roles_for
from ekinerja.people.models import User


def can_view_monitoring(user: User) -> bool:
    roles = roles_for(user)
    return bool(roles.instansi_id) and (roles.sees_whole_instansi or roles.is_admin_opd)


def require_monitoring(user: User) -> None:
    if not can_view_monitoring(user):
        raise Http404


def sees_every_opd(user: User) -> bool:
    return roles_for(user).sees_whole_instansi


def can_manage_monitoring(user: User) -> bool:
    return roles_for(user).is_admin_bkpsdm


def can_view_unit(user: User, unit_id: int) -> bool:
    """Any unit of the instansi for region-wide roles; an admin OPD only inside their subtree."""
    roles = roles_for(user)
    if roles.sees_whole_instansi:
        return True
    return roles.is_admin_opd and unit_id in roles.opd_subtree


def require_unit(user: User, unit_id: int) -> None:
    if not can_view_unit(user, unit_id):
        raise Http404
