from django import forms
from django.contrib import admin

from . import abk, maturity
from .models import MonitoringPolicy, OpdGoLive


class MonitoringPolicyForm(forms.ModelForm):
    """Refuses thresholds and bands the monitoring job could not read, naming the key."""

    class Meta:
        model = MonitoringPolicy
        fields = [
            "instansi", "berlaku_mulai", "jke_menit_tahunan", "hari_tunggakan",
            "ambang_skp_persen", "ambang_isian_persen", "ambang_tunggakan_persen",
            "ambang_kematangan", "pita_prestasi_jabatan",
        ]  # fmt: skip

    def clean_ambang_kematangan(self):  # type: ignore[no-untyped-def]
        raw = self.cleaned_data["ambang_kematangan"]
        _, errors = maturity.validate_thresholds(raw)
        if errors:
            raise forms.ValidationError(errors)
        return raw

    def clean_pita_prestasi_jabatan(self):  # type: ignore[no-untyped-def]
        raw = self.cleaned_data["pita_prestasi_jabatan"]
        try:
            abk.parse_bands(raw)
        except abk.PitaTidakSah as error:
            raise forms.ValidationError(error.messages) from error
        return raw


@admin.register(MonitoringPolicy)
class MonitoringPolicyAdmin(admin.ModelAdmin):
    form = MonitoringPolicyForm
    list_display = [
        "instansi", "berlaku_mulai", "jke_menit_tahunan", "hari_tunggakan", "ambang_skp_persen",
        "ambang_isian_persen", "ambang_tunggakan_persen",
    ]  # fmt: skip
    list_filter = ["instansi"]


@admin.register(OpdGoLive)
class OpdGoLiveAdmin(admin.ModelAdmin):
    list_display = ["unit", "gelombang", "tanggal_mulai", "catatan"]
    list_filter = ["instansi", "gelombang"]
