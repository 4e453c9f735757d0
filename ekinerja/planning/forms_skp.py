"""Input shapes of the SKP pages. The forms only parse; the services decide what is allowed.

Choices that depend on the SKP (the RHK of the pejabat penilai, the sasaran strategis) are
passed in by the view as (id, label) pairs, so a tampered id is refused here with a message.
Numbers stay text: the services parse them (a comma or a dot as the decimal separator).
"""

from __future__ import annotations

import re

from django import forms

from .choices import NILAI_CHOICES, Aspek, JenisRhk, Pendekatan, Perspektif

REQUIRED = "Bagian ini wajib diisi."
# A target as typed: up to 12 whole digits and 2 decimals, with a comma or a dot. Thousand
# separators are refused rather than guessed ("1.000" could be one or a thousand).
NUMBER = re.compile(r"^\d{1,12}([.,]\d{1,2})?$")
NUMBER_HELP = (
    "harus berupa angka tidak negatif dengan paling banyak 2 desimal, misalnya 12 atau 12,5"
)


def _number(value: str, label: str) -> str:
    value = value.strip()
    if value and not NUMBER.match(value):
        raise forms.ValidationError(f"{label} {NUMBER_HELP}.")
    return value


def _styled(form: forms.Form) -> None:
    """Bootstrap classes and a large touch target on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class _Form(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        stock = str(forms.Field.default_error_messages["required"])
        for field in self.fields.values():
            if str(field.error_messages.get("required", "")) == stock:
                field.error_messages["required"] = REQUIRED
        _styled(self)


class RhkForm(_Form):
    jenis = forms.ChoiceField(label="Jenis", choices=JenisRhk.choices)
    teks = forms.CharField(
        label="Rencana hasil kerja (RHK)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rhk_atasan = forms.TypedChoiceField(
        label="RHK pimpinan yang diintervensi",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Pilih RHK pimpinan dari daftar yang tersedia."},
    )
    sasaran_strategis = forms.TypedChoiceField(
        label="Sasaran strategis organisasi",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Pilih sasaran strategis dari daftar yang tersedia."},
    )
    perspektif = forms.ChoiceField(
        label="Perspektif",
        required=False,
        choices=[("", "– pilih perspektif –"), *Perspektif.choices],
    )

    def __init__(
        self,
        *args,
        atasan_options: list[tuple[int, str]],
        sasaran_options: list[tuple[int, str]],
        is_jpt: bool,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rhk_atasan"].choices = [("", "– belum dipilih –"), *atasan_options]
        self.fields["sasaran_strategis"].choices = [("", "– belum dipilih –"), *sasaran_options]
        if not is_jpt:
            del self.fields["sasaran_strategis"]
            del self.fields["perspektif"]


class IndikatorForm(_Form):
    aspek = forms.ChoiceField(
        label="Aspek", required=False, choices=[("", "– pilih aspek –"), *Aspek.choices]
    )
    uraian = forms.CharField(
        label="Indikator kinerja individu (IKI)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_min = forms.CharField(
        label="Target",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    target_max = forms.CharField(
        label="Batas atas (bila rentang)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    satuan = forms.CharField(label="Satuan", required=False, max_length=60)

    def clean_target_min(self) -> str:
        return _number(self.cleaned_data["target_min"], "Target")

    def clean_target_max(self) -> str:
        return _number(self.cleaned_data["target_max"], "Batas atas target")


class TargetSplitForm(_Form):
    """`aksi` = rata (split evenly) or simpan (the parts as typed, one `target` per period)."""

    aksi = forms.ChoiceField(choices=[("rata", "Bagi rata"), ("simpan", "Simpan")])

    def __init__(self, data=None, *, periods: int, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.periods = periods
        self.parts: list[str] = list(data.getlist("target")) if data is not None else []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("aksi") != "simpan":
            return cleaned
        if len(self.parts) != self.periods:
            raise forms.ValidationError(
                f"Harus ada {self.periods} target periodik, bukan {len(self.parts)}."
            )
        self.parts = [_number(part, "Setiap target periodik") or "0" for part in self.parts]
        return cleaned


class PerilakuForm(_Form):
    """Ekspektasi khusus pimpinan for the 7 BerAKHLAK values (each optional)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for nilai, name in NILAI_CHOICES:
            self.fields[f"nilai_{nilai}"] = forms.CharField(
                label=f"Ekspektasi khusus: {name}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def values(self) -> dict[int, str]:
        return {nilai: self.cleaned_data[f"nilai_{nilai}"] for nilai, _ in NILAI_CHOICES}


class LampiranForm(_Form):
    dukungan_sumber_daya = forms.CharField(
        label="Dukungan sumber daya",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skema_pertanggungjawaban = forms.CharField(
        label="Skema pertanggungjawaban",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    konsekuensi = forms.CharField(
        label="Konsekuensi",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PendekatanForm(_Form):
    pendekatan = forms.ChoiceField(label="Pendekatan hasil kerja", choices=Pendekatan.choices)


class ReturnForm(_Form):
    alasan = forms.CharField(
        label="Alasan dikembalikan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Alasan pengembalian wajib diisi."},
    )

    def clean_alasan(self) -> str:
        alasan = self.cleaned_data["alasan"].strip()
        if not alasan:
            raise forms.ValidationError("Alasan pengembalian wajib diisi.")
        return alasan


class ReviseForm(_Form):
    alasan = forms.CharField(
        label="Alasan perubahan (opsional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PushForm(_Form):
    rhk = forms.TypedChoiceField(
        label="RHK saya yang diturunkan",
        coerce=int,
        error_messages={"invalid_choice": "Pilih RHK dari SKP Anda sendiri."},
    )
    pegawai = forms.TypedMultipleChoiceField(
        label="Bawahan penerima",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Pegawai yang dipilih bukan bawahan Anda."},
    )

    def __init__(
        self,
        *args,
        rhk_options: list[tuple[int, str]],
        employee_options: list[tuple[int, str]],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rhk"].choices = [("", "– pilih RHK –"), *rhk_options]
        self.fields["pegawai"].choices = employee_options
        self.fields["pegawai"].error_messages["required"] = "Pilih minimal satu bawahan."
        self.fields["rhk"].error_messages["required"] = "Pilih RHK yang akan diturunkan."
