"""The letterhead and page of every document follow the instansi: its logo (PNG or SVG) in
the kop, its paper size (A4 or F4); a logo that is not an image is refused on upload."""

import shutil
import struct
import subprocess
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ekinerja.org.logo import logo_svg, validate_logo
from ekinerja.org.models import UkuranKertas
from ekinerja.reports.pdf import _logo_svg, kop_of
from ekinerja.reports.tests.test_tpp_pdf import slip_data
from ekinerja.reports.tpp import slip_pdf

pytestmark = pytest.mark.django_db
poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils missing")
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<circle cx="5" cy="5" r="4"/></svg>'
)


def png(width=4, height=3) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )  # fmt: skip


def test_png_and_svg_logos_become_svg_text():
    wrapped = logo_svg(png(40, 30))
    assert 'viewBox="0 0 40 30"' in wrapped and "data:image/png;base64," in wrapped
    assert logo_svg(SVG) == SVG.decode()
    assert logo_svg(b"GIF89a...") == ""


@pytest.mark.parametrize(
    "content,message",
    [(b"%PDF-1.7 not an image", "PNG atau SVG"), (b"\x89PNG\r\n\x1a\n" + b"0" * 600_000, "512 KB")],
)
def test_a_logo_that_is_not_a_small_image_is_refused(content, message):
    with pytest.raises(ValidationError, match=message):
        validate_logo(SimpleUploadedFile("logo.png", content))
    validate_logo(SimpleUploadedFile("logo.png", png()))  # a real one passes


def page_size(pdf: bytes) -> str:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    return next(line for line in info.stdout.decode().splitlines() if line.startswith("Page size"))


def images_in(pdf: bytes) -> int:
    listing = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True)
    if listing.returncode != 0:  # older poppler cannot read stdin
        return -1
    return max(0, len(listing.stdout.decode().splitlines()) - 2)


@poppler
def test_the_kop_carries_the_logo_and_the_page_the_instansi_paper(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _logo_svg.cache_clear()
    instansi = personas.instansi
    instansi.logo.save("logo.png", SimpleUploadedFile("logo.png", png(40, 30)), save=False)
    instansi.ukuran_kertas = UkuranKertas.F4
    instansi.save()
    kop = kop_of(instansi)
    assert kop["kertas"] == "f4" and "data:image/png;base64," in kop["logo_svg"]
    pdf = slip_pdf({**slip_data(), "instansi": kop})
    assert "609.449 x 935.433 pts" in page_size(pdf)  # 215 x 330 mm
    assert images_in(pdf) in (-1, 1)
    plain = slip_pdf(slip_data())
    assert "595.276 x 841.89 pts" in page_size(plain)  # A4 by default


def test_an_opd_document_carries_the_opd_and_its_address(personas):
    dinkes = personas.units["dinkes"]
    dinkes.alamat = "Jl. Kesehatan No. 9"
    kop = kop_of(personas.instansi, dinkes)
    assert (kop["unit"], kop["alamat"]) == (dinkes.nama, "Jl. Kesehatan No. 9")
    dinkes.alamat = ""
    assert kop_of(personas.instansi, dinkes)["alamat"] == personas.instansi.alamat
    assert kop_of(personas.instansi)["unit"] == ""
