from django.contrib import admin

from .models import (
    AppraisalPolicy,
    KoefisienAngkaKredit,
    PeerFeedback,
    PeerFeedbackItem,
    SelfAssessment,
    SelfAssessmentBehaviour,
    SelfAssessmentResult,
)


class _ReadOnly(admin.ModelAdmin):
    """Self-assessments and 360 input change only through `services_input`."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SelfAssessmentResultInline(_ReadOnlyInline):
    model = SelfAssessmentResult
    fields = ["result", "realisasi", "bukti"]


class SelfAssessmentBehaviourInline(_ReadOnlyInline):
    model = SelfAssessmentBehaviour
    fields = ["nilai", "refleksi"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(_ReadOnly):
    list_display = ["evaluation", "status", "dikirim_at", "updated_at"]
    list_filter = ["status", "instansi"]
    list_select_related = ["evaluation"]
    inlines = [SelfAssessmentResultInline, SelfAssessmentBehaviourInline]


class PeerFeedbackItemInline(_ReadOnlyInline):
    model = PeerFeedbackItem
    fields = ["nilai", "rating", "komentar"]


@admin.register(PeerFeedback)
class PeerFeedbackAdmin(_ReadOnly):
    """The giver is left out on purpose: 360 input is anonymous to everyone who reads it
    (`AuditEvent` keeps who saved it)."""

    list_display = ["evaluation", "hubungan", "updated_at"]
    list_filter = ["hubungan", "instansi"]
    list_select_related = ["evaluation"]
    fields = ["evaluation", "hubungan", "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [PeerFeedbackItemInline]


# The region's evaluation rules are data, edited by admin BKPSDM in "Data induk".
@admin.register(AppraisalPolicy)
class AppraisalPolicyAdmin(admin.ModelAdmin):
    list_display = ["instansi", "berlaku_mulai", "mode_kurva", "predikat_tahunan",
                    "penilaian_mandiri", "masukan_rekan", "minimal_pemberi_360"]  # fmt: skip
    list_filter = ["instansi", "mode_kurva"]


@admin.register(KoefisienAngkaKredit)
class KoefisienAngkaKreditAdmin(admin.ModelAdmin):
    list_display = ["instansi", "jenjang", "koefisien", "berlaku_mulai"]
    list_filter = ["instansi", "jenjang"]
