from django.contrib import admin

from .models import CompetencyAssessment, Education, TalentPolicy, Training


@admin.register(TalentPolicy)
class TalentPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "instansi",
        "berlaku_mulai",
        "bobot_pendidikan",
        "bobot_diklat",
        "bobot_asesmen",
        "batas_menengah",
        "batas_tinggi",
        "target_jp",
    ]
    list_filter = ["instansi"]


@admin.register(Education)
class EducationAdmin(admin.ModelAdmin):
    list_display = ["employee", "jenjang", "jurusan", "nama_institusi", "tahun_lulus"]
    list_filter = ["jenjang", "instansi"]
    search_fields = ["employee__nama", "employee__nip", "jurusan", "nama_institusi"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = [
        "employee",
        "nama",
        "jenis",
        "tanggal_mulai",
        "tanggal_selesai",
        "jam_pelajaran",
    ]
    list_filter = ["jenis", "instansi"]
    search_fields = ["employee__nama", "employee__nip", "nama", "penyelenggara"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    date_hierarchy = "tanggal_selesai"


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(admin.ModelAdmin):
    list_display = ["employee", "tanggal", "lembaga", "metode", "nilai"]
    list_filter = ["metode", "instansi"]
    search_fields = ["employee__nama", "employee__nip", "lembaga"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    date_hierarchy = "tanggal"
