"""The supervisor's validation queue: pending activities with their anomaly flags, filtered with
htmx, and decisions on ticked rows or on everything the current filter matches.

A decision never trusts the ids it receives: they must all sit in the user's queue at the moment
of the decision (the queue is derived again on the server), otherwise nothing changes. Nor does
it approve what the validator never saw: the page carries the time it was rendered, a ticked row
submitted again after it refuses the decision, and "semua" leaves later submissions for next time.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ekinerja.core.tabular import Column, xlsx_response

from . import services
from .forms_validation import FILTER_FIELDS, DecisionForm, QueueFilterForm
from .models import Activity
from .selectors_queue import (
    TANPA_TARGET,
    Queue,
    QueueFilter,
    check_ticked,
    queue_ids,
    queue_rows,
    validation_queue,
)

PAGE = "activity/validation/queue.html"
SECTION = "activity/validation/_queue.html"
DONE = {"setujui": "disetujui", "tolak": "ditolak", "kembalikan": "dikembalikan"}
OUTSIDE = (
    "Sebagian aktivitas yang dipilih tidak ada dalam antrean validasi Anda (sudah diputuskan, "
    "dialihkan ke atasan, atau bukan milik pegawai yang Anda nilai). Tidak ada yang diubah."
)


@require_GET
def queue_page(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(_filter_data(request.GET) or None)
    if form.is_bound and not form.is_valid():
        queue = validation_queue(request.user, QueueFilter())
        context = _context(request, form, queue, errors=form.messages())
        return render(request, _template(request), context, status=400)
    queue = validation_queue(request.user, form.to_filter(), request.GET.get("page") or 1)
    return render(request, _template(request), _context(request, form, queue))


EXPORT_COLUMNS = [
    Column("NIP", 20, text=True),
    Column("Pegawai", 30),
    Column("Tanggal", 12),
    Column("Mulai", 8, text=True),
    Column("Selesai", 8, text=True),
    Column("Menit", 8),
    Column("Target", 40),
    Column("Uraian", 50),
    Column("Hasil", 10),
    Column("Satuan", 12),
    Column("Diajukan", 18, text=True),
    Column("Eskalasi", 10),
    Column("Tanda", 40),
]


@require_GET
def queue_export(request: HttpRequest) -> HttpResponseBase:
    """The queue as the page shows it under the same filters, every page at once."""
    form = QueueFilterForm(_filter_data(request.GET) or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.messages()))
    rows = (
        (
            r.activity.employee.nip or "",
            r.activity.employee.nama_lengkap,
            r.activity.tanggal,
            r.activity.mulai.strftime("%H:%M"),
            r.activity.selesai.strftime("%H:%M"),
            r.activity.menit,
            r.activity.indikator.uraian if r.activity.indikator else "Tugas tambahan",
            r.activity.uraian,
            r.activity.jumlah_output,
            r.activity.satuan,
            timezone.localtime(r.activity.diajukan_at).strftime("%Y-%m-%d %H:%M")
            if r.activity.diajukan_at
            else "",
            r.eskalasi,
            "; ".join(f.label for f in r.flags),
        )
        for r in queue_rows(request.user, form.to_filter())
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(f"antrean-validasi-{stamp}.xlsx", EXPORT_COLUMNS, rows)


@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(_filter_data(request.POST))
    decision = DecisionForm(request.POST)
    if not (filters.is_valid() and decision.is_valid()):
        return _refused(request, filters, decision, filters.messages() + decision.messages())
    seen = decision.cleaned_data["dilihat"]
    if decision.cleaned_data["semua"]:
        ids = queue_ids(request.user, filters.to_filter(), seen)
    else:
        ids = decision.cleaned_data["id"]
        ticked = check_ticked(request.user, ids, seen)
        if ticked.outside:
            return _refused(request, filters, decision, [OUTSIDE], status=403)
        if ticked.changed:
            message = (
                f"{ticked.changed} aktivitas diubah setelah halaman ini dibuka; muat ulang "
                "antrean lalu periksa kembali. Tidak ada yang diubah."
            )
            return _refused(request, filters, decision, [message], status=409)
    if not ids:
        message = "Tidak ada aktivitas yang cocok dengan filter ini."
        return _refused(request, filters, decision, [message])
    verdict = decision.cleaned_data["keputusan"]
    try:
        count = services.validate_activities(
            actor=request.user,
            activities=list(Activity.objects.filter(pk__in=ids).only("pk")),
            verdict=verdict,
            alasan=decision.cleaned_data["alasan"],
        )
    except ValidationError as error:
        return _refused(request, filters, decision, error.messages)
    except PermissionDenied as error:
        return _refused(request, filters, decision, [str(error) or OUTSIDE], status=403)
    messages.success(request, f"{count} aktivitas {DONE[verdict]}.")
    query = _filter_query(filters)
    return redirect(f"{reverse('activity-queue')}?{query}" if query else "activity-queue")


def _refused(
    request: HttpRequest,
    filters: QueueFilterForm,
    decision: DecisionForm,
    errors: list[str],
    status: int = 400,
) -> HttpResponse:
    flt = filters.to_filter() if filters.is_valid() else QueueFilter()
    queue = validation_queue(request.user, flt, request.POST.get("page") or 1)
    context = _context(request, filters, queue, errors=errors, decision=decision)
    return render(request, PAGE, context, status=status)


def _template(request: HttpRequest) -> str:
    return SECTION if getattr(request, "htmx", False) else PAGE


def _filter_data(data: QueryDict) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        if data.get(name):
            kept[name] = data[name]
    return kept


def _filter_query(filters: QueueFilterForm) -> str:
    return _filter_data(filters.data).urlencode() if filters.is_bound else ""


def _chip_query(filters: QueueFilterForm, employee_id: int | None) -> str:
    data = _filter_data(filters.data) if filters.is_bound else QueryDict(mutable=True)
    data.pop("pegawai", None)
    if employee_id is not None:
        data["pegawai"] = str(employee_id)
    return data.urlencode()


def _context(
    request: HttpRequest,
    filters: QueueFilterForm,
    queue: Queue,
    errors: list[str] | None = None,
    decision: DecisionForm | None = None,
) -> dict:
    current = filters.data if filters.is_bound else {}
    selected = decision.data.getlist("id") if decision is not None else []
    return {
        "queue": queue,
        "form": filters,
        "decision": decision or DecisionForm(),
        "errors": errors or [],
        "current": {name: current.get(name, "") for name in FILTER_FIELDS},
        "querystring": _filter_query(filters),
        "chips": [
            (c, _chip_query(filters, c.employee.pk), current.get("pegawai") == str(c.employee.pk))
            for c in queue.per_employee
        ],
        "all_query": _chip_query(filters, None),
        # After the last activity of the chosen employee is decided the filter stays, so the
        # select must still show it rather than fall back to "Semua pegawai".
        "pegawai_tanpa_antrean": bool(current.get("pegawai"))
        and current.get("pegawai") not in {str(c.employee.pk) for c in queue.per_employee},
        "selected": set(selected),
        "tanpa_target": TANPA_TARGET,
        # Read back on a decision: rows submitted after this moment were not on the page.
        "dilihat": timezone.now().isoformat(),
        "page_range": queue.page.paginator.get_elided_page_range(queue.page.number)
        if queue.page
        else [],
    }
