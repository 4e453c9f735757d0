"""Input shape of the period pages. The rules themselves live in services_periods."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from ekinerja.org.models import Unit

from .choices import SiklusEvaluasi, StatusPeriode, SumberDraf
from .models import PerformancePeriod
from .services_periods import TAHUN_MAX, TAHUN_MIN


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control"}, **kwargs)


class PeriodForm(forms.Form):
    tahun = forms.IntegerField(
        label="Tahun",
        min_value=TAHUN_MIN,
        max_value=TAHUN_MAX,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    mulai = forms.DateField(label="Tanggal mulai", widget=DateInput())
    selesai = forms.DateField(label="Tanggal selesai", widget=DateInput())
    batas_input_skp = forms.DateField(label="Batas pengisian SKP", widget=DateInput())
    batas_persetujuan = forms.DateField(label="Batas persetujuan SKP", widget=DateInput())
    siklus_evaluasi = forms.ChoiceField(
        label="Siklus evaluasi",
        choices=SiklusEvaluasi.choices,
        widget=forms.RadioSelect,
        help_text="Tidak dapat diubah setelah ada SKP pada periode ini.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=StatusPeriode.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    @classmethod
    def initial_for(cls, today: dt.date) -> dict[str, Any]:
        """Next year's calendar once the fourth quarter starts, else this year's."""
        tahun = today.year + 1 if today.month >= 10 else today.year
        return {
            "tahun": tahun,
            "mulai": dt.date(tahun, 1, 1),
            "selesai": dt.date(tahun, 12, 31),
            "batas_input_skp": dt.date(tahun, 1, 31),
            "batas_persetujuan": dt.date(tahun, 2, calendar.monthrange(tahun, 2)[1]),
            "siklus_evaluasi": SiklusEvaluasi.BULANAN,
            "status": StatusPeriode.PERSIAPAN,
        }

    @classmethod
    def initial_from(cls, period: PerformancePeriod) -> dict[str, Any]:
        return {name: getattr(period, name) for name in cls.base_fields}


class OpeningForm(forms.Form):
    SELURUH = "instansi"
    OPD = "opd"

    cakupan = forms.ChoiceField(
        label="Cakupan",
        choices=[(SELURUH, "Seluruh instansi"), (OPD, "Satu OPD (beserta unit di bawahnya)")],
        initial=SELURUH,
        widget=forms.RadioSelect,
    )
    unit = forms.ModelChoiceField(
        label="OPD",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Pilih OPD",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sumber = forms.ChoiceField(
        label="Isi draf SKP",
        choices=SumberDraf.choices,
        initial=SumberDraf.SKP_SEBELUMNYA,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cakupan") == self.OPD and not data.get("unit"):
            self.add_error("unit", "Pilih OPD yang akan dibuka.")
        if data.get("cakupan") == self.SELURUH:
            data["unit"] = None
        return data
