"""Input shapes of the talent pages: the map's filters, one form per kind of competence record,
and the upload of a competence file. The rules (years, dates, ranges) are checked again by the
services; these forms parse what the browser sends, with Indonesian messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from ekinerja.people.access import today
from ekinerja.planning.forms_goals import AngkaField

from .choices import JENJANG_CHOICES, JenisDiklat, MetodeAsesmen
from .imports import SPECS
from .models import JP_MAX, TAHUN_LULUS_MAX, TAHUN_LULUS_MIN

TAHUN_PETA_MIN = 2000
TAHUN_PETA_MAX = 2100


def _messages(label: str, **extra: str) -> dict[str, str]:
    return {
        "required": f"{label} wajib diisi.",
        "invalid": f"{label} tidak valid.",
        **extra,
    }


class _Styled(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class MapFilterForm(forms.Form):
    unit = forms.IntegerField(
        required=False, error_messages={"invalid": "Unit harus dipilih dari daftar."}
    )
    tahun = forms.IntegerField(
        required=False,
        min_value=TAHUN_PETA_MIN,
        max_value=TAHUN_PETA_MAX,
        error_messages={
            "invalid": "Tahun harus berupa angka, mis. 2026.",
            "min_value": f"Tahun paling awal {TAHUN_PETA_MIN}.",
            "max_value": f"Tahun paling akhir {TAHUN_PETA_MAX}.",
        },
    )
    kotak = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=9,
        error_messages={
            "invalid": "Kotak harus 1 sampai 9 (0: belum dinilai).",
            "min_value": "Kotak harus 1 sampai 9 (0: belum dinilai).",
            "max_value": "Kotak harus 1 sampai 9 (0: belum dinilai).",
        },
    )


class EducationForm(_Styled):
    jenjang = forms.ChoiceField(
        label="Jenjang pendidikan",
        choices=[("", "— pilih jenjang —"), *JENJANG_CHOICES],
        error_messages={
            "required": "Jenjang pendidikan wajib dipilih.",
            "invalid_choice": "Jenjang pendidikan tidak dikenal.",
        },
    )
    jurusan = forms.CharField(label="Jurusan/program studi", max_length=150, required=False)
    nama_institusi = forms.CharField(
        label="Nama sekolah/perguruan tinggi", max_length=200, required=False
    )
    tahun_lulus = forms.IntegerField(
        label="Tahun lulus",
        min_value=TAHUN_LULUS_MIN,
        max_value=TAHUN_LULUS_MAX,
        error_messages=_messages(
            "Tahun lulus",
            min_value=f"Tahun lulus paling awal {TAHUN_LULUS_MIN}.",
            max_value=f"Tahun lulus paling akhir {TAHUN_LULUS_MAX}.",
        ),
    )

    def clean_tahun_lulus(self) -> int:
        tahun: int = self.cleaned_data["tahun_lulus"]
        if tahun > today().year:
            raise forms.ValidationError(f"Tahun lulus {tahun} belum terjadi.")
        return tahun


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TrainingForm(_Styled):
    nama = forms.CharField(
        label="Nama diklat", max_length=255, error_messages=_messages("Nama diklat")
    )
    jenis = forms.ChoiceField(
        label="Jenis diklat",
        choices=JenisDiklat.choices,
        initial=JenisDiklat.TEKNIS,
        error_messages={
            "required": "Jenis diklat wajib dipilih.",
            "invalid_choice": "Jenis diklat tidak dikenal.",
        },
    )
    penyelenggara = forms.CharField(label="Penyelenggara", max_length=200, required=False)
    tanggal_mulai = forms.DateField(
        label="Tanggal mulai",
        widget=_DateInput(),
        error_messages=_messages("Tanggal mulai", invalid="Tanggal mulai tidak dikenali."),
    )
    tanggal_selesai = forms.DateField(
        label="Tanggal selesai",
        widget=_DateInput(),
        required=False,
        help_text="Kosongkan bila selesai pada hari yang sama.",
        error_messages={"invalid": "Tanggal selesai tidak dikenali."},
    )
    jam_pelajaran = forms.IntegerField(
        label="Jam pelajaran (JP)",
        min_value=1,
        max_value=JP_MAX,
        error_messages=_messages(
            "Jam pelajaran",
            invalid="Jam pelajaran harus bilangan bulat.",
            min_value="Jam pelajaran paling sedikit 1 JP.",
            max_value=f"Jam pelajaran paling banyak {JP_MAX} JP.",
        ),
    )


class AssessmentForm(_Styled):
    tanggal = forms.DateField(
        label="Tanggal penilaian",
        widget=_DateInput(),
        error_messages=_messages("Tanggal penilaian", invalid="Tanggal penilaian tidak dikenali."),
    )
    lembaga = forms.CharField(
        label="Lembaga penilai", max_length=200, error_messages=_messages("Lembaga penilai")
    )
    metode = forms.ChoiceField(
        label="Metode",
        choices=MetodeAsesmen.choices,
        initial=MetodeAsesmen.ASSESSMENT_CENTER,
        error_messages={
            "required": "Metode wajib dipilih.",
            "invalid_choice": "Metode penilaian tidak dikenal.",
        },
    )
    nilai = AngkaField(
        label="Nilai (0-100, mis. JPM %)",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        error_messages=_messages(
            "Nilai",
            invalid="Nilai harus berupa angka, mis. 82,5.",
            min_value="Nilai paling rendah 0.",
            max_value="Nilai paling tinggi 100.",
            max_decimal_places="Nilai paling banyak dua angka di belakang koma.",
            max_digits="Nilai paling tinggi 100.",
            max_whole_digits="Nilai paling tinggi 100.",
        ),
    )
    rekomendasi = forms.CharField(
        label="Rekomendasi", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


RECORD_FORMS: dict[str, type[forms.Form]] = {
    "pendidikan": EducationForm,
    "diklat": TrainingForm,
    "asesmen": AssessmentForm,
}


def _kind_choices() -> list[tuple[str, str]]:
    return [(spec.kind, spec.label) for spec in SPECS.values()]


class CompetenceUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Jenis data",
        choices=_kind_choices,
        error_messages={
            "required": "Jenis data wajib dipilih.",
            "invalid_choice": "Jenis data tidak dikenal.",
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label="Berkas (.xlsx atau .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
        error_messages={
            "required": "Pilih berkas yang akan diimpor.",
            "empty": "Berkas kosong; tidak ada yang diimpor.",
            "invalid": "Berkas tidak terbaca; unggah ulang.",
        },
    )

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {limit // (1024 * 1024)} MB."
            )
        return upload
