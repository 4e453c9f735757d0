"""Input shapes of the machine pages: a device, a log upload, a PIN mapping."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet

from ekinerja.org.choices import ZonaWaktu
from ekinerja.org.models import Unit
from ekinerja.people.models import Employee

from .models import Device
from .punchlog import decode
from .selectors_punches import employee_by_nip

# What the machines' own software writes (1_attlog.dat, GLog.txt) and what a spreadsheet saves.
LOG_EXTENSIONS = (".dat", ".txt", ".csv", ".log")
# A first block of a few KB is enough to tell text from a workbook or a PDF.
_SNIFF = 4096
_BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")


class DeviceChoiceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": "Mesin presensi tidak ditemukan di antara mesin yang Anda kelola."
    }

    def label_from_instance(self, obj: Device) -> str:
        suffix = "" if obj.aktif else " (nonaktif)"
        return f"{obj.nama} ({obj.serial}, {_zone_label(obj.zona_waktu)}){suffix}"


def _zone_label(zone: str) -> str:
    return dict(ZonaWaktu.choices).get(zone, zone)


class DeviceForm(forms.Form):
    nama = forms.CharField(label="Nama mesin", max_length=120)
    serial = forms.CharField(label="Nomor seri", max_length=64)
    unit = forms.ModelChoiceField(
        label="Unit kerja", queryset=Unit.objects.none(), required=False,
        empty_label="— tanpa unit (dikelola BKPSDM) —",
    )  # fmt: skip
    zona_waktu = forms.ChoiceField(
        label="Zona waktu jam mesin", choices=ZonaWaktu.choices, initial=ZonaWaktu.WIB
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], unit_required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units.order_by("kode")
        # An admin OPD's device must sit in their subtree, or they could not see it again.
        field.required = unit_required
        if unit_required:
            field.empty_label = None
        for bound in self.fields.values():
            css = "form-select" if isinstance(bound.widget, forms.Select) else "form-control"
            bound.widget.attrs.setdefault("class", css)


class PunchUploadForm(forms.Form):
    mesin = DeviceChoiceField(
        label="Mesin", queryset=Device.objects.none(), required=False,
        empty_label="— tanpa mesin: CSV dengan NIP atau PIN instansi, jam WIB —",
    )  # fmt: skip
    berkas = forms.FileField(
        label="Berkas log (.dat, .txt, .log atau .csv)",
        error_messages={
            "required": "Pilih berkas log presensi yang akan diunggah.",
            "empty": "Berkas kosong; tidak ada yang diimpor.",
            "invalid": "Berkas tidak terbaca; unggah ulang.",
        },
    )

    def __init__(self, *args: Any, devices: QuerySet[Device], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["mesin"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = devices.order_by("nama", "pk")
        field.widget.attrs["class"] = "form-select"
        self.fields["berkas"].widget.attrs.update(
            {"class": "form-control", "accept": ",".join(LOG_EXTENSIONS)}
        )

    def clean_berkas(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["berkas"]
        limit = settings.IMPORT_MAX_BYTES
        # Refused before reading, so an oversized upload is never loaded into memory.
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {limit // (1024 * 1024)} MB. "
                "Ekspor log per bulan lalu unggah satu per satu."
            )
        if PurePath(upload.name or "").suffix.lower() not in LOG_EXTENSIONS:
            raise forms.ValidationError(
                "Jenis berkas tidak didukung; unggah log mesin (.dat, .txt, .log) atau CSV (.csv)."
            )
        content = upload.read()
        head = content[:_SNIFF]
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        if head.startswith(_BINARY_MAGIC) or (b"\x00" in head and not utf16):
            raise forms.ValidationError(
                "Isi berkas bukan teks (mungkin berkas Excel atau PDF yang diganti namanya). "
                "Simpan sebagai CSV atau ekspor log teks dari mesin."
            )
        if not decode(content).strip():
            raise forms.ValidationError("Berkas kosong; tidak ada yang diimpor.")
        self.cleaned_data["isi"] = content
        return upload


class PinMapForm(forms.Form):
    """A PIN to an employee, on one device or (BKPSDM only) on every device."""

    pin = forms.CharField(label="PIN", max_length=32)
    mesin = DeviceChoiceField(
        label="Mesin", queryset=Device.objects.none(), required=False,
        empty_label="— semua mesin instansi —",
    )  # fmt: skip
    nip = forms.CharField(label="NIP pegawai", max_length=40)
    kembali = forms.ChoiceField(
        choices=[("tak-dikenal", "tak-dikenal"), ("pin", "pin")], required=False
    )

    def __init__(self, *args: Any, devices: QuerySet[Device], employees: QuerySet[Employee],
                 instansi_wide_allowed: bool, **kwargs: Any):  # fmt: skip
        super().__init__(*args, **kwargs)
        field = self.fields["mesin"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = devices
        self.employees = employees
        self.instansi_wide_allowed = instansi_wide_allowed

    def clean_nip(self) -> Employee:
        employee = employee_by_nip(self.employees, self.cleaned_data["nip"])
        if employee is None:
            raise forms.ValidationError(
                "Pegawai dengan NIP tersebut tidak ditemukan di antara pegawai yang Anda kelola."
            )
        return employee

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data is not None and not data.get("mesin") and not self.instansi_wide_allowed:
            self.add_error(
                "mesin",
                "Pilih mesinnya: PIN yang berlaku di semua mesin hanya dapat dipetakan "
                "oleh admin BKPSDM.",
            )
        return data or {}
