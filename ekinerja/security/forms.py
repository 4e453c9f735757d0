from __future__ import annotations

from django import forms

from .selectors import AuditFilter


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Kode",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg",
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
            }
        ),
    )


class AuditFilterForm(forms.Form):
    dari = forms.DateField(
        label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    aksi = forms.CharField(label="Aksi (awalan)", required=False, max_length=64)
    pelaku = forms.CharField(label="Pelaku (NIP/nama)", required=False, max_length=100)
    jenis_objek = forms.CharField(label="Jenis objek", required=False, max_length=64)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError("Tanggal awal harus sebelum tanggal akhir.")
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            dari=data.get("dari"),
            sampai=data.get("sampai"),
            aksi=(data.get("aksi") or "").strip(),
            pelaku=(data.get("pelaku") or "").strip(),
            jenis_objek=(data.get("jenis_objek") or "").strip().lower(),
        )
