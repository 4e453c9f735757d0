from __future__ import annotations

import datetime as dt

from django import forms

from ekinerja.org.models import Unit

from .choices import StatusKebijakan


def parse_month(value: str) -> tuple[int, int] | None:
    """'2026-03' -> (2026, 3); anything else -> None."""
    try:
        day = dt.datetime.strptime((value or "").strip(), "%Y-%m")
    except ValueError:
        return None
    return day.year, day.month


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "class": "form-control"})

    def clean(self, value: str) -> tuple[int, int]:  # type: ignore[override]
        month = parse_month(super().clean(value))
        if month is None:
            raise forms.ValidationError("Pilih bulan dengan format TTTT-BB, misalnya 2026-03.")
        return month


class RunForm(forms.Form):
    bulan = MonthField(label="Bulan", error_messages={"required": "Pilih bulan yang dihitung."})
    opd = forms.ModelChoiceField(
        label="OPD",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Seluruh instansi",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, opds=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if opds is not None:
            self.fields["opd"].queryset = opds


class SimulationForm(RunForm):
    kebijakan = forms.ModelChoiceField(
        label="Kebijakan yang disimulasikan",
        queryset=None,
        error_messages={
            "required": "Pilih kebijakan yang akan disimulasikan.",
            "invalid_choice": "Kebijakan itu tidak ditemukan.",
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, policies=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["kebijakan"].queryset = policies


class ReopenForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan membuka kembali",
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={
            "required": "Tuliskan alasan membuka kembali.",
            "min_length": "Alasan paling sedikit 10 karakter.",
        },
    )


class PolicyForm(forms.Form):
    dokumen = forms.CharField(
        label="Dokumen kebijakan (YAML)",
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 28, "class": "form-control font-monospace", "spellcheck": "false"}
        ),
    )
    berkas = forms.FileField(label="atau unggah berkas YAML", required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=StatusKebijakan.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    catatan = forms.CharField(
        label="Catatan (dasar hukum, nomor Perbup)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    MAX_BYTES = 512 * 1024

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        upload = data.get("berkas")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError("Berkas terlalu besar (paling besar 512 KB).")
            try:
                data["dokumen"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError("Berkas harus teks UTF-8 (YAML).") from None
        if not (data.get("dokumen") or "").strip():
            raise forms.ValidationError("Isi dokumen kebijakan atau unggah berkas YAML.")
        return data
