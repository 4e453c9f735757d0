"""Input shapes of the self-assessment and 360 pages. The forms only parse and bound lengths;
the services decide what is allowed (and parse the numbers, with a comma or a dot)."""

from __future__ import annotations

import re

from django import forms

from ekinerja.planning.choices import NILAI_CHOICES

from . import rules
from .services_input import MAX_NOTE, MAX_TEXT, ClaimInput, FeedbackItemInput

# A realisasi as typed: up to 12 whole digits and 2 decimals, with a comma or a dot. Thousand
# separators are refused rather than guessed ("1.000" could be one or a thousand).
NUMBER = re.compile(r"^\d{1,12}([.,]\d{1,2})?$")
NUMBER_HELP = (
    "harus berupa angka tidak negatif dengan paling banyak 2 desimal, misalnya 12 atau 12,5."
)
RATING_CHOICES = [(r.value, r.label) for r in (rules.Rating.DI_BAWAH, rules.Rating.SESUAI,
                                               rules.Rating.DI_ATAS)]  # fmt: skip
AKSI = [("simpan", "Simpan draf"), ("kirim", "Kirim ke pejabat penilai")]


def _text_field(label: str, limit: int = MAX_TEXT, rows: int = 2) -> forms.CharField:
    # The label doubles as the accessible name, since some tables show it only on phones.
    return forms.CharField(
        label=label, required=False, max_length=limit, strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control", "aria-label": label}),
        error_messages={"max_length": f"paling panjang {limit} karakter."},
    )  # fmt: skip


def messages_of(form: forms.Form) -> list[str]:
    """Every error as one line with its field's label, in field order."""
    found = [str(e) for e in form.non_field_errors()]
    for name, field in form.fields.items():
        found += [f"{field.label}: {e}" for e in form.errors.get(name, [])]
    return found


class SelfAssessmentForm(forms.Form):
    """Fields `realisasi_<result id>`, `bukti_<result id>`, `refleksi_<nilai>`, `catatan` and
    the action: save the draft, or save and send."""

    catatan = _text_field("Catatan umum", MAX_NOTE, rows=3)
    aksi = forms.ChoiceField(
        label="Tindakan", choices=AKSI, initial="simpan",
        error_messages={"invalid_choice": "Tindakan tidak dikenal.", "required": "Pilih tindakan."},
    )  # fmt: skip

    def __init__(self, data=None, *, results: list[tuple[int, int]], **kwargs) -> None:
        """``results``: (EvaluationResult id, its number on the page) per indicator."""
        super().__init__(data, **kwargs)
        self.result_ids = [pk for pk, _ in results]
        for pk, number in results:
            self.fields[f"realisasi_{pk}"] = forms.CharField(
                label=f"Klaim realisasi indikator {number}", required=False, max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                              "class": "form-control",
                                              "aria-label": f"Klaim realisasi indikator {number}"}),
            )  # fmt: skip
            self.fields[f"bukti_{pk}"] = _text_field(f"Penjelasan dan bukti indikator {number}")
        for nilai, nama in NILAI_CHOICES:
            self.fields[f"refleksi_{nilai}"] = _text_field(f"Refleksi {nama}")

    def clean(self) -> dict:
        data = super().clean() or {}
        for pk in self.result_ids:
            name = f"realisasi_{pk}"
            value = (data.get(name) or "").strip()
            if value and not NUMBER.match(value):
                self.add_error(name, NUMBER_HELP)
        return data

    def claims(self) -> dict[int, ClaimInput]:
        data = self.cleaned_data
        return {
            pk: ClaimInput(realisasi=data[f"realisasi_{pk}"], bukti=data[f"bukti_{pk}"])
            for pk in self.result_ids
        }

    def reflections(self) -> dict[int, str]:
        return {nilai: self.cleaned_data[f"refleksi_{nilai}"] for nilai, _ in NILAI_CHOICES}

    @property
    def sending(self) -> bool:
        return self.cleaned_data.get("aksi") == "kirim"


class PeerFeedbackForm(forms.Form):
    """Fields `rating_<nilai>` (blank when the giver has not seen that behaviour) and
    `komentar_<nilai>` for the seven BerAKHLAK values."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for nilai, nama in NILAI_CHOICES:
            self.fields[f"rating_{nilai}"] = forms.ChoiceField(
                label=f"Penilaian {nama}", required=False,
                choices=[("", "Tidak menilai"), *RATING_CHOICES],
                error_messages={"invalid_choice": "pilihan tidak dikenal."},
            )  # fmt: skip
            self.fields[f"komentar_{nilai}"] = _text_field(f"Komentar {nama}")

    def items(self) -> dict[int, FeedbackItemInput]:
        data = self.cleaned_data
        return {
            nilai: FeedbackItemInput(rating=data[f"rating_{nilai}"],
                                     komentar=data[f"komentar_{nilai}"])
            for nilai, _ in NILAI_CHOICES
        }  # fmt: skip
