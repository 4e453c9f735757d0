from django import forms


class PreferenceForm(forms.Form):
    email_aktif = forms.BooleanField(
        label="Kirim ringkasan harian ke surel saya",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
    )
