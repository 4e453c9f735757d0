"""The employee's side of evaluation (their results, accepting one or objecting to it) and the
atasan pejabat penilai's keberatan inbox and decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.people.access import roles_for, today

from . import access, rules, services, services_objection
from .choices import StatusEvaluasi
from .forms_evaluation import MAX_TEXT, parse_decision
from .periods import periode_label
from .selectors_evaluation import my_evaluations, objections_for_atasan
from .views_evaluation import DOCUMENT, document_context, get_visible_evaluation


def _my_rows(me) -> list[dict]:  # type: ignore[no-untyped-def]
    rows = []
    for evaluation in my_evaluations(me) if me is not None else []:
        period = evaluation.skp.period
        rows.append({
            "evaluation": evaluation,
            "nama": periode_label(period.siklus_evaluasi, evaluation.periode_ke, period.tahun),
            "predikat": rules.Predikat(evaluation.predikat) if evaluation.predikat else None,
        })  # fmt: skip
    return rows


@require_GET
def my_page(request: HttpRequest) -> HttpResponse:
    me = roles_for(request.user).employee
    return render(request, "appraisal/mine.html", {"me": me, "rows": _my_rows(me)})


MINE_COLUMNS = [
    Column("Periode", 24),
    Column("Penilai", 30),
    Column("Status", 18),
    Column("Predikat", 18),
    Column("Ditetapkan", 18, text=True),
]


@require_GET
def my_export(request: HttpRequest) -> HttpResponseBase:
    """My own evaluations as Excel; a draft shows no predikat, as on the page."""
    cells = []
    for row in _my_rows(roles_for(request.user).employee):
        e = row["evaluation"]
        draft = e.status == StatusEvaluasi.DRAF
        cells.append((
            row["nama"],
            e.penilai.nama_lengkap if e.penilai else "",
            "Sedang dinilai" if draft else e.get_status_display(),
            row["predikat"].label if row["predikat"] and not draft else "",
            timezone.localtime(e.ditetapkan_at).strftime("%Y-%m-%d %H:%M")
            if e.ditetapkan_at and not draft
            else "",
        ))  # fmt: skip
    return xlsx_response(f"evaluasi-saya-{today():%Y%m%d}.xlsx", MINE_COLUMNS, cells)


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_visible_evaluation(request, pk)
    try:
        services.acknowledge(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        return _document_refused(request, evaluation, error.messages)
    messages.success(request, "Hasil evaluasi Anda terima. Terima kasih.")
    return redirect("evaluation-detail", pk)


@require_POST
def file_objection(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_visible_evaluation(request, pk)
    alasan = request.POST.get("alasan", "").strip()
    if len(alasan) > MAX_TEXT:
        return _document_refused(
            request, evaluation, [f"Alasan keberatan paling banyak {MAX_TEXT} karakter."]
        )
    try:
        services_objection.file_objection(actor=request.user, evaluation=evaluation, alasan=alasan)
    except ValidationError as error:
        return _document_refused(request, evaluation, error.messages)
    messages.success(
        request, "Keberatan diajukan dan diteruskan kepada atasan pejabat penilai Anda."
    )
    return redirect("evaluation-detail", pk)


@require_POST
def decide_objection(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_visible_evaluation(request, pk)
    if not access.can_decide_objection(request.user, evaluation):
        raise PermissionDenied("Keberatan diputus oleh atasan pejabat penilai.")
    decision = parse_decision(request.POST)
    if decision.errors:
        return _document_refused(request, evaluation, decision.errors)
    try:
        objection = services_objection.decide_objection(
            actor=request.user, objection=evaluation.objection, alasan=decision.alasan,
            rating_hasil=decision.rating_hasil, rating_perilaku=decision.rating_perilaku,
        )  # fmt: skip
    except ValidationError as error:
        return _document_refused(request, evaluation, error.messages)
    messages.success(
        request,
        f"Keberatan {objection.get_status_display().lower()}: predikat akhir "
        f"{rules.Predikat(objection.predikat_akhir).label}.",
    )
    return redirect("objection-inbox")


def _document_refused(request: HttpRequest, evaluation, errors: list[str]) -> HttpResponse:
    evaluation.refresh_from_db()
    context = document_context(request, evaluation, errors=errors)
    context["posted"] = request.POST
    return render(request, DOCUMENT, context, status=400)


def _objection_rows(request: HttpRequest) -> list[dict]:
    roles = roles_for(request.user)
    pending = objections_for_atasan(roles.subordinate_ids, today()) if roles.employee else []
    rows = [
        {
            "objection": o,
            "nama": periode_label(
                o.evaluation.skp.period.siklus_evaluasi, o.evaluation.periode_ke,
                o.evaluation.skp.period.tahun,
            ),
            "predikat": rules.Predikat(o.predikat_semula),
        }
        for o in pending
    ]  # fmt: skip
    return rows


@require_GET
def objection_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "appraisal/objections.html", {"rows": _objection_rows(request)})


OBJECTION_COLUMNS = [
    Column("NIP", 20, text=True),
    Column("Pegawai", 30),
    Column("Periode", 24),
    Column("Penilai", 30),
    Column("Predikat semula", 18),
    Column("Diajukan", 18, text=True),
]


@require_GET
def objection_inbox_export(request: HttpRequest) -> HttpResponseBase:
    """The pending objections as Excel: the same rows as the inbox, nobody else's."""
    rows = (
        (
            row["objection"].evaluation.employee.nip or "",
            row["objection"].evaluation.employee.nama_lengkap,
            row["nama"],
            row["objection"].evaluation.penilai.nama_lengkap
            if row["objection"].evaluation.penilai
            else "",
            row["predikat"].label,
            timezone.localtime(row["objection"].diajukan_at).strftime("%Y-%m-%d %H:%M")
            if row["objection"].diajukan_at
            else "",
        )
        for row in _objection_rows(request)
    )
    return xlsx_response(f"keberatan-{today():%Y%m%d}.xlsx", OBJECTION_COLUMNS, rows)
