"""GET /pegawai, /pegawai/{id}: the employees the user may see (people.access)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router

from ekinerja.org.selectors import unit_subtree_ids
from ekinerja.people import access

from ..pagination import page_of
from ..schemas import ERRORS_READ, Id, PageQuery, PegawaiFilter, PegawaiList, PegawaiOut

router = Router(tags=["pegawai"])


@router.get("", response={200: PegawaiList, **ERRORS_READ}, summary="Daftar pegawai")
def daftar_pegawai(request: HttpRequest, page: PageQuery, filters: Query[PegawaiFilter]):
    qs = access.employees_visible_to(request.user)
    if filters.unit is not None:
        instansi_id = access.roles_for(request.user).instansi_id
        units = unit_subtree_ids(instansi_id, [filters.unit]) if instansi_id else set()
        qs = qs.filter(access.seated_in_units(frozenset(units), access.today()))
    if filters.q and filters.q.strip():
        term = filters.q.strip()
        qs = qs.filter(Q(nama__icontains=term) | Q(nip__startswith=term))
    return page_of(qs.order_by("nama", "id"), page)


@router.get("/{id}", response={200: PegawaiOut, **ERRORS_READ}, summary="Rincian pegawai")
def rincian_pegawai(request: HttpRequest, id: Id):
    return access.get_employee_for_user(request.user, id)
