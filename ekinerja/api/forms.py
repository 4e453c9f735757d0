from django import forms


class TokenForm(forms.Form):
    nama = forms.CharField(
        label="Nama token",
        max_length=80,
        help_text="Misalnya: HP Android pribadi.",
        error_messages={
            "required": "Nama token wajib diisi.",
            "max_length": "Nama token paling banyak 80 karakter.",
        },
    )
    berlaku_hari = forms.IntegerField(
        label="Masa berlaku (hari, kosongkan bila tanpa batas)",
        required=False,
        min_value=1,
        max_value=366,
        error_messages={
            "invalid": "Masa berlaku harus bilangan bulat.",
            "min_value": "Masa berlaku paling sedikit 1 hari.",
            "max_value": "Masa berlaku paling lama 366 hari.",
        },
    )
