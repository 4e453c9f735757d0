"""The Dokumen Evaluasi Kinerja Pegawai as a response: its data (`evaluation.evaluation_data`),
issued with a verification code, rendered to PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from ekinerja.appraisal.models import Evaluation

from .choices import JenisDokumen
from .evaluation import evaluation_data, evaluation_pdf
from .services_verification import Issue, with_verification


def evaluation_issue(evaluation: Evaluation, data: dict[str, Any]) -> Issue:
    pegawai = data["pegawai"]
    return Issue(
        instansi_id=evaluation.instansi_id, jenis=JenisDokumen.EVALUASI,
        sumber=f"evaluasi:{evaluation.pk}", judul=f"Evaluasi Kinerja {data['periode']}",
        status=data["status"], pegawai_nama=pegawai["nama"],
        pegawai_nip=pegawai["nip"].replace(" ", ""), unit_nama=pegawai.get("unit", ""),
        periode=data["periode"],
        fakta={
            "Predikat": data["predikat"] or "-",
            "Rating hasil kerja": data["rating_hasil"] or "-",
            "Rating perilaku kerja": data["rating_perilaku"] or "-",
            "Pejabat penilai": (data.get("penilai") or {}).get("nama", "") or "-",
        },
    )  # fmt: skip


def evaluation_pdf_response(evaluation: Evaluation, actor: Any = None) -> HttpResponse:
    data = evaluation_data(evaluation)
    data = with_verification(evaluation_issue(evaluation, data), data, actor)
    response = HttpResponse(evaluation_pdf(data), content_type="application/pdf")
    nip = data["pegawai"]["nip"].replace(" ", "") or str(evaluation.employee_id)
    response["Content-Disposition"] = f'inline; filename="evaluasi-{nip}-{evaluation.pk}.pdf"'
    return response
