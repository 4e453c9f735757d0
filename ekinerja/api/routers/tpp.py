"""TPP lines: GET /tpp/saya (own lines of official runs, as on the "TPP saya" page) and
GET /tpp/runs/{id}/lines (allowance.access: runs and lines the user may read)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from ekinerja.allowance import access
from ekinerja.allowance.choices import JenisRun
from ekinerja.allowance.models import TppLine
from ekinerja.people.access import roles_for

from ..pagination import page_of
from ..schemas import ERRORS_READ, Id, PageQuery, TppLineList

router = Router(tags=["tpp"])


def _out(line: TppLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "run_id": line.run_id,
        "tahun": line.run.tahun,
        "bulan": line.run.bulan,
        "pegawai_id": line.employee_id,
        "nama": line.nama,
        "nip": line.nip,
        "jabatan": line.jabatan,
        "kelas_jabatan": line.kelas_jabatan,
        "besaran": line.besaran,
        "kinerja_persen": line.kinerja_persen,
        "disiplin_persen": line.disiplin_persen,
        "bruto": line.bruto,
        "pajak": line.pajak,
        "bersih": line.bersih,
    }


@router.get("/saya", response={200: TppLineList, **ERRORS_READ}, summary="TPP saya")
def tpp_saya(request: HttpRequest, page: PageQuery):
    me = roles_for(request.user).employee
    if me is None:
        return {"jumlah": 0, "hasil": []}
    qs = (
        TppLine.objects.filter(employee=me, run__jenis=JenisRun.RESMI)
        .select_related("run")
        .order_by("-run__tahun", "-run__bulan", "-id")
    )
    result = page_of(qs, page)
    result["hasil"] = [_out(line) for line in result["hasil"]]
    return result


@router.get(
    "/runs/{id}/lines", response={200: TppLineList, **ERRORS_READ}, summary="Baris TPP satu run"
)
def tpp_run_lines(request: HttpRequest, id: Id, page: PageQuery):
    run = access.get_run_for_user(request.user, id)
    qs = access.lines_visible_to(request.user, run).select_related("run").order_by("nama", "id")
    result = page_of(qs, page)
    result["hasil"] = [_out(line) for line in result["hasil"]]
    return result
