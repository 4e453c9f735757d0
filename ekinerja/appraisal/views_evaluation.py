"""The penilai's pages: the sheet of subordinates for a period (progress, opening the period
for everyone at once) and the Dokumen Evaluasi form, saved as a draft or set in one step.

Each view parses the input, checks access through `appraisal.access`, calls a service or a
selector and responds; bad input is answered 400 with the page and its messages, and nothing
is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.people.access import roles_for, today
from ekinerja.planning.choices import NILAI_CHOICES
from ekinerja.planning.models import PerformancePeriod
from ekinerja.planning.selectors import current_period, period_for_year

from . import access, rules, selectors, selectors_input, services
from .choices import JenisEvaluasi
from .forms_evaluation import DocumentInput, parse_document
from .models import Evaluation
from .periods import ANNUAL, choices_for, parse_periode, periode_label
from .selectors_evaluation import Document, document, evaluation_for_page, team_sheet
from .services_team import open_for_team

TEAM = "appraisal/team.html"
DOCUMENT = "appraisal/document.html"
NILAI_NAMES = dict(NILAI_CHOICES)
RATING_OPTIONS = [(r.value, r.label) for r in rules.Rating]


# --- the penilai's sheet --------------------------------------------------------------------------


def period_from(request: HttpRequest, instansi_id: int) -> PerformancePeriod | None:
    tahun = request.GET.get("tahun") or request.POST.get("tahun")
    if tahun and tahun.isdigit():
        return period_for_year(instansi_id, int(tahun))
    return current_period(instansi_id, today())


def _team_context(request: HttpRequest, periode_value: str | None) -> tuple[dict, int]:
    roles = roles_for(request.user)
    context: dict = {"me": roles.employee, "period": None, "sheet": None, "errors": []}
    if roles.instansi_id is None or roles.employee is None:
        return context, 200
    period = period_from(request, roles.instansi_id)
    context["period"] = period
    if period is None:
        return context, 200
    periode_ke = parse_periode(periode_value, period, today())
    status = 200
    if periode_ke is None:
        context["errors"] = ["Periode evaluasi tidak dikenal; ditampilkan periode terakhir."]
        periode_ke, status = parse_periode(None, period, today()), 400
    assert periode_ke is not None
    context.update(
        periode_ke=periode_ke,
        periode_param="tahunan" if periode_ke == ANNUAL else str(periode_ke),
        periode_nama=periode_label(period.siklus_evaluasi, periode_ke, period.tahun),
        choices=choices_for(period, today()),
        sheet=team_sheet(roles.subordinate_ids, period, periode_ke),
    )
    return context, status


@require_GET
def team_page(request: HttpRequest) -> HttpResponse:
    context, status = _team_context(request, request.GET.get("periode"))
    return render(request, TEAM, context, status=status)


TEAM_COLUMNS = [
    Column("NIP", 20, text=True),
    Column("Pegawai", 30),
    Column("Jabatan", 30),
    Column("Status", 22),
    Column("Butir dinilai", 12),
    Column("Butir", 8),
    Column("Predikat", 20),
]


@require_GET
def team_export(request: HttpRequest) -> HttpResponseBase:
    """The sheet as Excel, for the same year and period as the page and the same subordinates."""
    context, status = _team_context(request, request.GET.get("periode"))
    if status != 200:
        return HttpResponseBadRequest(" ".join(context["errors"]))
    sheet = context["sheet"]
    rows = (
        (
            row.employee.nip or "",
            row.employee.nama_lengkap,
            row.skp.position.nama if row.skp else "",
            row.evaluation.get_status_display()
            if row.evaluation
            else ("Belum dibuka" if row.skp else "Belum ada SKP disetujui"),
            row.items if row.is_set else row.rated if row.evaluation else None,
            row.items if row.evaluation else None,
            row.evaluation.get_predikat_display()
            if row.evaluation and row.evaluation.predikat
            else "",
        )
        for row in (sheet.rows if sheet is not None else [])
    )
    name = f"evaluasi-{context['period'].tahun}-{context['periode_param']}" if sheet else "evaluasi"
    return xlsx_response(f"{name}.xlsx", TEAM_COLUMNS, rows)


@require_POST
def team_open(request: HttpRequest) -> HttpResponse:
    """Open the period for one subordinate (then straight to their form) or for all."""
    context, status = _team_context(request, request.POST.get("periode") or "x")
    sheet = context["sheet"]
    if sheet is None or status != 200:
        context["errors"] = context["errors"] or ["Tidak ada periode untuk dievaluasi."]
        return render(request, TEAM, context, status=400)
    wanted = request.POST.get("pegawai", "")
    rows = [r for r in sheet.evaluable if r.evaluation is None]
    if wanted:
        rows = [r for r in sheet.evaluable if str(r.employee.pk) == wanted]
        if not rows:
            raise PermissionDenied(
                "Pegawai ini tidak Anda nilai atau belum memiliki SKP yang disetujui."
            )
    opened, problems = open_for_team(
        actor=request.user, skps=[r.skp for r in rows], periode_ke=context["periode_ke"]
    )
    if problems:
        context, _ = _team_context(request, context["periode_param"])
        context["errors"] = problems
        return render(request, TEAM, context, status=400)
    if wanted and rows[0].skp is not None:
        evaluation = Evaluation.objects.filter(
            skp=rows[0].skp, periode_ke=context["periode_ke"]
        ).first()
        if evaluation is not None:
            return redirect("evaluation-detail", evaluation.pk)
    messages.success(request, f"{opened} evaluasi dibuka dan siap diisi.")
    return redirect(_team_url(context["period"], context["periode_param"]))


def _team_url(period: PerformancePeriod, periode_param: str) -> str:
    return f"{reverse('evaluation-team')}?tahun={period.tahun}&periode={periode_param}"


# --- the Dokumen Evaluasi -------------------------------------------------------------------------


def get_visible_evaluation(request: HttpRequest, pk: int) -> Evaluation:
    evaluation = evaluation_for_page(pk)
    if evaluation is None or not access.can_view_evaluation(request.user, evaluation):
        raise Http404("Evaluasi tidak ditemukan.")
    return evaluation


def _labels(doc: Document) -> dict[str, str]:
    labels = {f"r{r.pk}": f"Indikator “{r.indikator.uraian[:60]}”" for r in doc.results}
    labels.update({f"b{b.row.nilai}": NILAI_NAMES[b.row.nilai] for b in doc.behaviours})
    return labels


def _form_rows(doc: Document, submitted: DocumentInput | None) -> tuple[list, list]:
    """The rows with the values to show: what was submitted after a refusal, else stored."""
    results = []
    for row in doc.results:
        given = submitted.results.get(row.pk) if submitted else None
        results.append({
            "row": row,
            "realisasi": given.realisasi if given else row.realisasi,
            "bukti": given.bukti if given else row.bukti,
            "umpan_balik": given.umpan_balik if given else row.umpan_balik,
            "rating": given.rating if given else row.rating,
        })  # fmt: skip
    behaviours = []
    for item in doc.behaviours:
        given_b = submitted.behaviours.get(item.row.nilai) if submitted else None
        behaviours.append({
            "row": item.row, "nama": NILAI_NAMES[item.row.nilai], "ekspektasi": item.ekspektasi,
            "umpan_balik": given_b.umpan_balik if given_b else item.row.umpan_balik,
            "rating": given_b.rating if given_b else item.row.rating,
        })  # fmt: skip
    return results, behaviours


def document_context(
    request: HttpRequest, evaluation: Evaluation, submitted: DocumentInput | None = None,
    errors: list[str] | None = None,
) -> dict:  # fmt: skip
    doc = document(evaluation)
    user = request.user
    editable = access.can_evaluate(user, evaluation)
    results, behaviours = _form_rows(doc, submitted)
    saran_hasil, saran_perilaku = services.suggested_ratings(evaluation) if editable else ("", "")
    period = evaluation.skp.period
    context = {
        "evaluation": evaluation,
        "doc": doc,
        "results": results,
        "behaviours": behaviours,
        "editable": editable,
        "errors": errors or [],
        "submitted": submitted,
        "rating_options": RATING_OPTIONS,
        "rating_fields": _rating_fields(evaluation, submitted, (saran_hasil, saran_perilaku)),
        "periode_nama": periode_label(period.siklus_evaluasi, evaluation.periode_ke, period.tahun),
        "is_employee": access.is_evaluated_employee(user, evaluation),
        "can_decide": access.can_decide_objection(user, evaluation),
        "angka_kredit": selectors.angka_kredit_of(evaluation) if evaluation.predikat else None,
        "predikat": rules.Predikat(evaluation.predikat) if evaluation.predikat else None,
        "matrix_map": _matrix_map(),
        "inputs": (
            selectors_input.inputs_for_penilai(evaluation)
            if access.can_read_inputs(user, evaluation)
            else None
        ),
        "team_url": _team_url(
            period, "tahunan" if evaluation.periode_ke == ANNUAL else str(evaluation.periode_ke)
        ),
    }
    return context


def _matrix_map() -> dict[str, str]:
    """The predikat matrix for the page's live preview, keyed "hasil:perilaku"."""
    return {
        f"{hasil.value}:{perilaku.value}": rules.predikat(hasil, perilaku).label
        for hasil in rules.Rating
        for perilaku in rules.Rating
    }


def _rating_fields(
    evaluation: Evaluation, submitted: DocumentInput | None, saran: tuple[str, str]
) -> list[tuple[str, str, rules.Rating | None, str, str, bool]]:
    """Per aspect: the suggestion, the rating to show chosen ("" follows the suggestion, so
    that changing the feedback moves it), the reason, and whether the suggestion is fixed
    rather than following the feedback on the page (the annual one comes from the periods, a
    unit head's Hasil Kerja from the organisation)."""
    annual = evaluation.jenis == JenisEvaluasi.TAHUNAN
    head = not annual and services.organisation_of_head(evaluation) is not None
    fields = []
    for aspek, label, stored, alasan, suggested in (
        ("hasil", "Hasil Kerja", evaluation.rating_hasil, evaluation.alasan_hasil, saran[0]),
        ("perilaku", "Perilaku Kerja", evaluation.rating_perilaku, evaluation.alasan_perilaku,
         saran[1]),
    ):  # fmt: skip
        if submitted is not None:
            chosen = getattr(submitted, f"rating_{aspek}")
            alasan = getattr(submitted, f"alasan_{aspek}")
        else:
            chosen = "" if stored == suggested else stored
        fixed = annual or (head and aspek == "hasil")
        fields.append((aspek, label, rules.Rating(suggested) if suggested else None, chosen,
                       alasan, fixed))  # fmt: skip
    return fields


@require_GET
def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_visible_evaluation(request, pk)
    return render(request, DOCUMENT, document_context(request, evaluation))


@require_POST
def document_save(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_visible_evaluation(request, pk)
    if not access.can_evaluate(request.user, evaluation):
        raise PermissionDenied("Evaluasi ini tidak dapat Anda ubah.")
    doc = document(evaluation)
    submitted = parse_document(
        request.POST, [r.pk for r in doc.results], [b.row.nilai for b in doc.behaviours],
        _labels(doc),
    )  # fmt: skip
    if submitted.errors:
        return _refused(request, evaluation, submitted, submitted.errors)
    try:
        saved = services.save_document(
            actor=request.user, evaluation=evaluation, results=submitted.results,
            behaviours=submitted.behaviours, finalise=submitted.finalise,
            rating_hasil=submitted.rating_hasil, rating_perilaku=submitted.rating_perilaku,
            alasan_hasil=submitted.alasan_hasil, alasan_perilaku=submitted.alasan_perilaku,
        )  # fmt: skip
    except ValidationError as error:
        return _refused(request, evaluation, submitted, error.messages)
    if not submitted.finalise:
        messages.success(request, "Draf evaluasi disimpan.")
        return redirect("evaluation-detail", saved.pk)
    predikat = rules.Predikat(saved.predikat).label
    messages.success(
        request, f"Evaluasi {saved.employee.nama_lengkap} ditetapkan: predikat {predikat}."
    )
    return redirect(_after_setting(request, saved))


def _refused(request: HttpRequest, evaluation: Evaluation, submitted: DocumentInput,
             errors: list[str]) -> HttpResponse:  # fmt: skip
    evaluation.refresh_from_db()
    context = document_context(request, evaluation, submitted, errors)
    return render(request, DOCUMENT, context, status=400)


def _after_setting(request: HttpRequest, evaluation: Evaluation) -> str:
    """The next subordinate still in draft for the same period, else the sheet."""
    period = evaluation.skp.period
    sheet = team_sheet(roles_for(request.user).subordinate_ids, period, evaluation.periode_ke)
    following = sheet.next_after(evaluation.pk)
    if following is not None:
        return reverse("evaluation-detail", args=[following.pk])
    periode = "tahunan" if evaluation.periode_ke == ANNUAL else str(evaluation.periode_ke)
    return _team_url(period, periode)
