"""SKP pages: "SKP saya", the SKP form (an editor for its owner, read-only for everyone else who
may see it) and the approval inbox of the pejabat penilai.

Each view parses the input, checks access through `planning.access`, calls a service or a
selector and responds. Edits of a section are htmx POSTs answered with the re-rendered section
(400 with the errors on bad input); without htmx they redirect back to the SKP page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.people import hierarchy
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import Employee

from . import access, selectors, services
from .choices import (
    ADDITIVE_ASPEK,
    BERAKHLAK,
    EDITABLE_STATUSES,
    JenisForm,
    JenisRhk,
    Pendekatan,
    StatusSkp,
)
from .forms_skp import (
    IndikatorForm,
    LampiranForm,
    PendekatanForm,
    PerilakuForm,
    PushForm,
    ReturnForm,
    ReviseForm,
    RhkForm,
    TargetSplitForm,
)
from .models import Indikator, Rhk, Skp
from .targets import angka, target_text

MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
QUARTERS = ("TW I", "TW II", "TW III", "TW IV")
# Which form a `?buka=` value opens in the HASIL KERJA section.
OPEN_KEY = re.compile(
    r"^(rhk-baru-(?P<jenis>utama|tambahan)|(?P<kind>rhk|ind-baru|ind|target)-(?P<id>\d+))$"
)
LAMPIRAN = (
    ("dukungan_sumber_daya", "Dukungan sumber daya"),
    ("skema_pertanggungjawaban", "Skema pertanggungjawaban"),
    ("konsekuensi", "Konsekuensi"),
)
SECTIONS = {
    "hasil-kerja": "planning/skp/_hasil_kerja.html",
    "perilaku": "planning/skp/_perilaku.html",
    "lampiran": "planning/skp/_lampiran.html",
}


# --- SKP saya --------------------------------------------------------------------------------


def _home_context(request: HttpRequest) -> dict:
    roles = roles_for(request.user)
    me = roles.employee
    day = today()
    period = selectors.current_period(roles.instansi_id, day) if roles.instansi_id else None
    skp = selectors.live_skp(me, period) if me and period else None
    context: dict = {
        "me": me,
        "period": period,
        "skp": skp,
        "today": day,
        "is_atasan": roles.is_atasan,
        "problems": [],
        "others": [],
    }
    if skp is not None and skp.status in EDITABLE_STATUSES:
        context["problems"] = services.submission_problems(skp, day)
    if me is not None:
        # Every other version of my SKPs (older years, replaced or pending versions): read-only.
        mine = access.skps_visible_to(request.user).filter(employee=me).select_related("period")
        context["others"] = [
            s for s in mine.order_by("-period__tahun", "-version") if skp is None or s.pk != skp.pk
        ]
    return context


@require_GET
def skp_home(request: HttpRequest) -> HttpResponse:
    return render(request, "planning/skp/home.html", _home_context(request))


@require_POST
def skp_start(request: HttpRequest) -> HttpResponse:
    context = _home_context(request)
    me, period = context["me"], context["period"]
    if me is None:
        raise PermissionDenied("Akun ini belum terhubung dengan data pegawai.")
    if period is None:
        context["errors"] = ["Belum ada periode SKP untuk instansi Anda."]
        return render(request, "planning/skp/home.html", context, status=400)
    try:
        skp = services.start_skp(actor=request.user, employee=me, period=period)
    except ValidationError as error:
        context["errors"] = error.messages
        return render(request, "planning/skp/home.html", context, status=400)
    return redirect("skp-detail", pk=skp.pk)


# --- the SKP form ----------------------------------------------------------------------------


@dataclass
class Opened:
    """The one form open in the HASIL KERJA section (from `?buka=` or a failed POST)."""

    key: str = ""
    form: object = None
    parts: list[str] | None = None  # the period targets as typed, for a failed split
    errors: list[str] = field(default_factory=list)


def _parse_open(key: str) -> Opened:
    return Opened(key=key) if OPEN_KEY.match(key or "") else Opened()


def _period_labels(skp: Skp) -> tuple[str, ...]:
    return MONTHS if services.periods_of(skp) == 12 else QUARTERS


def _identity(skp: Skp, penilai: hierarchy.Superior | None) -> dict:
    """The two identity blocks: as frozen at approval, else as they stand today."""
    if skp.identitas and skp.status in (StatusSkp.DISETUJUI, StatusSkp.DIGANTI):
        return {**skp.identitas, "frozen": True}
    return {
        "pegawai": services.identity(skp.employee, skp.position),
        "penilai": services.identity(penilai.employee, penilai.position) if penilai else {},
        "frozen": False,
    }


def _rhk_form(skp: Skp, ctx: dict, data=None, rhk: Rhk | None = None, jenis: str = "") -> RhkForm:
    initial = {"jenis": jenis or JenisRhk.UTAMA}
    if rhk is not None:
        initial = {
            "jenis": rhk.jenis,
            "teks": rhk.teks,
            "rhk_atasan": rhk.rhk_atasan_id,
            "sasaran_strategis": rhk.sasaran_strategis_id,
            "perspektif": rhk.perspektif,
        }
    return RhkForm(
        data,
        initial=initial,
        atasan_options=[(r.pk, f"{r.skp.employee.nama_lengkap}: {r.teks}") for r in ctx["atasan"]],
        sasaran_options=[(s.pk, _sasaran_label(s)) for s in ctx["sasaran"]],
        is_jpt=skp.jenis_form == JenisForm.JPT,
    )


def _sasaran_label(sasaran) -> str:
    return f"{sasaran.kode} {sasaran.uraian}".strip()


def _indikator_form(data=None, indikator: Indikator | None = None) -> IndikatorForm:
    initial = {}
    if indikator is not None:
        same = indikator.target_min == indikator.target_max
        initial = {
            "aspek": indikator.aspek,
            "uraian": indikator.uraian,
            "target_min": _input(indikator.target_min),
            "target_max": "" if same else _input(indikator.target_max),
            "satuan": indikator.satuan,
        }
    return IndikatorForm(data, initial=initial)


def _plain(value) -> str:
    """A decimal without trailing zeros: 12 rather than 12.00, 12.5 rather than 12.50."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _input(value) -> str:
    """A decimal as the value of an input, with the Indonesian decimal comma: 12,5."""
    return _plain(value).replace(".", ",")


def _target_text(ind: Indikator) -> str:
    return target_text(
        ind.target_annual, ind.target_min, ind.target_max, is_range=ind.is_range,
        satuan=ind.satuan, empty="–",
    )  # fmt: skip


def _sasaran_options(skp: Skp) -> list:
    """Sasaran strategis of the PK a JPT's RHK may derive from ([] until that module exists)."""
    try:
        from .selectors_goals import sasaran_options_for_unit
    except ImportError:
        return []
    return list(sasaran_options_for_unit(skp.unit, skp.period.tahun))


def _attach_open(skp: Skp, ctx: dict, opened: Opened) -> None:
    """Put the open form on the row it belongs to, so the template shows it in place."""
    match = OPEN_KEY.match(opened.key)
    if not match or not ctx["editable"]:
        return
    rows = {r.pk: r for r in ctx["bundle"].utama + ctx["bundle"].tambahan}
    indicators = {i.pk: i for r in rows.values() for i in r.indikator.all()}
    if match["jenis"]:
        form = opened.form or _rhk_form(skp, ctx, jenis=match["jenis"])
        ctx["new_rhk"] = {"jenis": match["jenis"], "form": form, "errors": opened.errors}
        return
    kind, pk = match["kind"], int(match["id"])
    if kind == "rhk" and pk in rows:
        rows[pk].open_form = opened.form or _rhk_form(skp, ctx, rhk=rows[pk])
        rows[pk].open_errors = opened.errors
    elif kind == "ind-baru" and pk in rows:
        rows[pk].new_ind_form = opened.form or _indikator_form()
        rows[pk].open_errors = opened.errors
    elif kind == "ind" and pk in indicators:
        indicators[pk].open_form = opened.form or _indikator_form(indikator=indicators[pk])
        indicators[pk].open_errors = opened.errors
    elif kind == "target" and pk in indicators:
        ind = indicators[pk]
        if opened.parts is not None:
            values = opened.parts
        elif len(ind.targets.all()) == ctx["periods"]:
            values = [_input(t.target) for t in ind.targets.all()]
        else:
            values = [_input(v) for v in services.default_split(ind, ctx["periods"])]
        ind.split_inputs = list(zip(ctx["period_labels"], values, strict=False))
        ind.open_errors = opened.errors


def _skp_context(request: HttpRequest, skp: Skp, opened: Opened | None = None, **extra) -> dict:
    user = request.user
    day = today()
    bundle = selectors.skp_bundle(skp)
    owner = access.is_owner(user, skp)
    editable = access.can_edit_skp(user, skp)
    reviewer = access.can_review_skp(user, skp)
    penilai = hierarchy.pejabat_penilai(skp.employee, day)
    is_jpt = skp.jenis_form == JenisForm.JPT
    kualitatif = skp.pendekatan == Pendekatan.KUALITATIF
    periods = services.periods_of(skp)
    open_version = next(
        (v for v in bundle.versions if v.status in EDITABLE_STATUSES | {StatusSkp.DIAJUKAN}),
        None,
    )
    ctx: dict = {
        "skp": skp,
        "bundle": bundle,
        "owner": owner,
        "editable": editable,
        "reviewer": reviewer,
        "can_review": reviewer and skp.status == StatusSkp.DIAJUKAN,
        "can_edit_perilaku": editable or (reviewer and skp.status != StatusSkp.DIGANTI),
        "can_revise": owner and skp.status == StatusSkp.DISETUJUI and open_version is None,
        "open_version": open_version if open_version and open_version.pk != skp.pk else None,
        "penilai": penilai,
        "identitas": _identity(skp, penilai),
        "is_jpt": is_jpt,
        "kualitatif": kualitatif,
        "periods": periods,
        "period_labels": _period_labels(skp),
        # No, link, RHK, (aspek, IKI, target) or one qualitative column, perspektif, actions
        "columns": 3 + (1 if kualitatif else 3) + (1 if is_jpt else 0) + (1 if editable else 0),
        "ind_cols": 1 if kualitatif else 3,
        "parts": [
            ("A. Utama", JenisRhk.UTAMA, bundle.utama),
            ("B. Tambahan", JenisRhk.TAMBAHAN, bundle.tambahan),
        ],
        "perilaku_rows": [
            (nilai, name, panduan, bundle.perilaku.get(nilai, ""))
            for nilai, (name, panduan) in enumerate(BERAKHLAK, start=1)
        ],
        "history": _history_rows(bundle.history),
        "problems": services.submission_problems(skp, day) if editable else [],
        "atasan": selectors.penilai_rhk_options(skp, day) if editable else [],
        "sasaran": _sasaran_options(skp) if editable and is_jpt else [],
        "section_errors": {},
        "new_rhk": None,
    }
    ctx["identity_blocks"] = [
        ("Pegawai yang dinilai", ctx["identitas"].get("pegawai")),
        ("Pejabat penilai kinerja", ctx["identitas"].get("penilai")),
    ]
    ctx.update(extra)
    # After a refused save, the text areas keep what was typed.
    typed = ctx.get("perilaku_form")
    if typed is not None:
        ctx["perilaku_rows"] = [
            (nilai, name, panduan, typed.data.get(f"nilai_{nilai}", text))
            for nilai, name, panduan, text in ctx["perilaku_rows"]
        ]
    typed = ctx.get("lampiran_form")
    ctx["lampiran"] = [
        (name, label, typed.data.get(name, "") if typed is not None else getattr(skp, name))
        for name, label in LAMPIRAN
    ]
    labels = ctx["period_labels"]
    for rhk in bundle.utama + bundle.tambahan:
        for ind in rhk.indikator.all():
            ind.additive = ind.aspek in ADDITIVE_ASPEK
            ind.target_text = _target_text(ind)
            ind.period_rows = [
                (labels[t.periode_ke - 1], angka(t.target))
                for t in ind.targets.all()
                if t.periode_ke <= len(labels)
            ]
    _attach_open(skp, ctx, opened or Opened())
    return ctx


def _history_rows(events) -> list[dict]:
    """Who moved the SKP from which status to which, newest first, with the actor's name."""
    names = dict(
        Employee.objects.filter(user_id__in={e.actor_id for e in events if e.actor_id})
        .values_list("user_id", "nama")
    )  # fmt: skip
    labels = dict(StatusSkp.choices)
    rows = []
    for event in events:
        data = event.data or {}
        actor = event.actor
        rows.append(
            {
                "at": event.created_at,
                "who": names.get(event.actor_id) or (actor.username if actor else "Sistem"),
                "from": labels.get(data.get("from", ""), data.get("from", "")) or "–",
                "to": labels.get(data.get("to", ""), data.get("to", "")),
                "reason": data.get("reason", ""),
                "version": data.get("version"),
            }
        )
    return rows


def _page(request: HttpRequest, skp: Skp, status: int = 200, **extra) -> HttpResponse:
    return render(
        request, "planning/skp/detail.html", _skp_context(request, skp, **extra), status=status
    )


@require_GET
def skp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    skp = access.get_skp_for_user(request.user, pk)
    return _page(request, skp, opened=_parse_open(request.GET.get("buka", "")))


@require_GET
def skp_hasil_kerja(request: HttpRequest, pk: int) -> HttpResponse:
    """The HASIL KERJA section with one form open (`?buka=`), for htmx."""
    skp = access.get_skp_for_user(request.user, pk)
    key = request.GET.get("buka", "")
    if not request.htmx:
        url = reverse("skp-detail", args=[skp.pk])
        return redirect(f"{url}?buka={key}#hasil-kerja" if _parse_open(key).key else url)
    return _section(request, skp, "hasil-kerja", opened=_parse_open(key))


def _section(
    request: HttpRequest,
    skp: Skp,
    section: str,
    *,
    status: int = 200,
    opened: Opened | None = None,
    errors: list[str] | None = None,
    **extra,
) -> HttpResponse:
    """The answer to an edit: the section (plus the status panel, out of band) for htmx; a
    redirect back, or the whole page with the errors, without htmx."""
    if not request.htmx and status < 400:
        return redirect(reverse("skp-detail", args=[skp.pk]) + f"#{section}")
    context = _skp_context(request, skp, opened=opened, **extra)
    context["section_errors"] = {section.replace("-", "_"): errors or []}
    if not request.htmx:
        return render(request, "planning/skp/detail.html", context, status=status)
    context["section"] = SECTIONS[section]
    return render(request, "planning/skp/_section.html", context, status=status)


def _owned(request: HttpRequest, pk: int) -> Skp:
    """The SKP when the user is its owner; others get 403 (404 when they may not even see it)."""
    skp = access.get_skp_for_user(request.user, pk)
    if not access.is_owner(request.user, skp):
        raise PermissionDenied("Hanya pemilik SKP yang dapat mengubahnya.")
    return skp


def _locked(skp: Skp) -> list[str]:
    if skp.status in EDITABLE_STATUSES:
        return []
    return [
        f"SKP berstatus {skp.get_status_display()} tidak dapat diubah. "
        "Buat versi baru bila SKP yang disetujui perlu diubah."
    ]


def _form_errors(form) -> list[str]:
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        found += [f"{label}: {e}" if label else str(e) for e in errors]
    return found


@require_POST
def rhk_save(request: HttpRequest, pk: int, rhk_pk: int | None = None) -> HttpResponse:
    skp = _owned(request, pk)
    rhk = get_object_or_404(skp.rhk, pk=rhk_pk) if rhk_pk else None
    jenis = request.POST.get("jenis", "")
    key = f"rhk-{rhk.pk}" if rhk else f"rhk-baru-{jenis if jenis in JenisRhk.values else 'utama'}"
    if locked := _locked(skp):
        return _section(request, skp, "hasil-kerja", status=400, errors=locked)
    day = today()
    ctx = {
        "atasan": selectors.penilai_rhk_options(skp, day),
        "sasaran": _sasaran_options(skp) if skp.jenis_form == JenisForm.JPT else [],
    }
    form = _rhk_form(skp, ctx, request.POST, rhk=rhk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_rhk(
                actor=request.user,
                skp=skp,
                rhk=rhk,
                jenis=data["jenis"],
                teks=data["teks"],
                rhk_atasan=next((r for r in ctx["atasan"] if r.pk == data["rhk_atasan"]), None),
                sasaran_strategis=next(
                    (s for s in ctx["sasaran"] if s.pk == data.get("sasaran_strategis")), None
                ),
                perspektif=data.get("perspektif", ""),
            )
        except ValidationError as error:
            opened = Opened(key, form, errors=error.messages)
            return _section(request, skp, "hasil-kerja", status=400, opened=opened)
        return _section(request, skp, "hasil-kerja")
    # The form shows its own field errors in place.
    return _section(request, skp, "hasil-kerja", status=400, opened=Opened(key, form))


@require_POST
def rhk_delete(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = _owned(request, pk)
    rhk = get_object_or_404(skp.rhk, pk=rhk_pk)
    try:
        services.delete_rhk(actor=request.user, rhk=rhk)
    except ValidationError as error:
        return _section(request, skp, "hasil-kerja", status=400, errors=error.messages)
    return _section(request, skp, "hasil-kerja")


def _indikator_of(skp: Skp, pk: int) -> Indikator:
    indikator = get_object_or_404(Indikator.objects.select_related("rhk"), pk=pk, rhk__skp=skp)
    indikator.rhk.skp = skp
    return indikator


@require_POST
def indikator_save(
    request: HttpRequest, pk: int, rhk_pk: int | None = None, ind_pk: int | None = None
) -> HttpResponse:
    skp = _owned(request, pk)
    indikator = _indikator_of(skp, ind_pk) if ind_pk else None
    rhk = indikator.rhk if indikator else get_object_or_404(skp.rhk, pk=rhk_pk)
    key = f"ind-{indikator.pk}" if indikator else f"ind-baru-{rhk.pk}"
    if locked := _locked(skp):
        return _section(request, skp, "hasil-kerja", status=400, errors=locked)
    form = _indikator_form(request.POST, indikator)
    if not form.is_valid():
        return _section(request, skp, "hasil-kerja", status=400, opened=Opened(key, form))
    try:
        services.save_indikator(
            actor=request.user, rhk=rhk, indikator=indikator, **form.cleaned_data
        )
    except ValidationError as error:
        opened = Opened(key, form, errors=error.messages)
        return _section(request, skp, "hasil-kerja", status=400, opened=opened)
    return _section(request, skp, "hasil-kerja")


@require_POST
def indikator_delete(request: HttpRequest, pk: int, ind_pk: int) -> HttpResponse:
    skp = _owned(request, pk)
    indikator = _indikator_of(skp, ind_pk)
    try:
        services.delete_indikator(actor=request.user, indikator=indikator)
    except ValidationError as error:
        return _section(request, skp, "hasil-kerja", status=400, errors=error.messages)
    return _section(request, skp, "hasil-kerja")


@require_POST
def targets_save(request: HttpRequest, pk: int, ind_pk: int) -> HttpResponse:
    """The monthly or quarterly split of one indicator: evenly ("Bagi rata") or as typed."""
    skp = _owned(request, pk)
    indikator = _indikator_of(skp, ind_pk)
    key = f"target-{indikator.pk}"
    if locked := _locked(skp):
        return _section(request, skp, "hasil-kerja", status=400, errors=locked)
    form = TargetSplitForm(request.POST, periods=services.periods_of(skp))
    typed = list(request.POST.getlist("target"))
    if not form.is_valid():
        opened = Opened(key, parts=typed, errors=_form_errors(form))
        return _section(request, skp, "hasil-kerja", status=400, opened=opened)
    parts = None if form.cleaned_data["aksi"] == "rata" else form.parts
    try:
        services.set_period_targets(actor=request.user, indikator=indikator, parts=parts)
    except ValidationError as error:
        opened = Opened(key, parts=typed, errors=error.messages)
        return _section(request, skp, "hasil-kerja", status=400, opened=opened)
    return _section(request, skp, "hasil-kerja")


@require_POST
def perilaku_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Ekspektasi khusus pimpinan: the owner while drafting, or the pejabat penilai."""
    skp = access.get_skp_for_user(request.user, pk)
    if not access.is_owner(request.user, skp) and not access.can_review_skp(request.user, skp):
        raise PermissionDenied("Hanya pemilik SKP atau pejabat penilainya yang dapat mengubahnya.")
    form = PerilakuForm(request.POST)
    if not form.is_valid():
        return _section(
            request, skp, "perilaku", status=400, errors=_form_errors(form), perilaku_form=form
        )
    try:
        with transaction.atomic():
            for nilai, text in form.values().items():
                services.save_perilaku(
                    actor=request.user, skp=skp, nilai=nilai, ekspektasi_khusus=text
                )
    except ValidationError as error:
        return _section(
            request, skp, "perilaku", status=400, errors=error.messages, perilaku_form=form
        )
    return _section(request, skp, "perilaku", saved=True)


@require_POST
def lampiran_save(request: HttpRequest, pk: int) -> HttpResponse:
    skp = _owned(request, pk)
    form = LampiranForm(request.POST)
    if not form.is_valid():
        return _section(
            request, skp, "lampiran", status=400, errors=_form_errors(form), lampiran_form=form
        )
    try:
        services.update_skp_details(
            actor=request.user, skp=skp, pendekatan=skp.pendekatan, **form.cleaned_data
        )
    except ValidationError as error:
        skp.refresh_from_db()
        return _section(
            request, skp, "lampiran", status=400, errors=error.messages, lampiran_form=form
        )
    return _section(request, skp, "lampiran", saved=True)


@require_POST
def pendekatan_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Kuantitatif or kualitatif: changes the columns of the whole form, so a full reload."""
    skp = _owned(request, pk)
    form = PendekatanForm(request.POST)
    problems = _form_errors(form) if not form.is_valid() else []
    if not problems:
        try:
            services.update_skp_details(
                actor=request.user,
                skp=skp,
                pendekatan=form.cleaned_data["pendekatan"],
                dukungan_sumber_daya=skp.dukungan_sumber_daya,
                skema_pertanggungjawaban=skp.skema_pertanggungjawaban,
                konsekuensi=skp.konsekuensi,
            )
        except ValidationError as error:
            problems = error.messages
            skp.refresh_from_db()
    if problems:
        return _page(request, skp, status=400, action_errors=problems)
    messages.success(request, f"Pendekatan diubah menjadi {skp.get_pendekatan_display()}.")
    return redirect("skp-detail", pk=skp.pk)


# --- the workflow ----------------------------------------------------------------------------


@require_POST
def skp_submit(request: HttpRequest, pk: int) -> HttpResponse:
    skp = access.get_skp_for_user(request.user, pk)
    try:
        services.submit_skp(actor=request.user, skp=skp)
    except ValidationError as error:
        return _page(request, skp, status=400, action_errors=error.messages)
    messages.success(request, "SKP telah diajukan kepada pejabat penilai.")
    return redirect("skp-detail", pk=skp.pk)


@require_POST
def skp_approve(request: HttpRequest, pk: int) -> HttpResponse:
    skp = access.get_skp_for_user(request.user, pk)
    try:
        services.approve_skp(actor=request.user, skp=skp)
    except ValidationError as error:
        return _page(request, skp, status=400, action_errors=error.messages)
    messages.success(request, f"SKP {skp.employee.nama_lengkap} telah disetujui.")
    return redirect("skp-detail", pk=skp.pk)


@require_POST
def skp_return(request: HttpRequest, pk: int) -> HttpResponse:
    skp = access.get_skp_for_user(request.user, pk)
    if not access.can_review_skp(request.user, skp):
        raise PermissionDenied(
            "Hanya pejabat penilai pegawai ini yang dapat mengembalikan SKP-nya."
        )
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _page(request, skp, status=400, return_form=form)
    try:
        services.return_skp(actor=request.user, skp=skp, reason=form.cleaned_data["alasan"])
    except ValidationError as error:
        return _page(request, skp, status=400, action_errors=error.messages, return_form=form)
    messages.success(request, f"SKP {skp.employee.nama_lengkap} dikembalikan untuk diperbaiki.")
    return redirect("skp-detail", pk=skp.pk)


@require_POST
def skp_revise(request: HttpRequest, pk: int) -> HttpResponse:
    skp = access.get_skp_for_user(request.user, pk)
    form = ReviseForm(request.POST)
    if not form.is_valid():
        return _page(request, skp, status=400, revise_form=form)
    try:
        new = services.revise_skp(actor=request.user, skp=skp, reason=form.cleaned_data["alasan"])
    except ValidationError as error:
        return _page(request, skp, status=400, action_errors=error.messages, revise_form=form)
    messages.success(
        request, f"Versi {new.version} dibuat sebagai draf; versi {skp.version} tetap berlaku."
    )
    return redirect("skp-detail", pk=new.pk)


# --- the approval inbox ----------------------------------------------------------------------


STATUS_ORDER = (
    (StatusSkp.DIAJUKAN, "Diajukan", "warning"),
    (StatusSkp.DIKEMBALIKAN, "Dikembalikan", "danger"),
    (StatusSkp.DRAFT, "Draf", "secondary"),
    (StatusSkp.DISETUJUI, "Disetujui", "success"),
    ("belum", "Belum membuat SKP", "secondary-subtle"),
)


def _inbox_context(request: HttpRequest, **extra) -> dict:
    roles = roles_for(request.user)
    me = roles.employee
    day = today()
    period = selectors.current_period(roles.instansi_id, day) if roles.instansi_id else None
    context: dict = {"me": me, "period": period, "rows": [], "counts": [], "my_rhk": []}
    if me is None or period is None:
        return context | extra
    rows = selectors.subordinate_skps(me, period, day)
    tally = Counter(row.skp.status if row.skp else "belum" for row in rows)
    my_skp = selectors.live_skp(me, period)
    my_rhk = list(my_skp.rhk.order_by("jenis", "urutan", "id")) if my_skp else []
    context.update(
        rows=rows,
        counts=[(label, tally.get(key, 0), css) for key, label, css in STATUS_ORDER],
        my_skp=my_skp,
        my_rhk=my_rhk,
        push_form=_push_form(None, rows, my_rhk),
    )
    return context | extra


def _push_form(data, rows, my_rhk) -> PushForm:
    return PushForm(
        data,
        rhk_options=[(r.pk, f"{r.get_jenis_display()}: {r.teks}") for r in my_rhk],
        employee_options=[(row.employee.pk, row.employee.nama_lengkap) for row in rows],
    )


@require_GET
def skp_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "planning/skp/inbox.html", _inbox_context(request))


INBOX_COLUMNS = [
    Column("NIP", 20, text=True),
    Column("Pegawai", 30),
    Column("Status SKP", 20),
    Column("Versi", 8),
    Column("Diajukan", 18, text=True),
]


@require_GET
def skp_inbox_export(request: HttpRequest) -> HttpResponseBase:
    """The inbox table as Excel: the same subordinates and SKP the page lists, nobody else."""
    roles = roles_for(request.user)
    day = today()
    period = selectors.current_period(roles.instansi_id, day) if roles.instansi_id else None
    rows: list = []
    if roles.employee is not None and period is not None:
        rows = selectors.subordinate_skps(roles.employee, period, day)
    cells = (
        (
            row.employee.nip or "",
            row.employee.nama_lengkap,
            row.skp.get_status_display() if row.skp else "Belum membuat SKP",
            row.skp.version if row.skp else None,
            timezone.localtime(row.skp.diajukan_at).strftime("%Y-%m-%d %H:%M")
            if row.skp and row.skp.diajukan_at and row.skp.status == StatusSkp.DIAJUKAN
            else "",
        )
        for row in rows
    )
    return xlsx_response(f"persetujuan-skp-{day:%Y%m%d}.xlsx", INBOX_COLUMNS, cells)


@require_POST
def skp_push(request: HttpRequest) -> HttpResponse:
    """Give one of my RHK to several subordinates at once (services.push_rhk)."""
    context = _inbox_context(request)
    if context["me"] is None or context["period"] is None:
        raise PermissionDenied("Tidak ada SKP atau bawahan yang dapat diberi RHK.")
    form = _push_form(request.POST, context["rows"], context["my_rhk"])
    if not form.is_valid():
        context["push_form"] = form
        return render(request, "planning/skp/inbox.html", context, status=400)
    rhk = next(r for r in context["my_rhk"] if r.pk == form.cleaned_data["rhk"])
    chosen = set(form.cleaned_data["pegawai"])
    people = [row.employee for row in context["rows"] if row.employee.pk in chosen]
    result = services.push_rhk(actor=request.user, rhk=rhk, employees=people)
    # Read again: pushing may have started drafts for subordinates who had none.
    context = _inbox_context(request, push_result=result, pushed_rhk=rhk)
    return render(request, "planning/skp/inbox.html", context)
