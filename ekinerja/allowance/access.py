"""Who may see and do what with TPP. Every TPP view, command and export goes through here.

- Policies, runs, finalising and reopening: admin BKPSDM of the instansi.
- Reading runs and their lines: admin BKPSDM, pimpinan and auditor (every line); an admin OPD
  (the lines of employees whose OPD is in their subtree, in official runs).
- An employee reads their own lines of official runs ("TPP saya") and their live estimate.
Anything outside is a 404, so ids cannot be probed; a refused write inside the read scope is
a 403."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.people.access import roles_for
from ekinerja.people.models import User

from .choices import JenisRun
from .models import TppLine, TppPolicy, TppRun


def can_manage_tpp(user: User) -> bool:
    return roles_for(user).is_admin_bkpsdm


def can_manage_tpp_of(user: User, instansi_id: int) -> bool:
    """Admin BKPSDM of this very instansi: services check it so that a caller passing another
    region's instansi (a script, a future API) cannot write there."""
    roles = roles_for(user)
    return roles.is_admin_bkpsdm and roles.instansi_id == instansi_id


def can_read_tpp(user: User) -> bool:
    roles = roles_for(user)
    return roles.sees_whole_instansi or roles.is_admin_opd


def policies_visible_to(user: User) -> QuerySet[TppPolicy]:
    roles = roles_for(user)
    if not roles.sees_whole_instansi:
        return TppPolicy.objects.none()
    return TppPolicy.objects.filter(instansi_id=roles.instansi_id)


def runs_visible_to(user: User) -> QuerySet[TppRun]:
    roles = roles_for(user)
    runs = TppRun.objects.filter(instansi_id=roles.instansi_id)
    if roles.sees_whole_instansi:
        return runs
    if roles.is_admin_opd:
        # Runs of the whole instansi or of their own OPD; another OPD's run would show its totals.
        return runs.filter(jenis=JenisRun.RESMI).filter(
            Q(unit__isnull=True) | Q(unit_id__in=roles.opd_subtree)
        )
    return TppRun.objects.none()


def sees_run_totals(user: User) -> bool:
    """Run-wide totals cover every OPD; an admin OPD sees their OPD's totals on the run page."""
    return roles_for(user).sees_whole_instansi


def get_opd_for_user(user: User, run: TppRun, opd_id: int) -> Unit:
    """An OPD whose documents of this run the user may print; anything else is a 404, so a
    document cannot name another OPD's head."""
    roles = roles_for(user)
    opd = Unit.objects.filter(
        pk=opd_id, instansi_id=run.instansi_id, jenis__in=JENIS_UNIT_OPD
    ).first()
    if opd is None or not (roles.sees_whole_instansi or opd.pk in roles.opd_subtree):
        raise Http404("OPD tidak ditemukan.")
    return opd


def lines_visible_to(user: User, run: TppRun) -> QuerySet[TppLine]:
    roles = roles_for(user)
    lines = TppLine.objects.filter(run=run)
    if roles.sees_whole_instansi:
        return lines
    if roles.is_admin_opd and run.jenis == JenisRun.RESMI:
        return lines.filter(opd_id__in=roles.opd_subtree)
    return TppLine.objects.none()


def get_policy_for_user(user: User, pk: int) -> TppPolicy:
    policy = policies_visible_to(user).filter(pk=pk).first()
    if policy is None:
        raise Http404("Kebijakan TPP tidak ditemukan.")
    return policy


def get_run_for_user(user: User, pk: int) -> TppRun:
    run = runs_visible_to(user).select_related("policy", "unit").filter(pk=pk).first()
    if run is None:
        raise Http404("Perhitungan TPP tidak ditemukan.")
    return run


def get_line_for_user(user: User, pk: int) -> TppLine:
    """A line the user may read: their own in an official run, or one in a run they see."""
    roles = roles_for(user)
    line = (
        TppLine.objects.select_related("run", "run__policy", "opd", "employee")
        .filter(pk=pk, run__instansi_id=roles.instansi_id)
        .first()
    )
    if line is None:
        raise Http404("Baris TPP tidak ditemukan.")
    own = roles.employee is not None and line.employee_id == roles.employee.id
    if own and line.run.jenis == JenisRun.RESMI:
        return line
    if lines_visible_to(user, line.run).filter(pk=line.pk).exists():
        return line
    raise Http404("Baris TPP tidak ditemukan.")
