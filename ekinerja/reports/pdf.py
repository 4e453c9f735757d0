"""PDF rendering with Typst: `render_pdf("tpp_slip", data)` compiles `typst/tpp_slip.typ`.

The data never becomes markup. It is serialised to JSON and handed to the compiler as the
`sys.inputs.data` string; each template starts with

    #let data = json(bytes(sys.inputs.data))

and places the values as strings, which Typst typesets literally (a name such as
"#set page(width: 1cm)" or "$x$" prints as typed). Templates must never `eval` a value.

Fonts: only the fonts embedded in the pinned `typst` wheel are used (Libertinus Serif for text,
DejaVu Sans Mono and New Computer Modern as fallbacks); the machine's fonts are ignored, so a
document comes out the same on every server and in CI without any font package.

The compiler is kept warm, one per thread (a `typst.Compiler` is not safe to share between two
threads compiling at once): fonts are loaded once and Typst's memoisation carries over between
documents, so batch printing pays the start-up cost once.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import threading
from pathlib import Path
from typing import Any

import typst
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.formats import date_format

from ekinerja.org.logo import logo_svg

TEMPLATE_DIR = Path(__file__).resolve().parent / "typst"

logger = logging.getLogger(__name__)
_local = threading.local()


class PdfError(RuntimeError):
    """A template failed to compile; `diagnostic` carries Typst's located message."""

    def __init__(self, message: str, diagnostic: str = "") -> None:
        super().__init__(message)
        self.diagnostic = diagnostic


def _compiler() -> typst.Compiler:
    compiler: typst.Compiler | None = getattr(_local, "compiler", None)
    if compiler is None:
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[])
        compiler = typst.Compiler(
            root=str(TEMPLATE_DIR), font_paths=fonts, ignore_system_fonts=True
        )
        _local.compiler = compiler
    return compiler


def template_path(template_name: str) -> Path:
    """The .typ file of a template; names are plain identifiers, never paths."""
    if not template_name.replace("_", "").isalnum():
        raise ValueError(f"Nama templat tidak sah: {template_name!r}")
    path = TEMPLATE_DIR / f"{template_name}.typ"
    if not path.is_file():
        raise ValueError(f"Templat {template_name!r} tidak ada.")
    return path


def render_pdf(
    template_name: str, data: dict[str, Any], *, timestamp: dt.datetime | None = None
) -> bytes:
    """The PDF of `template_name` filled with `data` (anything JSON can carry).

    `timestamp` (timezone-aware) is the PDF's creation date; with it, the same data gives the
    same bytes. Without it, Typst uses the current time.
    """
    path = template_path(template_name)
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    try:
        result, warnings = _compiler().compile_with_warnings(
            input=str(path),
            format="pdf",
            sys_inputs={"data": payload},
            timestamp=timestamp,
        )
    except typst.TypstError as error:
        raise PdfError(
            f"Templat {template_name} gagal disusun: {error.message}", error.diagnostic
        ) from error
    for warning in warnings:
        logger.warning("Typst %s: %s\n%s", template_name, warning.message, warning.diagnostic)
    if not isinstance(result, bytes):
        raise PdfError(f"Templat {template_name} tidak menghasilkan PDF.")
    return result


def printed_now() -> str:
    """The print time every document shows in its footer, in the server's local zone."""
    return date_format(timezone.localtime(), "j F Y H:i")


def require_keys(kind: str, data: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Refuse a document's data with a missing top-level key, naming it, before Typst does."""
    missing = [key for key in keys if key not in data]
    if missing:
        raise ValueError(f"Data {kind} tidak lengkap: {', '.join(missing)}.")


def kop_of(instansi: Any, unit: Any = None) -> dict[str, str]:
    """The letterhead block every template's kop() reads, with the logo as SVG text and the
    instansi's paper size (the page setup of _dokumen.typ reads `kertas`). A document of one
    OPD carries the OPD's name and, when it has one, its own address."""
    return {
        "nama": instansi.nama,
        "nama_daerah": instansi.nama_daerah,
        "unit": unit.nama if unit is not None else "",
        "alamat": (unit.alamat if unit is not None else "") or instansi.alamat,
        "logo_svg": _logo_svg(instansi.logo.name) if instansi.logo else "",
        "kertas": instansi.ukuran_kertas,
    }


@functools.lru_cache(maxsize=32)
def _logo_svg(name: str) -> str:
    # Uploaded names are never reused (the storage adds a suffix), so a name is one content;
    # a batch of a thousand documents reads the file once.
    with default_storage.open(name, "rb") as handle:
        return logo_svg(handle.read())
