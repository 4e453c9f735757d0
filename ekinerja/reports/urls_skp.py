from django.urls import path

from . import views_skp as views

urlpatterns = [
    path("skp/<int:pk>/dokumen.pdf", views.skp_document, name="skp-pdf"),
]
