from django.urls import path

from . import views_evaluation as views

urlpatterns = [
    path("<int:pk>/dokumen.pdf", views.evaluation_document, name="evaluation-pdf"),
]
