"""Checking in and out from a phone: today's page with one big button, and the endpoint its
script posts the location to.

The page's script reads the location and posts it with a key for the tap, asking for JSON;
the answer carries the message and the re-rendered list of the day's punches. A plain form
post (no script) is answered with a redirect or the page with the messages, and without a
location it is refused: the server never checks anyone in without knowing where they were.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ekinerja.people.models import Employee

from . import access, geo, services_checkin
from . import selectors_checkin as places
from .models import Punch

PAGE = "attendance/checkin/today.html"
LIST = "attendance/checkin/_punches.html"


def _me(request: HttpRequest) -> Employee:
    employee = access.checkin_employee(request.user)
    if employee is None:
        raise PermissionDenied(services_checkin.NOT_AN_EMPLOYEE)
    return employee


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _button_label(punches: list[Punch]) -> str:
    # Which punch counts as arrival or leaving is decided by the day's windows in the recap;
    # the label only tells the usual intent.
    return "Presensi pulang" if punches else "Presensi masuk"


def _context(me: Employee, now: dt.datetime, errors: list[str] | None = None) -> dict:
    place, day = places.place_of(me, now)
    punches = places.punches_on(me.pk, day, place.zone)
    radius = place.radius_m
    if place.office is not None and radius is None:
        radius = places.limits_on(me.instansi_id, day).radius_m
    return {
        "me": me,
        "day": day,
        "place": place,
        "radius_text": geo.metres_text(radius) if radius else "",
        "punches": punches,
        "schedule": places.scheduled_hours(me.pk, day),
        "exemption": places.location_exemption(me.pk, day),
        "button_label": _button_label(punches),
        "errors": errors or [],
    }


@require_GET
def today_page(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    return render(request, PAGE, _context(me, timezone.now()))


def _outcome(result: services_checkin.CheckinResult) -> tuple[str, str]:
    """The message for the employee and its tone (a Bootstrap alert colour)."""
    punch = result.punch
    when = f"{timezone.localtime(punch.waktu, ZoneInfo(result.zone)):%H:%M:%S}"
    when = f"{when} {places.ZONE_LABELS.get(result.zone, result.zone)}"
    if not result.created:
        return f"Presensi ini sudah tercatat pukul {when}; tidak dicatat dua kali.", "info"
    if punch.di_luar_lokasi:
        return (
            f"Presensi pukul {when} tercatat, tetapi ditandai di luar lokasi: "
            f"{punch.keterangan_lokasi}",
            "warning",
        )
    return f"Presensi pukul {when} tercatat. {punch.keterangan_lokasi}", "success"


@require_POST
def record(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    try:
        result = services_checkin.record_web_punch(
            actor=request.user,
            latitude=request.POST.get("latitude"),
            longitude=request.POST.get("longitude"),
            accuracy=request.POST.get("akurasi"),
            kunci=request.POST.get("kunci", ""),
        )
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "pesan": error.messages}, status=400)
        return render(request, PAGE, _context(me, timezone.now(), error.messages), status=400)
    message, tone = _outcome(result)
    if not _wants_json(request):
        messages.add_message(
            request, messages.WARNING if tone == "warning" else messages.SUCCESS, message
        )
        return redirect("checkin-today")
    context = _context(me, timezone.now())
    return JsonResponse(
        {
            "ok": True,
            "baru": result.created,
            "di_luar_lokasi": result.punch.di_luar_lokasi,
            "pesan": message,
            "nada": tone,
            "tombol": context["button_label"],
            "html": render_to_string(LIST, context, request=request),
        },
        status=201 if result.created else 200,
    )
