from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from .imports import KINDS


def _kind_choices() -> list[tuple[str, str]]:
    # Called per form, so kinds that later apps register in their ready() are always listed.
    return [(kind.kind, kind.label) for kind in KINDS.values()]


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label="Jenis data", choices=_kind_choices)
    file = forms.FileField(
        label="Berkas (.xlsx atau .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        # Refuse before reading, so an oversized upload is never loaded into memory.
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {limit // (1024 * 1024)} MB."
            )
        return upload
