"""Pages under /tpp/: runs (start, progress, lines, finalise, reopen), one line's
explanation, "TPP saya" with the live estimate, policy versions and simulations. The exports
(Excel, CSV, PDF) are in reports.views_tpp, downhill of this app.

Every view goes through ``allowance.access``: outside the user's scope a run or line is not
found (404); inside it, a write the user may not make is refused (403). Bad input answers 400
with the message and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ekinerja.core.closing import month_label
from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Instansi, Unit
from ekinerja.people.access import roles_for, today

from . import access, selectors, services
from .choices import JenisRun, ProsesRun, StatusKebijakan
from .estimate import live_estimate
from .forms import PolicyForm, ReopenForm, RunForm, SimulationForm
from .models import TppLine, TppPolicy, TppRun
from .services_policy import as_yaml, save_policy

LINES_PER_PAGE = 50
NOT_ALLOWED = "Halaman TPP ini hanya untuk admin BKPSDM, admin OPD, pimpinan, dan auditor."


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


def _opds(instansi_id: int):  # type: ignore[no-untyped-def]
    return Unit.objects.filter(instansi_id=instansi_id, jenis__in=JENIS_UNIT_OPD).order_by("kode")


def _instansi(request: HttpRequest) -> Instansi:
    return Instansi.objects.get(pk=roles_for(request.user).instansi_id)


# --- runs ------------------------------------------------------------------------------------


def _listed_runs(request: HttpRequest) -> QuerySet[TppRun]:
    """The runs the list shows: the user's visible ones, the 60 latest."""
    return (
        access.runs_visible_to(request.user)
        .select_related("unit", "policy")
        .order_by("-tahun", "-bulan", "jenis", "-id")[:60]
    )


def run_list(request: HttpRequest) -> HttpResponse:
    if not access.can_read_tpp(request.user):
        return redirect("tpp-saya")
    roles = roles_for(request.user)
    runs = _listed_runs(request)
    form = RunForm(opds=_opds(roles.instansi_id), initial={"bulan": _last_month()})
    return render(
        request,
        "allowance/run_list.html",
        {
            "runs": runs,
            "form": form,
            "can_manage": access.can_manage_tpp(request.user),
            "show_totals": access.sees_run_totals(request.user),
        },
    )


def run_list_export(request: HttpRequest) -> HttpResponseBase:
    """The run list as Excel: the same runs, and the totals only to those the page shows them."""
    if not access.can_read_tpp(request.user):
        return redirect("tpp-saya")
    totals = access.sees_run_totals(request.user)
    columns = [Column("Bulan", 16), Column("Cakupan", 30), Column("Jenis", 12)]
    columns += [Column("Kebijakan", 30), Column("Status", 14)]
    if totals:
        columns += [Column("Pegawai", 10), Column("Bruto", 16), Column("Diterima", 16)]

    def status_of(run: TppRun) -> str:
        if run.is_final:
            return "Final"
        if run.proses == ProsesRun.GAGAL:
            return "Gagal"
        if run.proses != ProsesRun.SELESAI:
            return run.get_proses_display()
        return "Draf"

    rows = (
        (
            run.label,
            run.unit.nama if run.unit else "Seluruh instansi",
            run.get_jenis_display(),
            run.policy.nama,
            status_of(run),
            *((run.jumlah_pegawai, run.jumlah_bruto, run.jumlah_bersih) if totals else ()),
        )
        for run in _listed_runs(request)
    )
    return xlsx_response(f"perhitungan-tpp-{today():%Y%m%d}.xlsx", columns, rows)


def _last_month() -> str:
    day = today().replace(day=1)
    previous = (
        day.replace(year=day.year - 1, month=12)
        if day.month == 1
        else day.replace(month=day.month - 1)
    )
    return f"{previous:%Y-%m}"


@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_tpp(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat menghitung TPP.")
    roles = roles_for(request.user)
    form = RunForm(request.POST, opds=_opds(roles.instansi_id))
    if form.is_valid():
        tahun, bulan = form.cleaned_data["bulan"]
        try:
            run = services.start_run(
                actor=request.user, instansi=_instansi(request), tahun=tahun, bulan=bulan,
                unit=form.cleaned_data["opd"], today=today(),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
        else:
            return redirect("tpp-run", run.pk)
    runs = access.runs_visible_to(request.user).select_related("unit", "policy")[:60]
    return render(
        request,
        "allowance/run_list.html",
        {"runs": runs, "form": form, "can_manage": True},
        status=400,
    )


def _progress_context(run: TppRun) -> dict[str, Any]:
    done = run.proses in (ProsesRun.SELESAI, ProsesRun.GAGAL)
    percent = (
        100
        if run.proses == ProsesRun.SELESAI
        else (run.selesai * 100 // run.total if run.total else 0)
    )
    return {"run": run, "done": done, "failed": run.proses == ProsesRun.GAGAL, "percent": percent}


def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    return render(request, "allowance/_progress.html", _progress_context(run))


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    lines = access.lines_visible_to(request.user, run)
    opd_id = request.GET.get("opd") or ""
    cari = (request.GET.get("q") or "").strip()
    shown = lines
    if opd_id.isdigit():
        shown = shown.filter(opd_id=int(opd_id))
    if cari:
        shown = shown.filter(Q(nama__icontains=cari) | Q(nip__startswith=cari))
    page = Paginator(
        shown.order_by(*selectors.LINE_ORDER).only(
            "id", "nama", "nip", "golongan", "jabatan", "kelas_jabatan", "besaran",
            "kinerja_persen", "disiplin_persen", "bruto", "bpjs_pegawai", "pajak", "bersih",
            "opd_id",
        ),
        LINES_PER_PAGE,
    ).get_page(request.GET.get("hal"))  # fmt: skip
    totals = selectors.totals_per_opd(lines)
    return render(
        request,
        "allowance/run_detail.html",
        {
            **_progress_context(run),
            "page": page,
            "totals": totals,
            "grand": selectors.grand_total(totals),
            "opd_names": {t.opd_id: t.nama for t in totals},
            "opd_id": int(opd_id) if opd_id.isdigit() else None,
            "cari": cari,
            "label": month_label(run.tahun, run.bulan),
            "can_manage": access.can_manage_tpp(request.user),
            "reopen_form": ReopenForm(),
        },
    )


def _run_action(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    run = access.get_run_for_user(request.user, pk)
    try:
        action(run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        response = redirect("tpp-run", run.pk)
        response.status_code = 303
        return response
    messages.success(request, done.format(label=run.label))
    return redirect("tpp-run", run.pk)


@require_POST
def run_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    return _run_action(
        request, pk, lambda run: services.finalise_run(actor=request.user, run=run),
        "TPP {label} final; bulan itu kini terkunci bagi pegawai yang dibayar.",
    )  # fmt: skip


@require_POST
def run_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        if not access.can_manage_tpp(request.user):
            raise PermissionDenied("Hanya admin BKPSDM yang dapat membuka kembali TPP.")
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return render(
            request, "allowance/reopen_refused.html", {"run": run, "form": form}, status=400
        )
    alasan = form.cleaned_data["alasan"]
    return _run_action(
        request, pk, lambda r: services.reopen_run(actor=request.user, run=r, alasan=alasan),
        "TPP {label} dibuka kembali; alasannya dicatat di jejak audit.",
    )  # fmt: skip


@require_POST
def run_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    if run.jenis != JenisRun.RESMI:
        raise PermissionDenied("Simulasi dihitung sekali; buat simulasi baru.")

    def again(r: TppRun) -> None:
        services.start_run(
            actor=request.user, instansi=r.instansi, tahun=r.tahun, bulan=r.bulan, unit=r.unit,
            today=today(),
        )  # fmt: skip

    return _run_action(request, pk, again, "TPP {label} sedang dihitung ulang.")


@require_POST
def run_delete(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    try:
        services.delete_draft_run(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("tpp-run", run.pk)
    messages.success(request, "Perhitungan dihapus.")
    return redirect("tpp-runs")


# --- one line --------------------------------------------------------------------------------


def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    line = access.get_line_for_user(request.user, pk)
    return render(
        request,
        "allowance/line_detail.html",
        {
            "line": line,
            "run": line.run,
            "label": month_label(line.run.tahun, line.run.bulan),
            "reads_runs": access.can_read_tpp(request.user),
        },
    )


def my_tpp(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    if roles.employee is None:
        return redirect("tpp-runs")
    lines = (
        TppLine.objects.filter(employee=roles.employee, run__jenis=JenisRun.RESMI)
        .select_related("run")
        .order_by("-run__tahun", "-run__bulan")[:24]
    )
    estimate = live_estimate(roles.employee, today())
    return render(
        request,
        "allowance/my_tpp.html",
        {
            "lines": lines,
            "estimate": estimate,
            "estimate_label": month_label(estimate.tahun, estimate.bulan) if estimate else "",
        },
    )


# --- policies --------------------------------------------------------------------------------


def _listed_policies(request: HttpRequest) -> QuerySet[TppPolicy]:
    if not access.can_read_tpp(request.user) or not roles_for(request.user).sees_whole_instansi:
        raise PermissionDenied(NOT_ALLOWED)
    return access.policies_visible_to(request.user).select_related("created_by__employee")


def policy_list(request: HttpRequest) -> HttpResponse:
    policies = _listed_policies(request)
    return render(
        request,
        "allowance/policy_list.html",
        {"policies": policies, "can_manage": access.can_manage_tpp(request.user)},
    )


POLICY_COLUMNS = [
    Column("Nama", 30),
    Column("Berlaku mulai", 14),
    Column("Status", 10),
    Column("Catatan", 50),
    Column("Dibuat", 12),
    Column("Dibuat oleh", 30),
]


def policy_list_export(request: HttpRequest) -> HttpResponseBase:
    """The policy list as Excel, to the same readers; the rules themselves stay in the YAML."""
    rows = (
        (
            policy.nama,
            policy.berlaku_mulai,
            policy.get_status_display(),
            policy.catatan,
            timezone.localtime(policy.created_at).date(),
            (policy.created_by.employee.nama if policy.created_by.employee else "")
            or policy.created_by.username
            if policy.created_by
            else "",
        )
        for policy in _listed_policies(request)
    )
    return xlsx_response(f"kebijakan-tpp-{today():%Y%m%d}.xlsx", POLICY_COLUMNS, rows)


def policy_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not access.can_manage_tpp(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat mengubah kebijakan TPP.")
    policy = access.get_policy_for_user(request.user, pk) if pk else None
    status = 200
    if request.method == "POST":
        form = PolicyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = save_policy(
                    actor=request.user, instansi=_instansi(request),
                    text=form.cleaned_data["dokumen"], status=form.cleaned_data["status"],
                    catatan=form.cleaned_data["catatan"], policy=policy,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, _messages_of(error))
            else:
                messages.success(request, f"Kebijakan '{saved.nama}' tersimpan.")
                return redirect("tpp-policies")
        status = 400
    else:
        initial: dict[str, Any] = {"status": StatusKebijakan.BERLAKU}
        if policy is not None:
            initial = {
                "dokumen": as_yaml(policy),
                "status": policy.status,
                "catatan": policy.catatan,
            }
        form = PolicyForm(initial=initial)
    return render(
        request, "allowance/policy_form.html", {"form": form, "policy": policy}, status=status
    )


def policy_download(request: HttpRequest, pk: int) -> HttpResponse:
    policy = access.get_policy_for_user(request.user, pk)
    response = HttpResponse(as_yaml(policy), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kebijakan-tpp-{policy.pk}.yaml"'
    return response


# --- simulation ------------------------------------------------------------------------------


def simulation_start(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_tpp(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat membuat simulasi TPP.")
    roles = roles_for(request.user)
    policies = TppPolicy.objects.filter(instansi_id=roles.instansi_id).order_by(
        "status", "-berlaku_mulai"
    )
    form = SimulationForm(
        request.POST if request.method == "POST" else None,
        opds=_opds(roles.instansi_id), policies=policies,
        initial={"bulan": _last_month()},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        tahun, bulan = form.cleaned_data["bulan"]
        try:
            run = services.start_run(
                actor=request.user, instansi=_instansi(request), tahun=tahun, bulan=bulan,
                unit=form.cleaned_data["opd"], policy=form.cleaned_data["kebijakan"],
                simulasi=True, today=today(),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
        else:
            return redirect("tpp-simulation", run.pk)
    simulations = _listed_simulations(request)
    return render(
        request,
        "allowance/simulation_start.html",
        {"form": form, "simulations": simulations},
        status=400 if request.method == "POST" else 200,
    )


def _listed_simulations(request: HttpRequest) -> QuerySet[TppRun]:
    """The simulations the page lists: the user's visible ones with a baseline, the 20 latest."""
    return (
        access.runs_visible_to(request.user)
        .filter(jenis=JenisRun.SIMULASI, pembanding__isnull=False)
        .select_related("policy", "unit")[:20]
    )


SIMULATION_COLUMNS = [
    Column("Bulan", 16),
    Column("Kebijakan usulan", 30),
    Column("Cakupan", 30),
    Column("Dibuat", 18),
]


def simulation_list_export(request: HttpRequest) -> HttpResponseBase:
    """The latest simulations as Excel, to the admin who may run them, as the page lists them."""
    if not access.can_manage_tpp(request.user):
        raise PermissionDenied("Hanya admin BKPSDM yang dapat membuat simulasi TPP.")
    rows = (
        (
            run.label,
            run.policy.nama,
            run.unit.nama if run.unit else "Seluruh instansi",
            timezone.localtime(run.created_at).strftime("%d-%m-%Y %H:%M"),
        )
        for run in _listed_simulations(request)
    )
    return xlsx_response(f"simulasi-tpp-{today():%Y%m%d}.xlsx", SIMULATION_COLUMNS, rows)


def simulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    baseline = run.pembanding
    context: dict[str, Any] = {
        **_progress_context(run),
        "baseline": baseline,
        "label": month_label(run.tahun, run.bulan),
    }
    ready = run.proses == ProsesRun.SELESAI and (
        baseline is None or baseline.proses == ProsesRun.SELESAI
    )
    if ready and baseline is not None:
        rows, total = selectors.compare_runs(baseline, run)
        context.update({"rows": rows, "total": total})
    context["ready"] = ready
    return render(request, "allowance/simulation_detail.html", context)
