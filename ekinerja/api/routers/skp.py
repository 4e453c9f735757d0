"""GET /skp, /skp/{id}: SKPs the user may read (planning.access), with their RHK, indikator
and period targets (planning.selectors.rhk_with_indicators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ekinerja.planning import access
from ekinerja.planning.models import Skp
from ekinerja.planning.selectors import rhk_with_indicators

from ..pagination import page_of
from ..schemas import ERRORS_READ, MAX_ID, Id, PageQuery, SkpDetail, SkpList

router = Router(tags=["skp"])


class SkpFilter(Schema):
    pegawai: int | None = Field(None, ge=1, le=MAX_ID)
    tahun: int | None = Field(None, ge=2000, le=2100)


def _skp(skp: Skp) -> dict[str, Any]:
    return {
        "id": skp.pk,
        "pegawai_id": skp.employee_id,
        "pegawai_nama": skp.employee.nama,
        "tahun": skp.period.tahun,
        "versi": skp.version,
        "status": skp.status,
        "jenis_form": skp.jenis_form,
        "penilai_id": skp.penilai_id,
    }


@router.get("", response={200: SkpList, **ERRORS_READ}, summary="Daftar SKP")
def daftar_skp(request: HttpRequest, page: PageQuery, filters: Query[SkpFilter]):
    qs = access.skps_visible_to(request.user).select_related("employee", "period")
    if filters.pegawai is not None:
        qs = qs.filter(employee_id=filters.pegawai)
    if filters.tahun is not None:
        qs = qs.filter(period__tahun=filters.tahun)
    result = page_of(qs.order_by("-period__tahun", "employee__nama", "-version", "id"), page)
    result["hasil"] = [_skp(skp) for skp in result["hasil"]]
    return result


@router.get("/{id}", response={200: SkpDetail, **ERRORS_READ}, summary="Rincian SKP")
def rincian_skp(request: HttpRequest, id: Id):
    skp = access.get_skp_for_user(request.user, id)
    body = _skp(skp)
    body["rhk"] = [
        {
            "id": rhk.pk,
            "jenis": rhk.jenis,
            "teks": rhk.teks,
            "rhk_atasan_id": rhk.rhk_atasan_id,
            "indikator": [
                {
                    "id": ind.pk,
                    "uraian": ind.uraian,
                    "aspek": ind.aspek,
                    "target_min": ind.target_min,
                    "target_max": ind.target_max,
                    "satuan": ind.satuan,
                    "target_periode": [
                        {"periode_ke": t.periode_ke, "target": t.target} for t in ind.targets.all()
                    ],
                }
                for ind in rhk.indikator.all()
            ],
        }
        for rhk in rhk_with_indicators([skp.pk])
    ]
    return body
