from django.urls import path

from . import views

urlpatterns = [
    path("", views.run_list, name="tpp-runs"),
    path("ekspor/", views.run_list_export, name="tpp-runs-export"),
    path("hitung/", views.run_start, name="tpp-run-start"),
    path("perhitungan/<int:pk>/", views.run_detail, name="tpp-run"),
    path("perhitungan/<int:pk>/kemajuan/", views.run_progress, name="tpp-run-progress"),
    path("perhitungan/<int:pk>/finalisasi/", views.run_finalise, name="tpp-run-finalise"),
    path("perhitungan/<int:pk>/buka-kembali/", views.run_reopen, name="tpp-run-reopen"),
    path("perhitungan/<int:pk>/hitung-ulang/", views.run_recompute, name="tpp-run-recompute"),
    path("perhitungan/<int:pk>/hapus/", views.run_delete, name="tpp-run-delete"),
    path("baris/<int:pk>/", views.line_detail, name="tpp-line"),
    path("saya/", views.my_tpp, name="tpp-saya"),
    path("kebijakan/", views.policy_list, name="tpp-policies"),
    path("kebijakan/ekspor/", views.policy_list_export, name="tpp-policies-export"),
    path("kebijakan/baru/", views.policy_form, name="tpp-policy-new"),
    path("kebijakan/<int:pk>/ubah/", views.policy_form, name="tpp-policy-edit"),
    path("kebijakan/<int:pk>/unduh/", views.policy_download, name="tpp-policy-download"),
    path("simulasi/", views.simulation_start, name="tpp-simulations"),
    path("simulasi/ekspor/", views.simulation_list_export, name="tpp-simulations-export"),
    path("simulasi/<int:pk>/", views.simulation_detail, name="tpp-simulation"),
]
