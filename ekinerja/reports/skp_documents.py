"""The SKP document as a response: its data (`skp.skp_data`), issued with a verification
code, rendered to PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from ekinerja.planning.models import Skp

from .choices import JenisDokumen
from .services_verification import Issue, with_verification
from .skp import skp_data, skp_pdf


def skp_issue(skp: Skp, data: dict[str, Any]) -> Issue:
    pegawai = data["pegawai"]
    return Issue(
        instansi_id=skp.instansi_id, jenis=JenisDokumen.SKP, sumber=f"skp:{skp.pk}",
        judul=f"SKP {data['periode']}", status=data["status"], pegawai_nama=pegawai["nama"],
        pegawai_nip=pegawai["nip"].replace(" ", ""), unit_nama=pegawai.get("unit", ""),
        periode=data["periode"],
        fakta={
            "Pejabat penilai": (data.get("penilai") or {}).get("nama", "") or "-",
            "Rencana hasil kerja": str(
                len(data["hasil_kerja"]["utama"]) + len(data["hasil_kerja"]["tambahan"])
            ),
        },
    )  # fmt: skip


def skp_pdf_response(skp: Skp, actor: Any = None) -> HttpResponse:
    data = skp_data(skp)
    data = with_verification(skp_issue(skp, data), data, actor)
    response = HttpResponse(skp_pdf(data), content_type="application/pdf")
    nip = data["pegawai"]["nip"].replace(" ", "") or str(skp.employee_id)
    response["Content-Disposition"] = f'inline; filename="skp-{nip}-{skp.pk}.pdf"'
    return response
