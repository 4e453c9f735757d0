"""Leave: GET /cuti (attendance.access.leave_visible_to), POST /cuti (own request through the
leave page's form and services_leave.submit_leave), POST /cuti/{id}/keputusan (the approver)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from ekinerja.attendance import access, services_leave
from ekinerja.attendance.forms_leave import LeaveForm
from ekinerja.attendance.models import LeaveRequest
from ekinerja.people.access import roles_for

from ..pagination import page_of
from ..schemas import (
    ERRORS_READ,
    ERRORS_WRITE,
    MAX_ID,
    CutiIn,
    CutiList,
    CutiOut,
    Id,
    KeputusanCutiIn,
    PageQuery,
    Teks,
)

router = Router(tags=["cuti"])


class CutiFilter(Schema):
    pegawai: int | None = Field(None, ge=1, le=MAX_ID)
    status: Teks | None = Field(None, max_length=20)


def _out(leave: LeaveRequest) -> dict[str, Any]:
    return {
        "id": leave.pk,
        "pegawai_id": leave.employee_id,
        "jenis": leave.jenis,
        "mulai": leave.mulai,
        "selesai": leave.selesai,
        "sehari_penuh": leave.sehari_penuh,
        "status": leave.status,
        "keterangan": leave.keterangan,
        "jumlah_hari": leave.jumlah_hari,
        "alasan_keputusan": leave.alasan_keputusan,
    }


@router.get("", response={200: CutiList, **ERRORS_READ}, summary="Daftar cuti/izin")
def daftar_cuti(request: HttpRequest, page: PageQuery, filters: Query[CutiFilter]):
    qs = access.leave_visible_to(request.user)
    if filters.pegawai is not None:
        qs = qs.filter(employee_id=filters.pegawai)
    if filters.status:
        qs = qs.filter(status=filters.status)
    result = page_of(qs.order_by("-mulai", "-id"), page)
    result["hasil"] = [_out(leave) for leave in result["hasil"]]
    return result


@router.post("", response={201: CutiOut, **ERRORS_WRITE}, summary="Ajukan cuti/izin")
def ajukan_cuti(request: HttpRequest, data: CutiIn):
    me = roles_for(request.user).employee
    if me is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    form = LeaveForm(
        {
            "jenis": data.jenis,
            "mulai": data.mulai.isoformat(),
            "selesai": data.selesai.isoformat(),
            "sebagian_hari": "on" if data.sebagian_hari else "",
            "keterangan": data.keterangan,
            "alamat_selama_cuti": data.alamat_selama_cuti,
        },
        status=me.status,
    )
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[name].label}: {e}" for name, errs in form.errors.items() for e in errs]
        )
    cleaned = form.cleaned_data
    leave = services_leave.submit_leave(
        actor=request.user,
        data=services_leave.LeaveInput(
            jenis=cleaned["jenis"],
            mulai=cleaned["mulai"],
            selesai=cleaned["selesai"],
            sehari_penuh=not cleaned["sebagian_hari"],
            keterangan=cleaned["keterangan"],
            alamat_selama_cuti=cleaned["alamat_selama_cuti"],
        ),
    )
    return Status(201, _out(leave))


@router.get("/{id}", response={200: CutiOut, **ERRORS_READ}, summary="Rincian cuti/izin")
def rincian_cuti(request: HttpRequest, id: Id):
    return _out(access.get_leave_for_user(request.user, id))


@router.post(
    "/{id}/keputusan", response={200: CutiOut, **ERRORS_WRITE}, summary="Putuskan cuti/izin"
)
def putuskan_cuti(request: HttpRequest, id: Id, data: KeputusanCutiIn):
    leave = access.get_leave_for_user(request.user, id)
    if not access.can_decide_leave(request.user, leave):
        raise PermissionDenied("Hanya atasan (pejabat penilai) pegawai ini yang dapat memutuskan.")
    if data.keputusan == "setujui":
        leave = services_leave.approve_leave(actor=request.user, leave=leave)
    elif data.keputusan == "tolak":
        leave = services_leave.reject_leave(actor=request.user, leave=leave, alasan=data.alasan)
    else:
        raise ValidationError("Keputusan harus 'setujui' atau 'tolak'.")
    return _out(leave)
