"""The instansi's logo on the letterhead of printed documents: PNG or SVG, checked on upload,
and handed to Typst as SVG text (a PNG inside an SVG as a data URI), since a template only
receives text."""

from __future__ import annotations

import base64
import struct
from typing import Any

from django.core.exceptions import ValidationError

MAX_BYTES = 512 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def logo_kind(content: bytes) -> str | None:
    if content.startswith(PNG_SIGNATURE) and len(content) >= 24:
        return "png"
    head = content[:512].lstrip().lower()
    if head.startswith(b"<svg") or (
        head.startswith(b"<?xml") and b"<svg" in content[:2048].lower()
    ):
        return "svg"
    return None


def png_size(content: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (always the first, at byte 16)."""
    width, height = struct.unpack(">II", content[16:24])
    return width, height


def validate_logo(file: Any) -> None:
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError("Logo paling besar 512 KB.")
    position = file.tell() if hasattr(file, "tell") else 0
    content = file.read(MAX_BYTES + 1)
    file.seek(position)
    if len(content) > MAX_BYTES:
        raise ValidationError("Logo paling besar 512 KB.")
    if logo_kind(content) is None:
        raise ValidationError("Logo harus berkas PNG atau SVG.")


def logo_svg(content: bytes) -> str:
    """SVG text of the logo, "" when the content is neither PNG nor SVG."""
    kind = logo_kind(content)
    if kind == "svg":
        return content.decode("utf-8", errors="replace")
    if kind == "png":
        width, height = png_size(content)
        data = base64.b64encode(content).decode("ascii")
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<image width="{width}" height="{height}" xlink:href="data:image/png;base64,{data}"/>'
            "</svg>"
        )
    return ""
