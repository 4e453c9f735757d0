"""POST /presensi/mesin: the fingerprint machines' endpoint (attendance/api.py) under the API,
authenticated by the device token, with the same contract and answers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from ekinerja.attendance.api import device_punches

from ..schemas import Galat, PresensiMesinOut

router = Router(tags=["presensi"])

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["punches"],
                    "properties": {
                        "punches": {
                            "type": "array",
                            "maxItems": 5000,
                            "items": {
                                "type": "object",
                                "properties": {
                                    "pin": {"type": ["string", "integer"]},
                                    "waktu": {"type": "string", "example": "2026-11-02 07:28:11"},
                                    "status": {"type": ["string", "integer"]},
                                },
                                "required": ["pin", "waktu"],
                            },
                        }
                    },
                }
            }
        },
    },
}


@router.post(
    "/mesin",
    auth=None,
    response={
        200: PresensiMesinOut,
        400: Galat,
        401: Galat,
        413: Galat,
        415: Galat,
        429: Galat,
    },
    summary="Kirim presensi mesin",
    description=(
        "Header `Authorization: Token <token mesin>` (dari halaman Mesin presensi). "
        "Kontrak sama dengan /presensi/mesin/api/."
    ),
    openapi_extra=_BODY,
)
def presensi_mesin(request: HttpRequest):
    # The body is read by the device endpoint itself, so its own 400/413 messages apply.
    return device_punches(request)
