"""Input shapes of the leave pages. The forms only parse; services_leave decides what is
allowed (who may take which kind, lengths, overlaps, the balance)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

# The evidence checker (size, extension and the file's first bytes) lives with activities for
# now; it is imported rather than copied so both uploads obey one rule. It belongs in core.
from ekinerja.core.uploads import check_document

from . import leave_rules as lr
from .choices import JenisCuti

REQUIRED = "Bagian ini wajib diisi."
DATE_HELP = "Tanggal harus berformat TTTT-BB-HH, misalnya 2026-03-10."


def _styled(form: forms.Form) -> None:
    # Large controls: the pages are mostly used on a phone.
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-lg")
        else:
            widget.attrs.setdefault("class", "form-control form-control-lg")


def kinds_for(status: str) -> list[tuple[str, str]]:
    """The kinds offered to an employee of this status; the service refuses the rest too."""
    return [
        (value, label) for value, label in JenisCuti.choices if status in lr.KINDS[value].statuses
    ]


class LeaveForm(forms.Form):
    jenis = forms.ChoiceField(
        label="Jenis cuti/izin",
        error_messages={"invalid_choice": "Pilih jenis cuti/izin dari daftar yang tersedia."},
    )
    mulai = forms.DateField(
        label="Tanggal mulai",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_HELP},
    )
    selesai = forms.DateField(
        label="Tanggal selesai",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_HELP},
    )
    sebagian_hari = forms.BooleanField(
        label="Hanya sebagian hari (izin/dinas luar beberapa jam)", required=False
    )
    keterangan = forms.CharField(
        label="Keterangan / alasan",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Keterangan paling banyak 2000 karakter."},
    )
    alamat_selama_cuti = forms.CharField(
        label="Alamat selama cuti (opsional)",
        max_length=255,
        required=False,
        error_messages={"max_length": "Alamat selama cuti paling banyak 255 karakter."},
    )
    lampiran = forms.FileField(
        label="Lampiran (PDF, JPG atau PNG, paling besar 5 MB)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={"empty": "Berkas lampiran kosong."},
    )

    def __init__(self, *args, status: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = kinds_for(status)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED
        _styled(self)

    def clean_lampiran(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("lampiran")
        if not upload:
            return None
        check_document(upload, "Lampiran")
        return upload


class RejectForm(forms.Form):
    alasan = forms.CharField(
        label="Alasan penolakan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Alasan penolakan wajib diisi.",
            "max_length": "Alasan penolakan paling banyak 2000 karakter.",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)

    def clean_alasan(self) -> str:
        alasan = self.cleaned_data["alasan"].strip()
        if not alasan:
            raise forms.ValidationError("Alasan penolakan wajib diisi.")
        return alasan
