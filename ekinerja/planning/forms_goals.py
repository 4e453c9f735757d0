"""Input shapes of the organisational performance pages. The rules (cascading, years, targets)
live in services_goals; these forms only parse what the browser sends."""

from __future__ import annotations

import re

from django import forms

from .choices import JenisSasaranDaerah
from .models import RegionalGoal
from .services_goals import TAHUN_MAX, TAHUN_MIN
from .targets import angka


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class TahunField(forms.IntegerField):
    def __init__(self, **kwargs) -> None:
        label = kwargs.setdefault("label", "Tahun")
        kwargs.setdefault("min_value", TAHUN_MIN)
        kwargs.setdefault("max_value", TAHUN_MAX)
        kwargs.setdefault(
            "error_messages",
            {
                "required": f"{label} wajib diisi.",
                "invalid": f"{label} harus berupa angka.",
                "min_value": f"{label} paling awal {TAHUN_MIN}.",
                "max_value": f"{label} paling akhir {TAHUN_MAX}.",
            },
        )
        super().__init__(**kwargs)


# "1.000" could mean one or a thousand: separators are refused rather than guessed, as in the
# SKP forms. One "," or "." is the decimal separator ("12,5" and "12.5" are the same).
AMBIGUOUS = re.compile(r"^-?\d+[.,]\d{3}$|[.,].*[.,]")


class AngkaField(forms.DecimalField):
    """A decimal written with a decimal comma or point and without thousands separators."""

    default_error_messages = {
        "separator": "Tulis angka tanpa pemisah ribuan, misalnya 1250000 atau 12,5.",
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if AMBIGUOUS.search(value):
                raise forms.ValidationError(self.error_messages["separator"], code="separator")
            value = value.replace(",", ".")
        return super().to_python(value)


class TahunForm(forms.Form):
    tahun = TahunField(label="Tahun", required=False)


class RegionalGoalForm(forms.Form):
    jenis = forms.ChoiceField(
        label="Jenis",
        choices=JenisSasaranDaerah.choices,
        error_messages={
            "required": "Jenis wajib dipilih.",
            "invalid_choice": "Jenis harus tujuan atau sasaran RPJMD.",
        },
    )
    parent = forms.ModelChoiceField(
        label="Tujuan induk",
        queryset=RegionalGoal.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Tujuan induk tidak ditemukan."},
    )
    kode = forms.CharField(
        label="Kode", max_length=32, error_messages=_required("Kode wajib diisi.")
    )
    uraian = forms.CharField(label="Uraian", error_messages=_required("Uraian wajib diisi."))
    indikator = forms.CharField(label="Indikator", required=False)
    tahun_mulai = TahunField(label="Tahun mulai")
    tahun_selesai = TahunField(label="Tahun akhir")

    def __init__(self, *args, instansi_id: int | None, with_jenis: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = RegionalGoal.objects.filter(instansi_id=instansi_id)
        if not with_jenis:
            del self.fields["jenis"]


class SasaranStrategisForm(forms.Form):
    kode = forms.CharField(label="Kode", max_length=32, required=False)
    uraian = forms.CharField(
        label="Sasaran strategis", error_messages=_required("Uraian sasaran strategis wajib diisi.")
    )
    regional_goal = forms.ModelChoiceField(
        label="Sasaran RPJMD yang didukung",
        queryset=RegionalGoal.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Sasaran RPJMD tidak ditemukan."},
    )

    def __init__(self, *args, instansi_id: int | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Every goal of the instansi parses; whether it may be chosen is the service's rule.
        self.fields["regional_goal"].queryset = RegionalGoal.objects.filter(instansi_id=instansi_id)


class IndikatorForm(forms.Form):
    uraian = forms.CharField(
        label="Indikator kinerja", error_messages=_required("Uraian indikator wajib diisi.")
    )
    target = AngkaField(
        label="Target",
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Target wajib diisi.",
            "invalid": "Target harus berupa angka, misalnya 95 atau 12,5.",
            "separator": "Target ditulis tanpa pemisah ribuan, misalnya 1250000 atau 12,5.",
            "max_digits": "Target terlalu besar.",
            "max_decimal_places": "Target paling banyak dua angka di belakang koma.",
            "max_whole_digits": "Target terlalu besar.",
        },
    )
    satuan = forms.CharField(
        label="Satuan", max_length=60, error_messages=_required("Satuan wajib diisi.")
    )

    @staticmethod
    def initial_for(indikator) -> dict:
        target = angka(indikator.target, grouped=False)
        return {"uraian": indikator.uraian, "target": target, "satuan": indikator.satuan}


def error_list(form: forms.Form) -> list[str]:
    """The form's errors as sentences; a field's generic message is prefixed with its label."""
    found: list[str] = []
    for name, errors in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields else ""
        for message in errors:
            named = not label or message.lower().startswith(label.lower())
            found.append(message if named else f"{label}: {message}")
    return found
