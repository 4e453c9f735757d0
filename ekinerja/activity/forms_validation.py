"""Input shapes of the validation queue: its filters and a decision. The forms only parse; the
queue selector decides which activities a user may touch and the service decides the outcome."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from ekinerja.core.params import whole_number

from .selectors_queue import TANPA_TARGET, QueueFilter

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
FILTER_FIELDS = ("pegawai", "dari", "sampai", "target", "ditandai")
# Eighteen digits always fit a signed 64-bit key; longer input would overflow the database.
BIGGEST_ID = 2**63 - 1


class QueueFilterForm(forms.Form):
    pegawai = forms.IntegerField(
        label="Pegawai", required=False, min_value=1, max_value=BIGGEST_ID,
        error_messages={
            "invalid": "Pilihan pegawai tidak dikenal.",
            "min_value": "Pilihan pegawai tidak dikenal.",
            "max_value": "Pilihan pegawai tidak dikenal.",
        },
    )  # fmt: skip
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
        number = whole_number(value)
        if number is not None:
            return number
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
        ids = [whole_number(v) for v in values]
        if None in ids:
            raise forms.ValidationError("Pilihan aktivitas tidak valid.")
        return [i for i in ids if i is not None]


class SeenAtField(forms.Field):
    """When the queue page was rendered (ISO 8601, written by the server into the form), so a
    decision can tell which rows changed after the validator looked at them."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": "Waktu pembukaan halaman antrean tidak terbaca; muat ulang antrean lalu "
        "putuskan kembali.",
    }

    def to_python(self, value) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        try:
            seen = dt.datetime.fromisoformat(str(value).strip())
            if timezone.is_naive(seen):
                seen = timezone.make_aware(seen)
            # The database compares in UTC; a time at the edge of the calendar cannot be.
            seen = seen.astimezone(dt.UTC)
        except (ValueError, OverflowError) as error:
            raise forms.ValidationError(self.error_messages["required"]) from error
        # A hand-made time in the future would let unseen later edits through.
        return min(seen, timezone.now())


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
    dilihat = SeenAtField()

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
