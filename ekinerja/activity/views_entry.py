"""The employee's own activity pages: the day (list, minutes and the entry form, with repeats
and favourites), editing and deleting an entry, and the month as a calendar.

Each view parses the input, checks access through `activity.access` (or `people.access` for
another employee's month), calls a service or a selector and responds. Forms post with htmx
and are answered with the re-rendered form, the day's list and minutes following out of band
(400 with the messages on bad input); without JavaScript a success redirects back to the day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ekinerja.core.closing import closed_message, is_closed
from ekinerja.core.params import whole_number
from ekinerja.core.uploads import serve_document
from ekinerja.people.access import roles_for
from ekinerja.people.models import Employee

from . import access, daysheet, selectors_entry, services, services_favorites
from . import rules as r
from .choices import EDITABLE, StatusAktivitas
from .forms import (
    ActivityForm,
    FavoriteForm,
    FavoriteNameForm,
    default_favorite_name,
)
from .models import Activity, ActivityFavorite
from .productivity import monthly_productivity
from .selectors import policy_on, rules_of, rules_on

# Far enough either way for any real use, and keeps the previous/next links computable.
YEARS = range(2000, 2101)
DATE_HELP = "Tanggal harus berformat TTTT-BB-HH, misalnya 2026-03-10."
MONTH_HELP = "Bulan harus berformat TTTT-BB, misalnya 2026-03."
WEEKDAYS = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
NO_EMPLOYEE = "Akun ini tidak terhubung dengan data pegawai, sehingga tidak memiliki aktivitas."


# --- parsing ---------------------------------------------------------------------------------


def _me(request: HttpRequest) -> Employee:
    employee = roles_for(request.user).employee
    if employee is None:
        raise PermissionDenied(NO_EMPLOYEE)
    return employee


def _today() -> dt.date:
    return timezone.localdate()


def _parse_day(value: str | None) -> tuple[dt.date, list[str]]:
    """The day asked for, or today with a message when it cannot be read."""
    if not value:
        return _today(), []
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return _today(), [DATE_HELP]
    if day.year not in YEARS:
        return _today(), ["Tanggal di luar rentang yang dapat ditampilkan."]
    return day, []


def _parse_month(value: str | None) -> tuple[int, int, list[str]]:
    day = _today()
    if not value:
        return day.year, day.month, []
    try:
        first = dt.date.fromisoformat(f"{value}-01")
    except ValueError:
        return day.year, day.month, [MONTH_HELP]
    if first.year not in YEARS or len(value) != 7:
        return day.year, day.month, [MONTH_HELP]
    return first.year, first.month, []


def _plain(value: Decimal | None) -> str:
    """A decimal as typed by people: 2,5 rather than 2.50."""
    if value is None:
        return ""
    text = f"{value:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",")


# --- the entry form --------------------------------------------------------------------------


@dataclass
class Choices:
    groups: list[selectors_entry.TargetGroup]
    catalog: list


def _choices(me: Employee, day: dt.date, activity: Activity | None = None) -> Choices:
    """The targets of the day's year and the catalogue of the day's positions. An edited
    activity keeps its own target and item even when they left the lists (a replaced SKP
    version, an item switched off), so saving does not drop them silently."""
    groups = selectors_entry.target_groups(me, day.year)
    catalog = selectors_entry.catalog_options(me, day)
    if activity is not None:
        known = {i.pk for g in groups for i in g.indicators}
        if activity.indikator_id and activity.indikator_id not in known:
            groups.append(selectors_entry.TargetGroup(activity.indikator.rhk, [activity.indikator]))
        if activity.catalog_item_id and activity.catalog_item_id not in {c.pk for c in catalog}:
            catalog.append(activity.catalog_item)
    return Choices(groups, catalog)


def _form(me: Employee, day: dt.date, *, data=None, files=None, initial=None,
          activity: Activity | None = None) -> ActivityForm:  # fmt: skip
    options = _choices(me, day, activity)
    return ActivityForm(
        data, files, initial=initial, groups=options.groups, catalog=options.catalog
    )


def _fresh_initial(day: dt.date, activities: list[Activity], source=None) -> dict:
    """A new entry starts where the day's last one ended; a repeat or a favourite brings its
    work, target, output and duration."""
    start = daysheet.suggested_start(
        a.selesai for a in activities if a.status != StatusAktivitas.DITOLAK
    )
    minutes = source.menit if source is not None else None
    end = daysheet.suggested_end(start, tanggal=day, now=timezone.localtime(), minutes=minutes)
    initial = {"tanggal": day, "mulai": start, "selesai": end, "jumlah_output": "1"}
    if source is not None:
        initial.update(
            uraian=source.uraian,
            indikator=source.indikator_id,
            catalog_item=source.catalog_item_id,
            jumlah_output=_plain(source.jumlah_output),
            satuan=source.satuan,
        )
    return initial


def _edit_initial(activity: Activity) -> dict:
    return {
        "tanggal": activity.tanggal,
        "mulai": activity.mulai,
        "selesai": activity.selesai,
        "indikator": activity.indikator_id,
        "catalog_item": activity.catalog_item_id,
        "uraian": activity.uraian,
        "jumlah_output": _plain(activity.jumlah_output),
        "satuan": activity.satuan,
        "bukti_tautan": activity.bukti_tautan,
    }


def _input(data: dict) -> services.ActivityInput:
    return services.ActivityInput(
        tanggal=data["tanggal"],
        mulai=data["mulai"],
        selesai=data["selesai"],
        uraian=data["uraian"],
        jumlah_output=data["jumlah_output"],
        satuan=data["satuan"],
        indikator_id=data["indikator"],
        catalog_item_id=data["catalog_item"],
        bukti_tautan=data["bukti_tautan"],
    )


def _store_evidence(activity: Activity, upload: UploadedFile | None, clear: bool) -> None:
    """Put the uploaded file on the activity, inside the caller's transaction. The service
    input has no file, so the row is written a second time with its name only."""
    old = activity.bukti_berkas.name
    if upload is not None:
        activity.bukti_berkas.save(upload.name, upload, save=False)
    elif clear:
        activity.bukti_berkas = ""
    else:
        return
    Activity.objects.filter(pk=activity.pk).update(bukti_berkas=activity.bukti_berkas.name)
    _discard_file(activity, old, keep=activity.bukti_berkas.name)


def _discard_file(activity: Activity, name: str, keep: str = "") -> None:
    # Only once the change is committed: a rolled-back edit must still find its old file.
    if name and name != keep:
        transaction.on_commit(partial(activity.bukti_berkas.storage.delete, name))


# --- the day ---------------------------------------------------------------------------------


@dataclass
class DayPage:
    """Everything the day page and its fragments show, with what the request adds to it."""

    form: ActivityForm | None = None
    editing: Activity | None = None
    errors: list[str] = field(default_factory=list)
    notice: str = ""
    page_errors: list[str] = field(default_factory=list)
    list_errors: list[str] = field(default_factory=list)
    list_notice: str = ""
    favorite_errors: list[str] = field(default_factory=list)
    favorite_notice: str = ""
    source: Activity | ActivityFavorite | None = None


def _day_context(me: Employee, day: dt.date, page: DayPage) -> dict:
    today = _today()
    policy = policy_on(me.instansi_id, day)
    rules = rules_of(policy)
    activities = selectors_entry.day_activities(me.pk, day)
    closed = r.month_is_closed(rules, day, today)
    # A month paid by a TPP run refuses every change; say so before the employee tries.
    paid = [closed_message(day.year, day.month)] if is_closed(me.pk, day) else []
    for activity in activities:
        activity.changeable = activity.status in EDITABLE and not closed and not paid
        activity.output_text = _plain(activity.jumlah_output)
        # Rows written by other paths (imports, the admin) may hold any text here; only web
        # addresses become links, so a "javascript:" value is never clickable.
        activity.link_ok = activity.bukti_tautan.lower().startswith(("http://", "https://"))
    form = page.form
    # No empty form on a paid month: it could only be filled in to be refused.
    if form is None and page.editing is None and not paid:
        form = _form(me, day, initial=_fresh_initial(day, activities, page.source))
    return {
        "me": me,
        "day": day,
        "today": today,
        "is_today": day == today,
        "prev_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1) if day < today else None,
        "activities": activities,
        "totals": daysheet.day_totals(
            ((a.status, a.menit) for a in activities),
            target=policy.menit_per_hari_kerja,
            cap=policy.batas_menit_harian,
        ),
        "closed": closed,
        "entry_errors": paid + r.date_errors(rules, day, today),
        "form": form,
        "editing": page.editing,
        "errors": page.errors,
        "notice": page.notice,
        "source_label": _source_label(page.source),
        "recents": selectors_entry.recent_distinct(me.pk, today),
        "favorites": selectors_entry.favorites_of(me.pk),
        "page_errors": page.page_errors,
        "list_errors": page.list_errors,
        "list_notice": page.list_notice,
        "favorite_errors": page.favorite_errors,
        "favorite_notice": page.favorite_notice,
        "inline": True,
    }


def _source_label(source: Activity | ActivityFavorite | None) -> str:
    if isinstance(source, ActivityFavorite):
        return f"Diisi dari favorit “{source.nama}”."
    if isinstance(source, Activity):
        return f"Mengulang aktivitas {source.tanggal:%d-%m-%Y} pukul {_time_span(source)}."
    return ""


def _day_page(request: HttpRequest, me: Employee, day: dt.date, page: DayPage,
              status: int = 200) -> HttpResponse:  # fmt: skip
    context = _day_context(me, day, page)
    return render(request, "activity/entry/day.html", context, status=status)


def _day_url(day: dt.date) -> str:
    return f"{reverse('activity-day')}?tanggal={day:%Y-%m-%d}"


def _source(request: HttpRequest, me: Employee) -> Activity | ActivityFavorite | None:
    """The activity to repeat (`?ulang=`) or the favourite to use (`?favorit=`): only the
    employee's own; anyone else's is not found."""
    if (pk := whole_number(request.GET.get("ulang"))) is not None:
        found = selectors_entry.own_activity(me.pk, pk)
    elif (pk := whole_number(request.GET.get("favorit"))) is not None:
        found = selectors_entry.own_favorite(me.pk, pk)
    else:
        return None
    if found is None:
        raise Http404("Aktivitas atau favorit tidak ditemukan.")
    return found


@require_GET
def day_view(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    day, problems = _parse_day(request.GET.get("tanggal"))
    page = DayPage(page_errors=problems, source=_source(request, me))
    return _day_page(request, me, day, page, status=400 if problems else 200)


def _posted_day(request: HttpRequest) -> dt.date:
    """The day the form was sent for, so its lists are those of that day; a broken date is
    reported by the form itself."""
    return _parse_day(request.POST.get("tanggal"))[0]


def _page_day(request: HttpRequest) -> dt.date | None:
    """The day shown on the page the form was sent from."""
    day, problems = _parse_day(request.POST.get("halaman"))
    return None if problems or not request.POST.get("halaman") else day


def _refused(request: HttpRequest, me: Employee, day: dt.date, page: DayPage) -> HttpResponse:
    """The form again with its messages (400); nothing was stored."""
    if request.htmx:
        context = _day_context(me, _page_day(request) or day, page)
        return render(request, "activity/entry/_form.html", context, status=400)
    if page.editing is not None:
        return _edit_page(request, page.editing, page, status=400)
    return _day_page(request, me, day, page, status=400)


def _saved(request: HttpRequest, me: Employee, day: dt.date, notice: str) -> HttpResponse:
    """htmx on the same day: a fresh form with the day's list and minutes out of band. Any
    other case goes back to the day of the activity with the message."""
    if request.htmx and _page_day(request) == day:
        context = _day_context(me, day, DayPage(notice=notice))
        return render(request, "activity/entry/_saved.html", context)
    messages.success(request, notice)
    if request.htmx:
        return HttpResponseClientRedirect(_day_url(day))
    return redirect(_day_url(day))


def _time_span(activity: Activity) -> str:
    return f"{activity.mulai:%H:%M}–{activity.selesai:%H:%M}"


@require_POST
def activity_create(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    day = _posted_day(request)
    form = _form(me, day, data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _refused(request, me, day, DayPage(form=form))
    try:
        with transaction.atomic():
            activity = services.record_activity(actor=request.user, data=_input(form.cleaned_data))
            _store_evidence(activity, form.cleaned_data["bukti_berkas"], clear=False)
    except ValidationError as error:
        return _refused(request, me, day, DayPage(form=form, errors=error.messages))
    notice = f"Aktivitas {_time_span(activity)} tersimpan dan menunggu validasi."
    return _saved(request, me, activity.tanggal, notice)


# --- edit and delete -------------------------------------------------------------------------


def _owned(request: HttpRequest, pk: int) -> Activity:
    """The activity when the user owns it; 403 for those who may only see it, 404 for the
    rest, so ids cannot be probed."""
    activity = access.get_activity_for_user(request.user, pk)
    if not access.is_owner(request.user, activity):
        raise PermissionDenied("Hanya pemilik aktivitas yang dapat mengubah atau menghapusnya.")
    return activity


def _locked(activity: Activity) -> list[str]:
    """Why the owner may no longer change the activity, if so (the services refuse it too)."""
    if activity.status not in EDITABLE:
        label = activity.get_status_display().lower()
        return [f"Aktivitas yang sudah {label} tidak dapat diubah atau dihapus."]
    if is_closed(activity.employee_id, activity.tanggal):
        return [closed_message(activity.tanggal.year, activity.tanggal.month)]
    rules = rules_on(activity.instansi_id, activity.tanggal)
    if r.month_is_closed(rules, activity.tanggal, _today()):
        return [r.closed_month_message(activity.tanggal)]
    return []


def _edit_page(request: HttpRequest, activity: Activity, page: DayPage,
               status: int = 200) -> HttpResponse:  # fmt: skip
    context = {
        "day": activity.tanggal,
        "activity": activity,
        "form": page.form,
        "editing": activity,
        "errors": page.errors,
        "inline": False,
    }
    return render(request, "activity/entry/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _owned(request, pk)
    me = _me(request)
    if request.method == "GET":
        return _edit_form(request, me, activity)
    day = _posted_day(request)
    form = _form(me, day, data=request.POST, files=request.FILES, activity=activity)
    if not form.is_valid():
        return _refused(request, me, activity.tanggal, DayPage(form=form, editing=activity))
    try:
        with transaction.atomic():
            activity = services.update_activity(
                actor=request.user, activity=activity, data=_input(form.cleaned_data)
            )
            _store_evidence(
                activity, form.cleaned_data["bukti_berkas"], form.cleaned_data["hapus_berkas"]
            )
    except ValidationError as error:
        page = DayPage(form=form, editing=activity, errors=error.messages)
        return _refused(request, me, activity.tanggal, page)
    notice = f"Aktivitas {_time_span(activity)} diubah dan diajukan kembali untuk validasi."
    return _saved(request, me, activity.tanggal, notice)


def _edit_form(request: HttpRequest, me: Employee, activity: Activity) -> HttpResponse:
    """The edit form: in place on the day page with htmx, as its own page otherwise. An
    activity that can no longer change shows why instead (400)."""
    locked = _locked(activity)
    form = None if locked else _form(
        me, activity.tanggal, initial=_edit_initial(activity), activity=activity
    )  # fmt: skip
    page = DayPage(form=form, editing=activity, errors=locked)
    status = 400 if locked else 200
    if request.htmx:
        context = _day_context(me, activity.tanggal, page)
        return render(request, "activity/entry/_form.html", context, status=status)
    return _edit_page(request, activity, page, status=status)


def _list_answer(request: HttpRequest, me: Employee, day: dt.date, page: DayPage,
                 status: int = 200) -> HttpResponse:  # fmt: skip
    if request.htmx:
        context = _day_context(me, day, page)
        return render(request, "activity/entry/_list_saved.html", context, status=status)
    if status >= 400:
        page.page_errors = page.list_errors
        return _day_page(request, me, day, page, status=status)
    messages.success(request, page.list_notice)
    return redirect(_day_url(day))


@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _owned(request, pk)
    me = _me(request)
    name = activity.bukti_berkas.name
    try:
        with transaction.atomic():
            services.delete_activity(actor=request.user, activity=activity)
            _discard_file(activity, name)
    except ValidationError as error:
        page = DayPage(list_errors=error.messages)
        return _list_answer(request, me, activity.tanggal, page, status=400)
    notice = f"Aktivitas {_time_span(activity)} dihapus."
    return _list_answer(request, me, activity.tanggal, DayPage(list_notice=notice))


@require_GET
def activity_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence file, for whoever may see the activity (the owner and the validators);
    uploads are never served from a public folder."""
    activity = access.get_activity_for_user(request.user, pk)
    return serve_document(activity.bukti_berkas, "Berkas bukti tidak ditemukan.")


# --- favourites ------------------------------------------------------------------------------


def _favorite_answer(request: HttpRequest, me: Employee, day: dt.date, page: DayPage,
                     status: int = 200) -> HttpResponse:  # fmt: skip
    """With htmx the shortcuts panel; without, back to the day (or the page with the
    message, keeping what was typed in the form)."""
    if request.htmx:
        context = _day_context(me, day, page)
        return render(request, "activity/entry/_shortcuts.html", context, status=status)
    if status >= 400:
        return _day_page(request, me, day, page, status=status)
    messages.success(request, page.favorite_notice)
    return redirect(_day_url(day))


def _favorite_input(form: FavoriteForm) -> services_favorites.FavoriteInput:
    data = form.cleaned_data
    return services_favorites.FavoriteInput(
        nama=data["nama_favorit"].strip() or default_favorite_name(data["uraian"]),
        uraian=data["uraian"],
        menit=daysheet.duration(data["mulai"], data["selesai"]),
        jumlah_output=Decimal(data["jumlah_output"].replace(",", ".")),
        satuan=data["satuan"],
        indikator_id=data["indikator"],
        catalog_item_id=data["catalog_item"],
    )


@require_POST
def favorite_create(request: HttpRequest) -> HttpResponse:
    """Save the entry form as it stands, or one of my activities (`aktivitas`), as a favourite."""
    me = _me(request)
    day = _page_day(request) or _posted_day(request)
    if (pk := whole_number(request.POST.get("aktivitas"))) is not None:
        return _favorite_from_activity(request, me, day, pk)
    options = _choices(me, day)
    form = FavoriteForm(request.POST, groups=options.groups, catalog=options.catalog)
    problems = [] if form.is_valid() else _messages(form)
    if not problems:
        try:
            favorite = services_favorites.save_favorite(
                actor=request.user, data=_favorite_input(form)
            )
        except ValidationError as error:
            problems = error.messages
    if problems:
        # What was typed stays in the entry form when the page comes back with the message.
        kept = ActivityForm(
            initial=request.POST.dict(), groups=options.groups, catalog=options.catalog
        )
        page = DayPage(form=kept, favorite_errors=problems)
        return _favorite_answer(request, me, day, page, status=400)
    page = DayPage(favorite_notice=f"Favorit “{favorite.nama}” tersimpan.")
    return _favorite_answer(request, me, day, page)


def _favorite_from_activity(request: HttpRequest, me: Employee, day: dt.date,
                            pk: int) -> HttpResponse:  # fmt: skip
    activity = selectors_entry.own_activity(me.pk, pk)
    if activity is None:
        raise Http404("Aktivitas tidak ditemukan.")
    form = FavoriteNameForm(request.POST)
    page = DayPage()
    if not form.is_valid():
        page.favorite_errors = _messages(form)
        return _favorite_answer(request, me, day, page, status=400)
    nama = form.cleaned_data["nama_favorit"].strip() or default_favorite_name(activity.uraian)
    try:
        favorite = services_favorites.save_activity_as_favorite(
            actor=request.user, activity=activity, nama=nama
        )
    except ValidationError as error:
        page.favorite_errors = error.messages
        return _favorite_answer(request, me, day, page, status=400)
    page.favorite_notice = f"Favorit “{favorite.nama}” tersimpan."
    return _favorite_answer(request, me, day, page)


def _messages(form) -> list[str]:
    found = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        found += [f"{label}: {e}" if label else str(e) for e in errors]
    return found


@require_POST
def favorite_delete(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    favorite = selectors_entry.own_favorite(me.pk, pk)
    if favorite is None:
        raise Http404("Favorit tidak ditemukan.")
    services_favorites.delete_favorite(actor=request.user, favorite=favorite)
    day = _page_day(request) or _today()
    page = DayPage(favorite_notice=f"Favorit “{favorite.nama}” dihapus.")
    return _favorite_answer(request, me, day, page)


# --- the month -------------------------------------------------------------------------------


def _month_employee(request: HttpRequest) -> tuple[Employee, bool]:
    """Whose month: mine, or with `?pegawai=` anyone I may see (read-only); others are 404."""
    wanted = request.GET.get("pegawai")
    me = roles_for(request.user).employee
    if not wanted:
        return _me(request), True
    pk = whole_number(wanted)
    if pk is None:
        raise Http404("Pegawai tidak ditemukan.")
    employee = access.get_employee_for_reader(request.user, pk)
    return employee, me is not None and me.pk == employee.pk


@require_GET
def month_view(request: HttpRequest) -> HttpResponse:
    employee, own = _month_employee(request)
    year, month, problems = _parse_month(request.GET.get("bulan"))
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    today = _today()
    row = monthly_productivity(employee.instansi_id, year, month, [employee.pk])[0]
    policy = policy_on(employee.instansi_id, first)
    closed = r.month_is_closed(rules_of(policy), first, today)
    per_day = selectors_entry.month_minutes(employee.pk, first, last)
    before, after = daysheet.neighbour_months(year, month)
    context = {
        "employee": employee,
        "own": own,
        "first": first,
        "today": today,
        "row": row,
        "policy": policy,
        "closed": closed,
        "weeks": daysheet.month_weeks(
            year, month, per_day, target=policy.menit_per_hari_kerja, today=today
        ),
        "weekdays": WEEKDAYS,
        "progress": min(100, int(row.capaian)),
        "prev_month": f"{before[0]:04d}-{before[1]:02d}",
        "next_month": f"{after[0]:04d}-{after[1]:02d}" if after[0] in YEARS else None,
        "page_errors": problems,
    }
    return render(request, "activity/entry/month.html", context, status=400 if problems else 200)
