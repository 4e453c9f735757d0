"""Daily activities: the user's own entries (GET/POST /aktivitas, PUT/DELETE /aktivitas/{id})
and the penilai's validation queue (GET/POST /validasi). Input goes through the entry page's
form and the activity services, so the rules and messages are the page's."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from ekinerja.activity import access, selectors_entry, services
from ekinerja.activity.forms import ActivityForm
from ekinerja.activity.models import Activity
from ekinerja.activity.selectors_queue import pending_for, queue_scope
from ekinerja.people.access import roles_for
from ekinerja.people.models import Employee

from ..pagination import page_of
from ..schemas import (
    ERRORS_READ,
    ERRORS_WRITE,
    AktivitasFilter,
    AktivitasIn,
    AktivitasList,
    AktivitasOut,
    Galat,
    Id,
    PageQuery,
    ValidasiIn,
    ValidasiOut,
)

router = Router(tags=["aktivitas"])
NO_EMPLOYEE = "Akun ini tidak terhubung dengan data pegawai."


def _me(request: HttpRequest) -> Employee:
    employee = roles_for(request.user).employee
    if employee is None:
        raise PermissionDenied(NO_EMPLOYEE)
    return employee


def _out(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "pegawai_id": activity.employee_id,
        "tanggal": activity.tanggal,
        "mulai": activity.mulai,
        "selesai": activity.selesai,
        "menit": activity.menit,
        "uraian": activity.uraian,
        "jumlah_output": activity.jumlah_output,
        "satuan": activity.satuan,
        "indikator_id": activity.indikator_id,
        "katalog_id": activity.catalog_item_id,
        "bukti_tautan": activity.bukti_tautan,
        "status": activity.status,
        "alasan": activity.alasan,
    }


def _cleaned(
    me: Employee, data: AktivitasIn, kept: Activity | None = None
) -> services.ActivityInput:
    """The entry form's checks with the choices the entry page offers (an edited activity keeps
    its own target and catalogue item, as on the page)."""
    groups = selectors_entry.target_groups(me, data.tanggal.year)
    catalog = selectors_entry.catalog_options(me, data.tanggal)
    if kept is not None:
        known = {i.pk for g in groups for i in g.indicators}
        if kept.indikator_id and kept.indikator_id not in known:
            groups.append(selectors_entry.TargetGroup(kept.indikator.rhk, [kept.indikator]))
        if kept.catalog_item_id and kept.catalog_item_id not in {c.pk for c in catalog}:
            catalog.append(kept.catalog_item)
    form = ActivityForm(
        {
            "tanggal": data.tanggal.isoformat(),
            "mulai": data.mulai.strftime("%H:%M"),
            "selesai": data.selesai.strftime("%H:%M"),
            "uraian": data.uraian,
            "jumlah_output": data.jumlah_output,
            "satuan": data.satuan,
            "indikator": str(data.indikator_id or ""),
            "catalog_item": str(data.katalog_id or ""),
            "bukti_tautan": data.bukti_tautan,
        },
        groups=groups,
        catalog=catalog,
    )
    if not form.is_valid():
        messages = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            messages += [f"{label}: {e}" if label else str(e) for e in errors]
        raise ValidationError(messages)
    cleaned = form.cleaned_data
    return services.ActivityInput(
        tanggal=cleaned["tanggal"],
        mulai=cleaned["mulai"],
        selesai=cleaned["selesai"],
        uraian=cleaned["uraian"],
        jumlah_output=cleaned["jumlah_output"],
        satuan=cleaned["satuan"],
        indikator_id=cleaned["indikator"],
        catalog_item_id=cleaned["catalog_item"],
        bukti_tautan=cleaned["bukti_tautan"],
    )


def _owned(request: HttpRequest, pk: int) -> Activity:
    """404 outside the read scope, 403 for readers who are not the owner."""
    activity = access.get_activity_for_user(request.user, pk)
    if not access.is_owner(request.user, activity):
        raise PermissionDenied("Hanya pemilik aktivitas yang dapat mengubah atau menghapusnya.")
    return activity


@router.get("/aktivitas", response={200: AktivitasList, **ERRORS_READ}, summary="Aktivitas saya")
def daftar_aktivitas(request: HttpRequest, page: PageQuery, filters: Query[AktivitasFilter]):
    me = _me(request)
    qs = access.activities_visible_to(request.user).filter(employee_id=me.pk)
    if filters.dari is not None:
        qs = qs.filter(tanggal__gte=filters.dari)
    if filters.sampai is not None:
        qs = qs.filter(tanggal__lte=filters.sampai)
    result = page_of(qs.order_by("-tanggal", "-mulai", "-id"), page)
    result["hasil"] = [_out(a) for a in result["hasil"]]
    return result


@router.post("/aktivitas", response={201: AktivitasOut, **ERRORS_WRITE}, summary="Catat aktivitas")
def catat_aktivitas(request: HttpRequest, data: AktivitasIn):
    me = _me(request)
    activity = services.record_activity(actor=request.user, data=_cleaned(me, data))
    return Status(201, _out(activity))


@router.get(
    "/aktivitas/{id}", response={200: AktivitasOut, **ERRORS_READ}, summary="Rincian aktivitas"
)
def rincian_aktivitas(request: HttpRequest, id: Id):
    return _out(access.get_activity_for_user(request.user, id))


@router.put(
    "/aktivitas/{id}", response={200: AktivitasOut, **ERRORS_WRITE}, summary="Ubah aktivitas"
)
def ubah_aktivitas(request: HttpRequest, id: Id, data: AktivitasIn):
    activity = _owned(request, id)
    me = _me(request)
    activity = services.update_activity(
        actor=request.user, activity=activity, data=_cleaned(me, data, kept=activity)
    )
    return _out(activity)


@router.delete("/aktivitas/{id}", response={204: None, **ERRORS_WRITE}, summary="Hapus aktivitas")
def hapus_aktivitas(request: HttpRequest, id: Id):
    services.delete_activity(actor=request.user, activity=_owned(request, id))
    return Status(204, None)


@router.get("/validasi", response={200: AktivitasList, **ERRORS_READ}, summary="Antrean validasi")
def antrean_validasi(request: HttpRequest, page: PageQuery):
    qs = pending_for(queue_scope(request.user))
    result = page_of(qs.order_by("tanggal", "mulai", "id"), page)
    result["hasil"] = [_out(a) for a in result["hasil"]]
    return result


@router.post(
    "/validasi",
    response={200: ValidasiOut, 400: Galat, 401: Galat, 403: Galat, 404: Galat, 422: Galat},
    summary="Validasi aktivitas",
)
def validasi(request: HttpRequest, data: ValidasiIn):
    ids = set(data.ids)
    found = list(access.activities_visible_to(request.user).filter(pk__in=ids).only("pk"))
    # All or nothing: an id the user cannot even see refuses the whole decision.
    if len(found) != len(ids):
        raise Http404("Sebagian aktivitas tidak ditemukan; tidak ada yang divalidasi.")
    count = services.validate_activities(
        actor=request.user, activities=found, verdict=data.keputusan, alasan=data.alasan
    )
    return {"jumlah": count, "keputusan": data.keputusan}
