from django.urls import path

from . import views_reports as views

urlpatterns = [
    path("impor/", views.activity_import, name="activity-import"),
    path("impor/templat/", views.activity_import_template, name="activity-import-template"),
    path("impor/<int:pk>/", views.activity_import_preview, name="activity-import-preview"),
    path("impor/<int:pk>/simpan/", views.activity_import_apply, name="activity-import-apply"),
    path("impor/<int:pk>/batalkan/", views.activity_import_discard, name="activity-import-discard"),
    path("produktivitas/", views.productivity, name="activity-productivity"),
    path("produktivitas/xlsx/", views.productivity_xlsx, name="activity-productivity-xlsx"),
]
