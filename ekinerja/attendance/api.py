"""The punch endpoint for fingerprint machines and their gateways: POST /presensi/mesin/api/.

Contract
--------
Request::

    POST /presensi/mesin/api/
    Authorization: Token <token issued on the device page>
    Content-Type: application/json

    {"punches": [{"pin": "123", "waktu": "2026-11-02 07:28:11", "status": "0"}, ...]}

* ``pin``: text or whole number, the PIN enrolled on the machine (or an NIP).
* ``waktu``: ``YYYY-MM-DD HH:MM:SS`` (a ``T`` between date and time is accepted) in the
  device's own clock zone, the one set on the device page (WIB, WITA or WIT); no offset.
* ``status``: optional, the machine's in/out code, kept as it is.

Responses (JSON, keys in Indonesian):

* 200 ``{"diterima", "baru", "duplikat", "tak_dikenal", "ditolak", "ditolak_final",
  "pin_tak_dikenal": [...]}``.
  Resending a batch is safe: the same punch is stored once, so a resent batch answers
  ``baru: 0``. An empty list is a valid heartbeat. Punches of unknown PINs are kept and listed
  for an admin to map; they are not an error. ``ditolak`` counts punches of employees outside
  the token's scope (below); they are not stored, and ``kesalahan`` lists the first of them
  by index. ``ditolak_final`` counts new punches dated in a month already finalised for TPP
  payment of their employee; they are not stored (resending them after an admin reopens the
  month stores them), and ``pesan_final`` says which month. ``peringatan`` says when the token
  itself has no scope left.
* 400 malformed JSON (with its line and column) or bad items (each with its index); nothing
  of the batch is stored, so the device can fix and resend the whole batch.
* 401 missing or unknown token, or a deactivated device. 405 not POST. 415 not JSON.
* 413 a body over ``MAX_BODY_BYTES`` or more than ``MAX_PUNCHES`` punches: split the batch.
* 429 more than ``MAX_REQUESTS_PER_MINUTE`` requests from one device in a minute; retry after
  the ``Retry-After`` seconds.

Limits: ``MAX_PUNCHES`` (5,000) per batch and ``MAX_BODY_BYTES`` (1 MiB) per request, both
checked before anything is stored. The rate limit counts in Django's cache, so with the default
per-process cache each app process counts on its own: it stops a runaway gateway, not a
determined client; nginx ``limit_req`` in front is the real guard in production.

The token is a bearer secret: it is looked up by its SHA-256 and never logged or echoed.

Scope: a token stores only what the admin who issued it could upload by hand on the upload
page. An admin BKPSDM's token reaches every employee of the instansi; an admin OPD's only the
employees seated in their OPD subtree (``access.punch_employees_for``). When the issuer can no
longer upload this device's log (account deactivated, role withdrawn, device moved out of
their OPD), or no issuer was recorded (a token issued before issuers were kept and not found
in the audit trail), the token stores nobody's punches: guessing a scope from the device's
unit could hand a token more than anyone granted it. Unknown PINs are still kept, the machine
keeps its own log, and issuing a new token on the device page restores the scope.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from ekinerja.people.models import Employee, User

from . import access
from .models import Device, SumberPresensi
from .punchlog import LineProblem, RawPunch, year_problem
from .services_devices import hash_token, normalise_pin
from .services_punches import API_LABEL, ImportResult, recompute_after, store_punches

MAX_PUNCHES = 5000
MAX_BODY_BYTES = 1024 * 1024
MAX_REQUESTS_PER_MINUTE = 60
# A bad batch usually has one mistake repeated; the first few are enough to fix it.
MAX_ERRORS_SHOWN = 20
_PIN_MAX = 32
_STATE_MAX = 16
_WAKTU = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")
UNTRUSTED_TOKEN = (
    "Token ini tidak lagi mewakili admin yang mengelola mesin ini, sehingga presensi pegawai "
    "tidak disimpan. Buat token baru di halaman Mesin presensi lalu kirim ulang."
)


class BadRequest(Exception):
    def __init__(self, status: int, message: str, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []


def _error(status: int, message: str, details: list[dict[str, Any]] | None = None, **headers: str):
    body: dict[str, Any] = {"galat": message}
    if details:
        body["kesalahan"] = details
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _device_for(request: HttpRequest) -> Device | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "token" or not token:
        return None
    device = (
        Device.objects.filter(token_hash=hash_token(token))
        .select_related("token_diterbitkan_oleh")
        .first()
    )
    if device is None or not device.aktif:
        return None
    return device


def _over_rate(device_id: int) -> bool:
    key = f"presensi-api:{device_id}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        count = 1
    return count > MAX_REQUESTS_PER_MINUTE


def _body(request: HttpRequest) -> list[Any]:
    try:
        payload = json.loads(request.body)
    except json.JSONDecodeError as error:
        raise BadRequest(
            400, f"JSON tidak valid pada baris {error.lineno} kolom {error.colno}."
        ) from error
    except UnicodeDecodeError as error:
        raise BadRequest(400, "Isi permintaan bukan teks UTF-8.") from error
    # Past the decoder's own errors: a number too long for int() (ValueError) or nesting
    # deeper than the parser's recursion allows.
    except (ValueError, RecursionError) as error:
        raise BadRequest(400, "JSON tidak valid.") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("punches"), list):
        raise BadRequest(400, 'Isi permintaan harus berupa objek {"punches": [...]}.')
    items = payload["punches"]
    if len(items) > MAX_PUNCHES:
        raise BadRequest(
            413,
            f"Paling banyak {MAX_PUNCHES} presensi per kiriman, diterima {len(items)}; "
            "kirim sisanya pada kiriman berikutnya.",
        )
    return items


def _text(value: Any) -> str | None:
    # bool is an int in Python, but true/false is never a PIN or a status.
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return None


def _item(index: int, item: Any) -> RawPunch | str:
    """The punch, or the Indonesian reason the item is refused."""
    where = f"punches[{index}]"
    if not isinstance(item, dict):
        return f'{where}: harus berupa objek {{"pin", "waktu", "status"}}.'
    pin = _text(item.get("pin"))
    if pin is None or not normalise_pin(pin):
        return f"{where}.pin: wajib diisi (teks atau angka)."
    pin = normalise_pin(pin)
    if len(pin) > _PIN_MAX:
        return f"{where}.pin: paling panjang {_PIN_MAX} karakter."
    waktu = item.get("waktu")
    expected = "diharapkan YYYY-MM-DD HH:MM:SS, jam lokal mesin"
    if not isinstance(waktu, str) or not _WAKTU.fullmatch(waktu.strip()):
        return f"{where}.waktu: '{waktu}' tidak dikenali ({expected})."
    try:
        local = dt.datetime.fromisoformat(waktu.strip())
    except ValueError:
        return f"{where}.waktu: '{waktu}' bukan tanggal dan jam yang valid."
    problem = year_problem(local)
    if problem is not None:
        return f"{where}.waktu: {problem}"
    state = item.get("status")
    if state is not None:
        state = _text(state)
        if state is None or len(state) > _STATE_MAX:
            return f"{where}.status: harus teks atau angka, paling panjang {_STATE_MAX} karakter."
    return RawPunch(line=index, key=pin, local_time=local, state=state)


def _punches(items: list[Any]) -> list[RawPunch]:
    punches: list[RawPunch] = []
    details: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        parsed = _item(index, item)
        if isinstance(parsed, RawPunch):
            punches.append(parsed)
        else:
            details.append({"indeks": index, "pesan": parsed})
    if details:
        count = len(details)
        raise BadRequest(
            400,
            f"{count} presensi tidak valid; tidak ada yang disimpan. Perbaiki lalu kirim ulang "
            f"seluruh kiriman. Yang pertama: {details[0]['pesan']}",
            details[:MAX_ERRORS_SHOWN],
        )
    return punches


def _trusted_issuer(device: Device) -> User | None:
    """The token's issuer while they could still upload this device's log by hand: an active
    account that manages punches and sees the device. None otherwise (see Scope above)."""
    issuer = device.token_diterbitkan_oleh
    if issuer is None or not issuer.is_active or not access.manages_device(issuer, device):
        return None
    return issuer


def _refusal(problem: LineProblem) -> dict[str, Any]:
    # The storage layer words problems for a file ("Baris n: ..."); a device thinks in indexes.
    reason = problem.message.removeprefix(f"Baris {problem.line}: ")
    return {"indeks": problem.line, "pesan": f"punches[{problem.line}]: {reason}"}


def _answer(result: ImportResult, *, untrusted: bool) -> JsonResponse:
    body: dict[str, Any] = {
        "diterima": result.total_lines,
        "baru": result.new,
        "duplikat": result.duplicate,
        "tak_dikenal": result.unknown,
        "ditolak": len(result.problems),
        "ditolak_final": result.ditolak_final,
        "pin_tak_dikenal": result.unknown_keys[:100],
    }
    if result.ditolak_final:
        body["pesan_final"] = result.final_message
    if result.problems:
        body["kesalahan"] = [_refusal(p) for p in result.problems[:MAX_ERRORS_SHOWN]]
    if untrusted:
        body["peringatan"] = UNTRUSTED_TOKEN
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@login_not_required
def device_punches(request: HttpRequest) -> JsonResponse:
    if request.method != "POST":
        return _error(405, "Gunakan metode POST.", Allow="POST")
    device = _device_for(request)
    if device is None:
        return _error(
            401,
            "Token tidak dikenal atau mesin dinonaktifkan.",
            WWW_Authenticate='Token realm="presensi"',
        )
    if request.content_type != "application/json":
        return _error(415, "Kirim dengan Content-Type: application/json.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    # Refused before the body is read, so a huge request never sits in memory.
    if length > MAX_BODY_BYTES:
        return _error(
            413, f"Permintaan terlalu besar; batasnya {MAX_BODY_BYTES // 1024} KB per kiriman."
        )
    if _over_rate(device.pk):
        return _error(
            429, "Terlalu banyak kiriman dari mesin ini; coba lagi sebentar.", Retry_After="60"
        )
    try:
        punches = _punches(_body(request))
    except BadRequest as error:
        return _error(error.status, error.message, error.details)

    # A heartbeat stores nothing, so it spends no queries on the issuer's rights.
    issuer = _trusted_issuer(device) if punches else None
    # Nobody's punches without a trusted issuer; else what the issuer could upload by hand.
    scope = Employee.objects.none() if issuer is None else access.punch_scope_for(issuer)
    result = store_punches(
        instansi_id=device.instansi_id,
        punches=punches,
        device=device,
        sumber=SumberPresensi.API,
        label=API_LABEL,
        actor=None,
        employee_scope=scope,
        audit_unchanged=False,
    )
    Device.objects.filter(pk=device.pk).update(terakhir_kirim_at=timezone.now())
    recompute_after(device.instansi_id, result)
    return _answer(result, untrusted=bool(punches) and issuer is None)
