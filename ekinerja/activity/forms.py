"""Input shapes of the employee's activity pages. The forms only parse; the services decide what
is allowed (dates, overlaps, the closed month, whose SKP a target belongs to).

The target and catalogue choices depend on the employee and the day, so the view passes them
in; a tampered id is then refused here with a message instead of reaching the service. The
output stays text because the service reads the Indonesian decimal comma itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms
from django.core.files.uploadedfile import UploadedFile

from ekinerja.core.uploads import check_document

from .models import CatalogItem
from .selectors_entry import TargetGroup

REQUIRED = "Bagian ini wajib diisi."
NO_TARGET = "Tugas tambahan / lainnya"
OUTPUT = re.compile(r"^\d{1,8}([.,]\d{1,2})?$")
TYPE_MESSAGE = "Berkas bukti harus berupa PDF, JPG, atau PNG."


def _styled(form: forms.Form) -> None:
    """Bootstrap classes at the large size: the page is mostly used on a phone."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-lg")
        else:
            widget.attrs.setdefault("class", "form-control form-control-lg")


class _Form(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED
        _styled(self)


class CatalogSelect(forms.Select):
    """Options carry their satuan and norma waktu, so choosing one can fill the satuan."""

    def __init__(self, *args, extra: dict[str, dict[str, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.extra = extra or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(self.extra.get(str(value), {}))
        return option


def target_choices(groups: Iterable[TargetGroup]) -> list:
    choices: list = [("", NO_TARGET)]
    for group in groups:
        label = f"RHK {group.rhk.get_jenis_display().lower()}: {group.rhk.teks}"
        choices.append((label[:120], [(i.pk, i.uraian) for i in group.indicators]))
    return choices


def catalog_label(item: CatalogItem) -> str:
    return f"{item.uraian} ({item.norma_waktu} menit per {item.satuan_hasil})"


def _output(value: str) -> str:
    value = value.strip()
    if not OUTPUT.match(value):
        raise forms.ValidationError(
            "Jumlah output harus berupa angka tidak negatif dengan paling banyak 2 desimal, "
            "misalnya 1 atau 2,5."
        )
    return value


class _ActivityFields(_Form):
    """What an activity and a favourite share: the work, its target and its output."""

    mulai = forms.TimeField(
        label="Jam mulai",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Jam mulai harus berformat JJ:MM, misalnya 07:30."},
    )
    selesai = forms.TimeField(
        label="Jam selesai",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Jam selesai harus berformat JJ:MM, misalnya 09:00."},
    )
    indikator = forms.TypedChoiceField(
        label="Target SKP yang didukung",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Pilih target dari daftar yang tersedia."},
    )
    catalog_item = forms.TypedChoiceField(
        label="Butir katalog (opsional)",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Pilih butir katalog dari daftar yang tersedia."},
    )
    uraian = forms.CharField(
        label="Uraian kegiatan",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Uraian kegiatan paling banyak 2000 karakter."},
    )
    jumlah_output = forms.CharField(
        label="Jumlah output",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    satuan = forms.CharField(
        label="Satuan output",
        max_length=60,
        error_messages={"max_length": "Satuan output paling banyak 60 karakter."},
    )

    def __init__(
        self,
        *args,
        groups: Iterable[TargetGroup] = (),
        catalog: Iterable[CatalogItem] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        items = list(catalog)
        self.fields["indikator"].choices = target_choices(groups)
        field = self.fields["catalog_item"]
        field.choices = [("", "– tanpa butir katalog –")] + [
            (item.pk, catalog_label(item)) for item in items
        ]
        field.widget = CatalogSelect(
            attrs={"class": "form-select form-select-lg", "data-catalog": "1"},
            choices=field.choices,
            extra={
                str(item.pk): {
                    "data-satuan": item.satuan_hasil,
                    "data-uraian": item.uraian,
                    "data-norma": str(item.norma_waktu),
                }
                for item in items
            },
        )

    @property
    def has_catalog(self) -> bool:
        return len(self.fields["catalog_item"].choices) > 1

    def clean_jumlah_output(self) -> str:
        return _output(self.cleaned_data["jumlah_output"])


class ActivityForm(_ActivityFields):
    tanggal = forms.DateField(
        label="Tanggal",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Tanggal harus berformat TTTT-BB-HH."},
    )
    bukti_tautan = forms.URLField(
        label="Tautan bukti (opsional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://…", "inputmode": "url"}),
        error_messages={
            "invalid": "Tautan bukti harus berupa alamat web, misalnya https://drive.example/…",
            "max_length": "Tautan bukti paling banyak 500 karakter.",
        },
    )
    bukti_berkas = forms.FileField(
        label="Berkas bukti (opsional; PDF, JPG atau PNG, paling besar 5 MB)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={"empty": "Berkas bukti kosong.", "invalid": TYPE_MESSAGE},
    )
    hapus_berkas = forms.BooleanField(label="Hapus berkas bukti yang ada", required=False)

    field_order = ["tanggal", "mulai", "selesai", "indikator", "catalog_item", "uraian",
                   "jumlah_output", "satuan", "bukti_tautan", "bukti_berkas"]  # fmt: skip

    def clean_bukti_berkas(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("bukti_berkas")
        if not upload:
            return None
        check_document(upload, "Berkas bukti")
        return upload


class FavoriteForm(_ActivityFields):
    """The entry form saved as a favourite: the times only give the usual duration."""

    nama_favorit = forms.CharField(
        label="Nama favorit",
        max_length=80,
        required=False,
        error_messages={"max_length": "Nama favorit paling banyak 80 karakter."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mulai"].error_messages["required"] = (
            "Isi jam mulai dan jam selesai agar durasi favorit diketahui."
        )
        self.fields["selesai"].error_messages["required"] = (
            "Isi jam mulai dan jam selesai agar durasi favorit diketahui."
        )

    def clean(self) -> dict:
        data = super().clean()
        mulai, selesai = data.get("mulai"), data.get("selesai")
        if mulai and selesai and selesai <= mulai:
            raise forms.ValidationError("Jam selesai harus setelah jam mulai.")
        return data


class FavoriteNameForm(_Form):
    """Saving an existing activity as a favourite: only its name is asked."""

    nama_favorit = forms.CharField(
        label="Nama favorit",
        max_length=80,
        required=False,
        error_messages={"max_length": "Nama favorit paling banyak 80 karakter."},
    )


def default_favorite_name(uraian: str) -> str:
    """The uraian cut at a word boundary within the 80 characters of a name."""
    text = " ".join(uraian.split())
    if len(text) <= 80:
        return text
    cut = text[:79].rsplit(" ", 1)[0]
    return f"{cut}…"
