"""Uploaded documents (activity evidence, leave attachments): what is accepted and how a stored
one is served. Files are never put in a public folder; views check access first."""

from __future__ import annotations

import os

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted type: the extension alone would let anything in.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def check_document(upload: UploadedFile, label: str = "Berkas") -> None:
    """Refuse anything but a real PDF, JPG or PNG of at most 5 MB; ``label`` names the file
    in the message ("Berkas bukti", "Lampiran")."""
    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(f"{label} paling besar 5 MB.")
    extension = os.path.splitext(upload.name or "")[1].lower()
    if extension not in SIGNATURES:
        raise forms.ValidationError(f"{label} harus berupa PDF, JPG, atau PNG.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise forms.ValidationError(
            f"Isi {label.lower()} tidak sesuai dengan jenisnya; unggah PDF, JPG, atau PNG asli."
        )


def serve_document(stored: FieldFile, missing: str) -> FileResponse:
    """The stored file as a response. Only the checked types open in the browser; anything
    else (a file put there by another path) is downloaded, so it never runs as a page of
    this site."""
    if not stored:
        raise Http404(missing)
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404(missing) from error
    name = os.path.basename(stored.name or "")
    inline = os.path.splitext(name)[1].lower() in SIGNATURES
    return FileResponse(handle, filename=name, as_attachment=not inline)
