"""Input shapes of the validation queue: its filters and a decision. The forms only parse; the
queue selector decides which activities a user may touch and the service decides the outcome."""

from __future__ import annotations

import datetime as dt

from django import forms

from .selectors_queue import TANPA_TARGET, QueueFilter

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
FILTER_FIELDS = ("pegawai", "dari", "sampai", "target", "ditandai")


class QueueFilterForm(forms.Form):
    pegawai = forms.IntegerField(label="Pegawai", required=False, min_value=1)
    dari = forms.DateField(
        label="Dari tanggal", required=False, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    sampai = forms.DateField(
        label="Sampai tanggal", required=False, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    target = forms.CharField(label="Target", required=False, max_length=20)
    ditandai = forms.BooleanField(label="Hanya yang ditandai", required=False)

    def clean_target(self) -> int | str | None:
        value = (self.cleaned_data.get("target") or "").strip()
        if not value:
            return None
        if value == TANPA_TARGET:
            return TANPA_TARGET
        if value.isdigit():
            return int(value)
        raise forms.ValidationError("Pilihan target tidak dikenal.")

    def clean(self) -> dict:
        data = super().clean() or {}
        dari, sampai = data.get("dari"), data.get("sampai")
        if isinstance(dari, dt.date) and isinstance(sampai, dt.date) and dari > sampai:
            raise forms.ValidationError("Tanggal awal tidak boleh sesudah tanggal akhir.")
        return data

    def to_filter(self) -> QueueFilter:
        if not self.is_bound:
            return QueueFilter()
        data = self.cleaned_data
        return QueueFilter(
            employee_id=data.get("pegawai"),
            dari=data.get("dari"),
            sampai=data.get("sampai"),
            target=data.get("target"),
            hanya_ditandai=bool(data.get("ditandai")),
        )

    def messages(self) -> list[str]:
        found = list(self.non_field_errors())
        for name, field in self.fields.items():
            found += [f"{field.label}: {error}" for error in self.errors.get(name, [])]
        return found


class IdListField(forms.Field):
    """The ids of the ticked rows; each must be a whole number."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            return [int(v) for v in values]
        except (TypeError, ValueError) as error:
            raise forms.ValidationError("Pilihan aktivitas tidak valid.") from error


class DecisionForm(forms.Form):
    keputusan = forms.ChoiceField(
        label="Keputusan",
        choices=[("setujui", "Setujui"), ("tolak", "Tolak"), ("kembalikan", "Kembalikan")],
        error_messages={
            "required": "Pilih keputusan: setujui, tolak atau kembalikan.",
            "invalid_choice": "Keputusan validasi tidak dikenal.",
        },
    )
    alasan = forms.CharField(
        label="Alasan (wajib untuk menolak atau mengembalikan)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    id = IdListField(required=False)
    semua = forms.BooleanField(label="Pilih semua pada filter ini", required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("semua") and not data.get("id") and "id" not in self.errors:
            raise forms.ValidationError(
                "Pilih sedikitnya satu aktivitas, atau centang “pilih semua pada filter ini”."
            )
        return data

    def messages(self) -> list[str]:
        found = list(self.non_field_errors())
        for name in self.fields:
            found += list(self.errors.get(name, []))
        return found
