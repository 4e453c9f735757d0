"""Who may use the security pages. Refusals are 404: for others the pages do not exist."""

from __future__ import annotations

from django.http import Http404

from ekinerja.people.access import roles_for
from ekinerja.people.models import User


def can_use_second_factor(user: User) -> bool:
    """Admin roles only: they change other people's data and accounts."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    roles = roles_for(user)
    return roles.is_admin_bkpsdm or roles.is_admin_opd


def require_second_factor_user(user: User) -> None:
    if not can_use_second_factor(user):
        raise Http404("Halaman tidak ditemukan.")


def audit_instansi_for(user: User) -> int:
    """The instansi whose audit trail the user may read; 404 for everyone else."""
    if user.is_authenticated:
        roles = roles_for(user)
        if roles.instansi_id and (roles.is_auditor or roles.is_pimpinan or roles.is_admin_bkpsdm):
            return roles.instansi_id
    raise Http404("Halaman tidak ditemukan.")
