"""SKP pages, included at /kinerja/."""

from django.urls import path

from . import views_skp as views

urlpatterns = [
    path("", views.skp_home, name="skp-home"),
    path("skp/mulai/", views.skp_start, name="skp-start"),
    path("skp/<int:pk>/", views.skp_detail, name="skp-detail"),
    path("skp/<int:pk>/hasil-kerja/", views.skp_hasil_kerja, name="skp-hasil-kerja"),
    path("skp/<int:pk>/rhk/", views.rhk_save, name="skp-rhk-add"),
    path("skp/<int:pk>/rhk/<int:rhk_pk>/", views.rhk_save, name="skp-rhk-edit"),
    path("skp/<int:pk>/rhk/<int:rhk_pk>/hapus/", views.rhk_delete, name="skp-rhk-delete"),
    path(
        "skp/<int:pk>/rhk/<int:rhk_pk>/indikator/",
        views.indikator_save,
        name="skp-indikator-add",
    ),
    path("skp/<int:pk>/indikator/<int:ind_pk>/", views.indikator_save, name="skp-indikator-edit"),
    path(
        "skp/<int:pk>/indikator/<int:ind_pk>/hapus/",
        views.indikator_delete,
        name="skp-indikator-delete",
    ),
    path(
        "skp/<int:pk>/indikator/<int:ind_pk>/target/",
        views.targets_save,
        name="skp-targets",
    ),
    path("skp/<int:pk>/perilaku/", views.perilaku_save, name="skp-perilaku"),
    path("skp/<int:pk>/lampiran/", views.lampiran_save, name="skp-lampiran"),
    path("skp/<int:pk>/pendekatan/", views.pendekatan_save, name="skp-pendekatan"),
    path("skp/<int:pk>/ajukan/", views.skp_submit, name="skp-submit"),
    path("skp/<int:pk>/setujui/", views.skp_approve, name="skp-approve"),
    path("skp/<int:pk>/kembalikan/", views.skp_return, name="skp-return"),
    path("skp/<int:pk>/versi-baru/", views.skp_revise, name="skp-revise"),
    path("persetujuan/", views.skp_inbox, name="skp-inbox"),
    path("persetujuan/ekspor/", views.skp_inbox_export, name="skp-inbox-export"),
    path("persetujuan/turunkan/", views.skp_push, name="skp-push"),
]
