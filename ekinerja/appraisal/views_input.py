"""Pages of the optional inputs to an evaluation: the employee's self-assessment (their list
and one form per evaluation) and the 360 input (the requests waiting for the user and one
form per evaluated colleague or superior). The penilai reads both through the partial
`appraisal/input/_for_penilai.html` on the evaluation form.

Each view checks access through `appraisal.access`, calls a service or a selector and
responds. Someone else's evaluation, or one the user has no 360 relation to, is a 404, so ids
cannot be probed; a region with the switch off is a 403. Forms post with htmx and are answered
with their re-rendered section (400 with the messages on bad input); without JavaScript a
success redirects back with the message.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import Employee

from . import access, selectors_input, services_input
from .choices import StatusEvaluasi
from .forms_input import RATING_CHOICES, PeerFeedbackForm, SelfAssessmentForm, messages_of
from .models import Evaluation, HubunganMasukan
from .selectors import policy_on

NO_EMPLOYEE = "Akun ini tidak terhubung dengan data pegawai, sehingga tidak memiliki evaluasi."
NOT_FOUND = "Evaluasi tidak ditemukan."


def _me(request: HttpRequest) -> Employee:
    employee = roles_for(request.user).employee
    if employee is None:
        raise PermissionDenied(NO_EMPLOYEE)
    return employee


def _plain(value: Decimal | None) -> str:
    """A decimal as people type it: 2,5 rather than 2.50."""
    if value is None:
        return ""
    text = f"{value:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",")


# --- the employee's self-assessment ----------------------------------------------------------


@require_GET
def self_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    context = {
        "rows": selectors_input.my_self_assessments(request.user),
        "aktif": policy_on(me.instansi_id, today()).penilaian_mandiri,
    }
    return render(request, "appraisal/input/self_list.html", context)


SELF_COLUMNS = [
    Column("Periode", 24),
    Column("Jabatan", 30),
    Column("Pejabat penilai", 30),
    Column("Penilaian mandiri", 18),
    Column("Dikirim", 18, text=True),
]


@require_GET
def self_list_export(request: HttpRequest) -> HttpResponseBase:
    """My self-assessments as Excel: the same rows as the list, nobody else's."""
    _me(request)
    rows = (
        (
            row.periode,
            row.evaluation.skp.position.nama,
            row.evaluation.penilai.nama_lengkap if row.evaluation.penilai else "",
            row.status_label,
            timezone.localtime(row.dikirim_at).strftime("%Y-%m-%d %H:%M")
            if row.status == "dikirim" and row.dikirim_at
            else "",
        )
        for row in selectors_input.my_self_assessments(request.user)
    )
    return xlsx_response(f"penilaian-mandiri-{today():%Y%m%d}.xlsx", SELF_COLUMNS, rows)


def _own_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    """The user's own evaluation; anyone else's is not found."""
    me = _me(request)
    evaluation = (
        Evaluation.objects.filter(pk=pk, employee_id=me.pk)
        .select_related("skp__period", "skp__position__unit", "penilai")
        .first()
    )
    if evaluation is None:
        raise Http404(NOT_FOUND)
    return evaluation


def _self_form(view: selectors_input.SelfAssessmentView, data=None) -> SelfAssessmentForm:
    results = [(row.result.pk, number) for number, row in enumerate(view.claims, start=1)]
    initial: dict = {"aksi": "simpan"}
    if view.assessment is not None:
        initial["catatan"] = view.assessment.catatan
    for row in view.claims:
        initial[f"realisasi_{row.result.pk}"] = _plain(row.realisasi)
        initial[f"bukti_{row.result.pk}"] = row.bukti
    for reflection in view.reflections:
        initial[f"refleksi_{reflection.nilai}"] = reflection.refleksi
    return SelfAssessmentForm(data, results=results, initial=initial)


def _self_closed(evaluation: Evaluation, view: selectors_input.SelfAssessmentView) -> str:
    """Why the self-assessment can no longer be written, or "" while it can."""
    if view.dikirim:
        return services_input.ALREADY_SENT
    if evaluation.status != StatusEvaluasi.DRAF:
        return services_input.MANDIRI_CLOSED
    return ""


def _self_page(
    request: HttpRequest,
    evaluation: Evaluation,
    *,
    form: SelfAssessmentForm | None = None,
    errors: list[str] | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    view = selectors_input.self_assessment_of(evaluation)
    aktif = policy_on(evaluation.instansi_id, today()).penilaian_mandiri
    if not aktif and view.assessment is None:
        raise PermissionDenied(services_input.MANDIRI_OFF)
    closed = _self_closed(evaluation, view)
    editable = aktif and not closed
    if editable and form is None:
        form = _self_form(view)
    context = {
        "evaluation": evaluation,
        "periode": selectors_input.period_name(evaluation),
        "view": view,
        "form": form if editable else None,
        "claims": [
            (
                number,
                row,
                form[f"realisasi_{row.result.pk}"] if editable else None,
                form[f"bukti_{row.result.pk}"] if editable else None,
                _plain(row.realisasi),
            )
            for number, row in enumerate(view.claims, start=1)
        ],
        "reflections": [
            (row, form[f"refleksi_{row.nilai}"] if editable else None) for row in view.reflections
        ],
        "editable": editable,
        "aktif": aktif,
        "closed": closed,
        "errors": errors or [],
        "notice": notice,
    }
    template = "appraisal/input/self_form.html"
    if request.htmx and request.method == "POST":
        template = "appraisal/input/_self_section.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def self_form(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _own_evaluation(request, pk)
    if request.method == "GET":
        return _self_page(request, evaluation)
    view = selectors_input.self_assessment_of(evaluation)
    if not policy_on(evaluation.instansi_id, today()).penilaian_mandiri:
        raise PermissionDenied(services_input.MANDIRI_OFF)
    if closed := _self_closed(evaluation, view):
        return _self_page(request, evaluation, errors=[closed], status=400)
    form = _self_form(view, data=request.POST)
    if not form.is_valid():
        return _self_page(request, evaluation, form=form, errors=messages_of(form), status=400)
    try:
        with transaction.atomic():
            services_input.save_self_assessment(
                actor=request.user, evaluation=evaluation, claims=form.claims(),
                reflections=form.reflections(), catatan=form.cleaned_data["catatan"],
            )  # fmt: skip
            if form.sending:
                services_input.submit_self_assessment(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        return _self_page(request, evaluation, form=form, errors=error.messages, status=400)
    notice = (
        "Penilaian mandiri terkirim ke pejabat penilai."
        if form.sending
        else "Penilaian mandiri tersimpan sebagai draf."
    )
    if request.htmx:
        return _self_page(request, evaluation, notice=notice)
    messages.success(request, notice)
    return redirect("self-assessment-form", pk=evaluation.pk)


# --- 360 input -------------------------------------------------------------------------------


@require_GET
def feedback_list(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    day = today()
    context = {
        "requests": selectors_input.feedback_requests(request.user, day),
        "aktif": policy_on(me.instansi_id, day).masukan_rekan,
    }
    return render(request, "appraisal/input/feedback_list.html", context)


FEEDBACK_COLUMNS = [
    Column("Pegawai", 30),
    Column("Jabatan", 30),
    Column("Periode", 24),
    Column("Anda sebagai", 16),
    Column("Masukan", 14),
]


@require_GET
def feedback_list_export(request: HttpRequest) -> HttpResponseBase:
    """The 360 requests waiting for me as Excel; none while the switch is off, as on the page."""
    me = _me(request)
    day = today()
    requests = (
        selectors_input.feedback_requests(request.user, day)
        if policy_on(me.instansi_id, day).masukan_rekan
        else []
    )
    rows = (
        (
            r.evaluation.employee.nama_lengkap,
            r.evaluation.skp.position.nama,
            r.periode,
            r.hubungan_label,
            "Sudah diisi" if r.sudah_diisi else "Belum diisi",
        )
        for r in requests
    )
    return xlsx_response(f"masukan-360-{day:%Y%m%d}.xlsx", FEEDBACK_COLUMNS, rows)


def _related_evaluation(request: HttpRequest, pk: int) -> tuple[Evaluation, str]:
    """The evaluation of a colleague or of the user's own pejabat penilai, with the relation;
    any other evaluation (the user's own included) is not found."""
    me = _me(request)
    evaluation = (
        Evaluation.objects.filter(pk=pk, instansi_id=me.instansi_id)
        .select_related("employee", "skp__period", "skp__position__unit")
        .first()
    )
    relation = access.feedback_relation(request.user, evaluation) if evaluation else None
    if evaluation is None or relation is None:
        raise Http404(NOT_FOUND)
    return evaluation, relation


def _feedback_page(
    request: HttpRequest,
    evaluation: Evaluation,
    relation: str,
    *,
    form: PeerFeedbackForm | None = None,
    errors: list[str] | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    editable = evaluation.status == StatusEvaluasi.DRAF
    mine = selectors_input.my_feedback(evaluation, _me(request))
    if form is None:
        initial = {}
        for nilai, (rating, komentar) in mine.items():
            initial[f"rating_{nilai}"], initial[f"komentar_{nilai}"] = rating, komentar
        form = PeerFeedbackForm(initial=initial)
    labels = dict(RATING_CHOICES)
    context = {
        "evaluation": evaluation,
        "periode": selectors_input.period_name(evaluation),
        "hubungan": HubunganMasukan(relation).label,
        "form": form,
        "values": [
            {
                "nilai": nilai,
                "nama": nama,
                "panduan": selectors_input.PANDUAN[nilai],
                "rating": form[f"rating_{nilai}"],
                "komentar": form[f"komentar_{nilai}"],
                "tersimpan": labels.get(mine.get(nilai, ("", ""))[0], "Tidak menilai"),
                "komentar_tersimpan": mine.get(nilai, ("", ""))[1],
            }
            for nilai, nama in selectors_input.NAMA_NILAI.items()
        ],
        "ratings": RATING_CHOICES,
        "sudah_diisi": bool(mine),
        "editable": editable,
        "errors": errors or [],
        "notice": notice,
    }
    template = "appraisal/input/feedback_form.html"
    if request.htmx and request.method == "POST":
        template = "appraisal/input/_feedback_section.html"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation, relation = _related_evaluation(request, pk)
    if not policy_on(evaluation.instansi_id, today()).masukan_rekan:
        raise PermissionDenied(services_input.REKAN_OFF)
    if request.method == "GET":
        return _feedback_page(request, evaluation, relation)
    if evaluation.status != StatusEvaluasi.DRAF:
        errors = [services_input.REKAN_CLOSED]
        return _feedback_page(request, evaluation, relation, errors=errors, status=400)
    form = PeerFeedbackForm(request.POST)
    if not form.is_valid():
        return _feedback_page(
            request, evaluation, relation, form=form, errors=messages_of(form), status=400
        )
    try:
        services_input.save_peer_feedback(
            actor=request.user, evaluation=evaluation, items=form.items()
        )
    except ValidationError as error:
        return _feedback_page(
            request, evaluation, relation, form=form, errors=error.messages, status=400
        )
    notice = f"Masukan untuk {evaluation.employee.nama_lengkap} tersimpan."
    if request.htmx:
        return _feedback_page(request, evaluation, relation, notice=notice)
    messages.success(request, notice)
    return redirect("peer-feedback-list")
