"""Input shapes of the monitoring pages: the month shown and an OPD's go-live date. The forms
only parse; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
BULAN = [
    (1, "Januari"), (2, "Februari"), (3, "Maret"), (4, "April"), (5, "Mei"), (6, "Juni"),
    (7, "Juli"), (8, "Agustus"), (9, "September"), (10, "Oktober"), (11, "November"),
    (12, "Desember"),
]  # fmt: skip


class MonthForm(forms.Form):
    tahun = forms.IntegerField(
        label="Tahun", min_value=2000, max_value=2100,
        error_messages={
            "invalid": "Tahun harus berupa angka, misalnya 2026.",
            "min_value": "Tahun paling awal 2000.",
            "max_value": "Tahun paling akhir 2100.",
            "required": "Isi tahun.",
        },
    )  # fmt: skip
    bulan = forms.TypedChoiceField(
        label="Bulan", choices=BULAN, coerce=int,
        error_messages={
            "invalid_choice": "Bulan harus 1 sampai 12.",
            "required": "Pilih bulan.",
        },
    )  # fmt: skip

    @classmethod
    def for_request(cls, data: object, today: dt.date) -> MonthForm:
        """The form bound to the query string, defaulting to this month when it names none."""
        get = getattr(data, "get", lambda _key: None)
        if get("tahun") is None and get("bulan") is None:
            return cls({"tahun": today.year, "bulan": today.month})
        return cls(data)  # type: ignore[arg-type]

    def message(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


class GoLiveForm(forms.Form):
    gelombang = forms.IntegerField(
        label="Gelombang", min_value=1, max_value=99,
        error_messages={
            "invalid": "Gelombang harus berupa angka.",
            "min_value": "Gelombang dimulai dari 1.",
            "max_value": "Gelombang paling banyak 99.",
            "required": "Isi gelombang.",
        },
    )  # fmt: skip
    tanggal_mulai = forms.DateField(
        label="Tanggal go-live", input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": "Tanggal go-live tidak dikenali; gunakan format 31-01-2026.",
            "required": "Isi tanggal go-live.",
        },
    )  # fmt: skip
    catatan = forms.CharField(label="Catatan", required=False, max_length=255)
