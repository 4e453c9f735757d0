"""Uploads (issue 10): every file field of the project is bounded in size and checked by
content; stored files sit outside the static files and no URL serves the media folder, so a
stored file only leaves through a view that checks access first (the evidence and leave
attachment views, tested in their apps)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.http import Http404
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve

import ekinerja
from ekinerja.activity.models import Activity
from ekinerja.core.uploads import MAX_DOCUMENT_BYTES, check_document, serve_document

# Form upload fields -> what guards them. "dokumen": stored and served back, so check_document
# (PDF/JPG/PNG by their first bytes, 5 MB); "impor": bounded in size before it is read, parsed
# into rows and never stored.
FORM_UPLOADS = {
    "ekinerja.activity.forms.ActivityForm.bukti_berkas": "dokumen",
    "ekinerja.attendance.forms_leave.LeaveForm.lampiran": "dokumen",
    "ekinerja.activity.views_reports.ActivityUploadForm.berkas": "impor",
    "ekinerja.attendance.forms_punches.PunchUploadForm.berkas": "impor",
    "ekinerja.talent.forms.CompetenceUploadForm.file": "impor",
    "ekinerja.allowance.forms.PolicyForm.berkas": "impor",
    "ekinerja.people.forms_imports.ImportUploadForm.file": "impor",
}
# Model file fields -> where their content comes from.
MODEL_FILES = {
    "activity.Activity.bukti_berkas": "ActivityForm (check_document)",
    "attendance.LeaveRequest.lampiran": "LeaveForm (check_document)",
    "org.Instansi.logo": "validate_logo: PNG or SVG, 512 KB, never served over HTTP",
    "reports.PrintBatch.berkas": "a ZIP the application writes itself",
}

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def _import_all_modules() -> None:
    for module in pkgutil.walk_packages(ekinerja.__path__, "ekinerja."):
        if ".tests" in module.name or ".migrations" in module.name:
            continue
        importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def form_upload_fields() -> dict[str, type[forms.BaseForm]]:
    _import_all_modules()
    found = {}
    for form in _subclasses(forms.BaseForm):
        if not form.__module__.startswith("ekinerja.") or form.__name__.startswith("_"):
            continue
        for name, field in form.base_fields.items():
            if isinstance(field, forms.FileField):
                found[f"{form.__module__}.{form.__qualname__}.{name}"] = form
    return found


def test_every_form_upload_field_is_guarded():
    found = form_upload_fields()
    unknown = sorted(set(found) - set(FORM_UPLOADS))
    assert not unknown, (
        f"New upload fields {unknown}: guard them (ekinerja.core.uploads.check_document for "
        "files that are stored, a size bound for imports) and register them in FORM_UPLOADS."
    )
    assert set(FORM_UPLOADS) <= set(found), sorted(set(FORM_UPLOADS) - set(found))


def test_every_model_file_field_is_known():
    found = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("ekinerja.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert found == set(MODEL_FILES)


def oversized(name: str) -> SimpleUploadedFile:
    upload = SimpleUploadedFile(name, PDF)
    upload.size = max(MAX_DOCUMENT_BYTES, settings.IMPORT_MAX_BYTES) + 1
    return upload


def run_field_clean(form_class: type[forms.BaseForm], field: str, upload) -> None:  # type: ignore[no-untyped-def]
    """The form's own check of the field, on a bare form whose other fields are empty."""
    form = form_class.__new__(form_class)
    form.cleaned_data = {field: upload}
    form._errors = forms.utils.ErrorDict()  # type: ignore[attr-defined]
    cleaner = getattr(form, f"clean_{field}", None)
    if cleaner is not None:
        cleaner()
    else:
        form.clean()
    if form._errors:  # type: ignore[attr-defined]
        raise ValidationError(str(form._errors))  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", sorted(FORM_UPLOADS))
def test_an_oversized_upload_is_refused_by_every_field(path):
    form_class = form_upload_fields()[path]
    field = path.rsplit(".", 1)[1]
    with pytest.raises(ValidationError):
        run_field_clean(form_class, field, oversized("besar.pdf"))


@pytest.mark.parametrize("path", sorted(p for p, kind in FORM_UPLOADS.items() if kind == "dokumen"))
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("laman.html", b"<html><script>alert(1)</script>"),
        ("laman.pdf", b"<html><script>alert(1)</script>"),
        ("gambar.png", JPG),
        ("skrip.svg", b"<svg onload='alert(1)'/>"),
    ],
)
def test_a_stored_document_field_checks_the_content(path, name, content):
    form_class = form_upload_fields()[path]
    field = path.rsplit(".", 1)[1]
    with pytest.raises(ValidationError):
        run_field_clean(form_class, field, SimpleUploadedFile(name, content))


@pytest.mark.parametrize(("name", "content"), [("a.pdf", PDF), ("a.PNG", PNG), ("a.jpeg", JPG)])
def test_real_documents_pass_and_can_be_read_again(name, content):
    upload = SimpleUploadedFile(name, content)
    check_document(upload, "Berkas bukti")
    assert upload.read() == content


def test_the_messages_are_indonesian_and_name_the_file():
    with pytest.raises(ValidationError) as error:
        check_document(SimpleUploadedFile("a.exe", b"MZ"), "Lampiran")
    assert error.value.messages == ["Lampiran harus berupa PDF, JPG, atau PNG."]
    with pytest.raises(ValidationError) as error:
        check_document(oversized("a.pdf"), "Lampiran")
    assert error.value.messages == ["Lampiran paling besar 5 MB."]


def _stored(tmp_path: Path, name: str, content: bytes):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_bytes(content)
    return Activity(bukti_berkas=name).bukti_berkas


def test_checked_types_open_in_the_browser_anything_else_downloads(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    response = serve_document(_stored(tmp_path, "bukti.pdf", PDF), "Tidak ada.")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    response.file_to_stream.close()
    response = serve_document(_stored(tmp_path, "laman.html", b"<script>"), "Tidak ada.")
    assert response["Content-Disposition"].startswith("attachment")
    response.file_to_stream.close()


def test_a_missing_file_is_404(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    with pytest.raises(Http404):
        serve_document(Activity(bukti_berkas="hilang.pdf").bukti_berkas, "Tidak ada.")
    with pytest.raises(Http404):
        serve_document(Activity().bukti_berkas, "Tidak ada.")


def _routes(resolver: URLResolver, prefix: str = ""):  # type: ignore[no-untyped-def]
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_no_url_serves_the_media_folder():
    for route, callback in _routes(get_resolver()):
        assert callback is not serve, route
        assert not route.startswith(settings.MEDIA_URL.lstrip("/")), route


def test_media_is_stored_outside_every_static_folder():
    media = Path(settings.MEDIA_ROOT).resolve()
    static_dirs = [Path(settings.STATIC_ROOT)] + [
        Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS
    ]
    for folder in static_dirs:
        folder = folder.resolve()
        assert not media.is_relative_to(folder), folder
        assert not folder.is_relative_to(media), folder


def test_a_stored_file_is_not_reachable_by_its_media_address(personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "bukti").mkdir()
    (tmp_path / "bukti" / "rahasia.pdf").write_bytes(PDF)
    client = login(personas.user("citra"))
    response = client.get(f"/{settings.MEDIA_URL.strip('/')}/bukti/rahasia.pdf")
    assert response.status_code == 404
