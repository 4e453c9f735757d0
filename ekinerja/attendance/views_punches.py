"""Pages under /presensi/mesin/ for admin BKPSDM and admin OPD: fingerprint machines and their
API tokens, uploading machine logs, unknown PINs and the PIN-to-employee mappings.

Every view goes through ``attendance.access``: BKPSDM manages the whole instansi, an admin OPD
the devices placed in their subtree and the employees seated there; anybody else of the
instansi is refused (403) and ids of another instansi are not found (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.people.access import roles_for

from . import access
from . import selectors_punches as selectors
from . import services_devices as devices_service
from .forms_punches import DeviceForm, PinMapForm, PunchUploadForm
from .models import Device
from .services_punches import import_punch_log, recompute_after

PER_PAGE = 50
# The result page lists problem lines; beyond this the operator fixes the file and re-sends.
PROBLEMS_SHOWN = 200
NOT_ALLOWED = "Hanya admin BKPSDM atau admin OPD yang mengelola mesin dan log presensi."


def _instansi(request: HttpRequest) -> int:
    if not access.can_manage_punches(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    instansi_id = roles_for(request.user).instansi_id
    assert instansi_id is not None  # can_manage_punches requires it
    return instansi_id


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- devices ------------------------------------------------------------------------------------


def device_list(request: HttpRequest) -> HttpResponse:
    _instansi(request)
    rows = selectors.device_rows(access.devices_visible_to(request.user))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("halaman"))
    context = {"page": page, "instansi_wide": access.can_manage_instansi_pins(request.user)}
    return render(request, "attendance/punches/device_list.html", context)


ZONES = {"Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
DEVICE_COLUMNS = [
    Column("Nama", 30),
    Column("Nomor seri", 20, text=True),
    Column("Unit kerja", 30),
    Column("Zona", 8),
    Column("Token API", 10),
    Column("Terakhir mengirim", 18, text=True),
    Column("PIN", 8),
    Column("Tak dikenal", 12),
    Column("Aktif", 8),
]


def device_list_export(request: HttpRequest) -> HttpResponseBase:
    """The device list as Excel: the same devices and counts; whether a token exists, not it."""
    _instansi(request)
    rows = (
        (
            device.nama,
            device.serial,
            device.unit.nama if device.unit else "— (BKPSDM)",
            ZONES.get(device.zona_waktu, "WIB"),
            bool(device.token_awalan),
            timezone.localtime(device.terakhir_kirim_at).strftime("%Y-%m-%d %H:%M")
            if device.terakhir_kirim_at
            else "",
            device.jumlah_pin,
            device.jumlah_tak_dikenal,
            device.aktif,
        )
        for device in selectors.device_rows(access.devices_visible_to(request.user))
    )
    return xlsx_response("mesin-presensi.xlsx", DEVICE_COLUMNS, rows)


def _device_form(request: HttpRequest, data=None, initial=None) -> DeviceForm:
    return DeviceForm(
        data,
        initial=initial,
        units=access.device_units_for(request.user),
        unit_required=not access.can_manage_instansi_pins(request.user),
    )


def device_create(request: HttpRequest) -> HttpResponse:
    instansi_id = _instansi(request)
    form = _device_form(request, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                device = devices_service.create_device(
                    actor=request.user, instansi_id=instansi_id, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"Mesin {device.nama} didaftarkan.")
                return redirect("punch-device-list")
        status = 400
    context = {"form": form, "device": None}
    return render(request, "attendance/punches/device_form.html", context, status=status)


def device_edit(request: HttpRequest, pk: int) -> HttpResponse:
    device = access.get_device_for_manager(request.user, pk)
    initial = {
        "nama": device.nama, "serial": device.serial, "unit": device.unit_id,
        "zona_waktu": device.zona_waktu,
    }  # fmt: skip
    form = _device_form(request, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                devices_service.update_device(
                    actor=request.user, device=device, **form.cleaned_data
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, f"Mesin {device.nama} disimpan.")
                return redirect("punch-device-list")
        status = 400
    context = {"form": form, "device": device}
    return render(request, "attendance/punches/device_form.html", context, status=status)


@require_POST
def device_token(request: HttpRequest, pk: int) -> HttpResponse:
    device = access.get_device_for_manager(request.user, pk)
    token = devices_service.issue_device_token(actor=request.user, device=device)
    api_url = request.build_absolute_uri("/presensi/mesin/api/")
    response = render(
        request,
        "attendance/punches/device_token.html",
        {"device": device, "token": token, "api_url": api_url},
    )
    # The token is shown this once; no cache or back button may keep a copy.
    add_never_cache_headers(response)
    return response


@require_POST
def device_set_active(request: HttpRequest, pk: int, aktif: bool) -> HttpResponse:
    device = access.get_device_for_manager(request.user, pk)
    devices_service.set_device_active(actor=request.user, device=device, aktif=aktif)
    if aktif:
        messages.success(request, f"Mesin {device.nama} diaktifkan kembali.")
    else:
        messages.info(request, f"Mesin {device.nama} dinonaktifkan; tokennya tidak diterima lagi.")
    return redirect("punch-device-list")


# --- upload -------------------------------------------------------------------------------------


def punch_upload(request: HttpRequest) -> HttpResponse:
    instansi_id = _instansi(request)
    form = PunchUploadForm(
        request.POST or None, request.FILES or None,
        devices=access.devices_visible_to(request.user),
    )  # fmt: skip
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["berkas"]
            device: Device | None = form.cleaned_data["mesin"]
            try:
                result = import_punch_log(
                    instansi_id=instansi_id,
                    data=form.cleaned_data["isi"],
                    filename=upload.name,
                    device=device,
                    actor=request.user,
                    employee_scope=access.punch_scope_for(request.user),
                )
            except ValueError as error:
                form.add_error(None, str(error))
            else:
                status = 200
                context.update(
                    result=result,
                    device=device,
                    filename=upload.name,
                    problems=result.problems[:PROBLEMS_SHOWN],
                    recompute=recompute_after(instansi_id, result),
                )
                form = PunchUploadForm(devices=access.devices_visible_to(request.user))
                context["form"] = form
    return render(request, "attendance/punches/upload.html", context, status=status)


# --- unknown PINs and mappings -----------------------------------------------------------------


def _map_form(request: HttpRequest, data=None) -> PinMapForm:
    return PinMapForm(
        data,
        devices=access.devices_visible_to(request.user),
        employees=access.punch_employees_for(request.user),
        instansi_wide_allowed=access.can_manage_instansi_pins(request.user),
    )


def _unknown_page(request: HttpRequest, map_form: PinMapForm | None = None, status: int = 200):
    groups = selectors.unknown_groups(access.unknown_punches_visible_to(request.user))
    page = Paginator(groups, PER_PAGE).get_page(request.GET.get("halaman"))
    rows = selectors.attach_devices(list(page), access.devices_visible_to(request.user))
    context = {
        "page": page,
        "rows": rows,
        "map_form": map_form,
        "instansi_wide": access.can_manage_instansi_pins(request.user),
    }
    return render(request, "attendance/punches/unknown_list.html", context, status=status)


def unknown_list(request: HttpRequest) -> HttpResponse:
    _instansi(request)
    return _unknown_page(request)


UNKNOWN_COLUMNS = [
    Column("Mesin", 30),
    Column("PIN/NIP", 20, text=True),
    Column("Presensi", 10),
    Column("Pertama", 18, text=True),
    Column("Terakhir", 18, text=True),
]


def unknown_list_export(request: HttpRequest) -> HttpResponseBase:
    """Every unknown PIN group the page pages through, as Excel, in the same scope."""
    _instansi(request)
    groups = list(selectors.unknown_groups(access.unknown_punches_visible_to(request.user)))
    moment = "%Y-%m-%d %H:%M"
    rows = (
        (
            row.device.nama if row.device else "tanpa mesin (CSV)",
            row.key,
            row.jumlah,
            timezone.localtime(row.pertama).strftime(moment),
            timezone.localtime(row.terakhir).strftime(moment),
        )
        for row in selectors.attach_devices(groups, access.devices_visible_to(request.user))
    )
    return xlsx_response("pin-tak-dikenal.xlsx", UNKNOWN_COLUMNS, rows)


def _pin_filter(request: HttpRequest, raw: str):
    """The PIN list's filter: one device, the instansi-wide PINs, or everything visible."""
    pins = access.pins_visible_to(request.user)
    if raw == "instansi":
        return pins.filter(device__isnull=True), raw, None
    if raw.isascii() and raw.isdigit():
        device = access.get_device_for_user(request.user, int(raw))
        return pins.filter(device=device), raw, device
    return pins, "", None


def _pin_page(request: HttpRequest, map_form: PinMapForm | None = None, status: int = 200):
    pins, chosen, device = _pin_filter(request, request.GET.get("mesin", ""))
    page = Paginator(selectors.pin_rows(pins), PER_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "chosen": chosen,
        "device": device,
        # A list: the template walks it twice (the filter and the mapping form).
        "devices": list(access.devices_visible_to(request.user).order_by("nama", "pk")),
        "map_form": map_form or _map_form(request),
        "instansi_wide": access.can_manage_instansi_pins(request.user),
    }
    return render(request, "attendance/punches/pin_list.html", context, status=status)


def pin_list(request: HttpRequest) -> HttpResponse:
    _instansi(request)
    return _pin_page(request)


PIN_COLUMNS = [
    Column("PIN", 10, text=True),
    Column("Berlaku di", 30),
    Column("Pegawai", 30),
    Column("NIP", 20, text=True),
]


def pin_list_export(request: HttpRequest) -> HttpResponseBase:
    """The PIN list as Excel, with the page's device filter and the same scope."""
    _instansi(request)
    pins, _, _ = _pin_filter(request, request.GET.get("mesin", ""))
    rows = (
        (
            pin.pin,
            pin.device.nama if pin.device else "semua mesin",
            pin.employee.nama,
            pin.employee.nip or "",
        )
        for pin in selectors.pin_rows(pins)
    )
    return xlsx_response("pin-mesin.xlsx", PIN_COLUMNS, rows)


@require_POST
def pin_map(request: HttpRequest) -> HttpResponse:
    instansi_id = _instansi(request)
    form = _map_form(request, request.POST)
    back_to_pins = request.POST.get("kembali") == "pin"
    page = _pin_page if back_to_pins else _unknown_page
    if not form.is_valid():
        return page(request, form, status=400)
    try:
        result = devices_service.map_pin(
            actor=request.user,
            instansi_id=instansi_id,
            device=form.cleaned_data["mesin"],
            pin=form.cleaned_data["pin"],
            employee=form.cleaned_data["nip"],
        )
    except ValidationError as error:
        _apply_errors(form, error)
        conflict = not hasattr(error, "error_dict") and any(
            item.code == "conflict" for item in error.error_list
        )
        return page(request, form, status=409 if conflict else 400)
    employee = form.cleaned_data["nip"]
    where = result.pin.device.nama if result.pin.device else "semua mesin"
    text = f"PIN {result.pin.pin} ({where}) dipetakan ke {employee.nama}"
    if not result.created:
        text = f"PIN {result.pin.pin} ({where}) memang sudah dipetakan ke {employee.nama}"
    messages.success(
        request,
        f"{text}; {result.moved} presensi tak dikenal dipindahkan"
        + (f", {result.duplicate} sudah ada" if result.duplicate else "")
        + (
            f", {result.ditolak_final} tetap menunggu karena bulannya sudah difinalisasi "
            "untuk pembayaran TPP"
            if result.ditolak_final
            else ""
        )
        + ".",
    )
    return redirect("punch-pin-list" if back_to_pins else "punch-unknown-list")


@require_POST
def pin_delete(request: HttpRequest, pk: int) -> HttpResponse:
    pin = access.get_pin_for_manager(request.user, pk)
    devices_service.delete_pin(actor=request.user, pin=pin)
    messages.info(request, f"Pemetaan PIN {pin.pin} dihapus.")
    return redirect("punch-pin-list")
