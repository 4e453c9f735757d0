from django.urls import path

from . import views_curve, views_employee, views_evaluation

urlpatterns = [
    path("", views_evaluation.team_page, name="evaluation-team"),
    path("ekspor/", views_evaluation.team_export, name="evaluation-team-export"),
    path("buka/", views_evaluation.team_open, name="evaluation-open"),
    path("<int:pk>/", views_evaluation.document_page, name="evaluation-detail"),
    path("<int:pk>/simpan/", views_evaluation.document_save, name="evaluation-save"),
    path("<int:pk>/terima/", views_employee.acknowledge, name="evaluation-acknowledge"),
    path("<int:pk>/keberatan/", views_employee.file_objection, name="evaluation-object"),
    path("<int:pk>/putuskan/", views_employee.decide_objection, name="evaluation-decide"),
    path("saya/", views_employee.my_page, name="evaluation-mine"),
    path("saya/ekspor/", views_employee.my_export, name="evaluation-mine-export"),
    path("keberatan/", views_employee.objection_inbox, name="objection-inbox"),
    path("keberatan/ekspor/", views_employee.objection_inbox_export, name="objection-inbox-export"),
    path("kurva/", views_curve.curve_page, name="curve-report"),
    path("kurva/ekspor/", views_curve.curve_export, name="curve-report-export"),
    path("kurva/predikat-unit/", views_curve.unit_predikat, name="unit-predikat-set"),
]
