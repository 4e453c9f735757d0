from django import forms
from django.contrib.auth.forms import AuthenticationForm

from ekinerja.org.choices import JenisJabatan
from ekinerja.org.models import Unit
from ekinerja.security import login as security

from .choices import Kategori, Kedudukan, StatusKepegawaian
from .nip import normalize_nip
from .selectors import EmployeeFilter

PAGE_SIZES = (25, 50, 100)


class NipLoginForm(AuthenticationForm):
    """Login by NIP; spaces in a pasted, formatted NIP are ignored."""

    username = forms.CharField(
        label="NIP / nama pengguna",
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}
        ),
    )
    error_messages = {
        "invalid_login": "NIP atau kata sandi salah.",
        "inactive": "Akun ini tidak aktif.",
    }

    def clean_username(self) -> str:
        raw = self.cleaned_data["username"].strip()
        digits = normalize_nip(raw)
        return digits if digits.isdigit() else raw

    def clean(self) -> dict:
        # While locked the password is not even checked, so guessing gains nothing; the message
        # is the same whether or not the account exists.
        username = self.cleaned_data.get("username") or ""
        ip = security.client_ip(self.request)
        until = security.locked_until(username=username, ip=ip) if username else None
        if until is not None:
            raise forms.ValidationError(security.locked_message(until), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                security.record_failed_login(username=username, ip=ip)
            raise


def _blank(label: str, choices) -> list:
    return [("", label), *choices]


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label="Cari nama atau NIP", required=False, max_length=100)
    unit = forms.ModelChoiceField(label="Unit", queryset=Unit.objects.none(), required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=_blank("Semua status", StatusKepegawaian.choices)
    )
    kategori = forms.ChoiceField(
        label="Kategori", required=False, choices=_blank("Semua kategori", Kategori.choices)
    )
    kedudukan = forms.ChoiceField(
        label="Kedudukan", required=False, choices=_blank("Semua kedudukan", Kedudukan.choices)
    )
    jenis_jabatan = forms.ChoiceField(
        label="Jenis jabatan", required=False, choices=_blank("Semua jenis", JenisJabatan.choices)
    )
    per_page = forms.TypedChoiceField(
        label="Per halaman",
        required=False,
        coerce=int,
        choices=[(n, n) for n in PAGE_SIZES],
        empty_value=PAGE_SIZES[0],
    )

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = "Semua unit"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def to_filter(self) -> EmployeeFilter:
        data = self.cleaned_data
        return EmployeeFilter(
            q=data.get("q") or "",
            unit_id=data["unit"].pk if data.get("unit") else None,
            status=data.get("status") or "",
            kategori=data.get("kategori") or "",
            kedudukan=data.get("kedudukan") or "",
            jenis_jabatan=data.get("jenis_jabatan") or "",
        )


class SetPasswordForm(forms.Form):
    """The rules of AUTH_PASSWORD_VALIDATORS are checked by `services.set_account_password`,
    which knows the account (similarity, NIP); the length here only gives the early message."""

    password1 = forms.CharField(label="Kata sandi baru", widget=forms.PasswordInput, min_length=10)
    password2 = forms.CharField(label="Ulangi kata sandi", widget=forms.PasswordInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            raise forms.ValidationError("Kedua kata sandi tidak sama.")
        return data
