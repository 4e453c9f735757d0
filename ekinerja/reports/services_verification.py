"""Issuing printed documents: a stored row with a verification code per distinct content,
and the block every template prints (code, address, QR code, fingerprint)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from . import verification
from .models import IssuedDocument

# Keys of a document's data that change on every print without changing what it says.
NOT_CONTENT = frozenset({"dicetak", "verifikasi"})
ATTEMPTS = 5


@dataclass(frozen=True)
class Issue:
    """What the public page may say of a document, beside its content's fingerprint."""

    instansi_id: int
    jenis: str
    sumber: str
    judul: str
    status: str
    pegawai_nama: str = ""
    pegawai_nip: str = ""
    unit_nama: str = ""
    periode: str = ""
    fakta: dict[str, str] = field(default_factory=dict)


def content_of(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in NOT_CONTENT}


def issue_document(issue: Issue, data: dict[str, Any], actor: Any = None) -> IssuedDocument:
    """The row of this content, created with a fresh code on its first print.

    Safe under concurrent prints of the same content: the unique (jenis, sumber, sidik) makes
    the second insert fail, and the row the first one made is returned."""
    sidik = verification.fingerprint(content_of(data))
    found = IssuedDocument.objects.filter(jenis=issue.jenis, sumber=issue.sumber, sidik=sidik)
    existing = found.first()
    if existing is not None:
        return existing
    for _ in range(ATTEMPTS):
        try:
            with transaction.atomic():
                return IssuedDocument.objects.create(
                    instansi_id=issue.instansi_id, kode=verification.new_code(),
                    jenis=issue.jenis, sumber=issue.sumber, sidik=sidik, judul=issue.judul,
                    pegawai_nama=issue.pegawai_nama, pegawai_nip=issue.pegawai_nip,
                    unit_nama=issue.unit_nama, periode=issue.periode, status=issue.status,
                    fakta=issue.fakta,
                    issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                )  # fmt: skip
        except IntegrityError:
            existing = found.first()
            if existing is not None:
                return existing
            # Otherwise two random codes met: draw another.
    raise RuntimeError("Kode verifikasi tidak dapat dibuat; coba cetak lagi.")


def verification_url(document: IssuedDocument) -> str:
    base = settings.EKINERJA_PUBLIC_URL.rstrip("/")
    return base + reverse("document-verify", args=[document.kode])


def qr_svg(url: str) -> str:
    """A QR code of the address as SVG text, black on white without a margin (the template
    places it); error correction M survives a fold or a stain on paper."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=4, border=0)


def verification_block(document: IssuedDocument) -> dict[str, str]:
    url = verification_url(document)
    return {
        "kode": verification.printed(document.kode),
        "url": url,
        "alamat": settings.EKINERJA_PUBLIC_URL.rstrip("/") + reverse("document-verify-form"),
        "qr_svg": qr_svg(url),
        "sidik": document.sidik[:16],
    }


def with_verification(issue: Issue, data: dict[str, Any], actor: Any = None) -> dict[str, Any]:
    """`data` with the `verifikasi` block of its issued document added."""
    document = issue_document(issue, data, actor)
    return {**data, "verifikasi": verification_block(document)}
