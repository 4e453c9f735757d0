from django.urls import path

from . import views_batch as views

urlpatterns = [
    path("skp-massal/", views.skp_batch, name="skp-batch"),
    path("massal/<int:pk>/", views.batch_detail, name="print-batch"),
    path("massal/<int:pk>/kemajuan/", views.batch_progress, name="print-batch-progress"),
    path("massal/<int:pk>/unduh/", views.batch_download, name="print-batch-download"),
]
