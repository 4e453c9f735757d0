from django.urls import path

from . import views_validation as views

urlpatterns = [
    path("", views.queue_page, name="activity-queue"),
    path("ekspor/", views.queue_export, name="activity-queue-export"),
    path("putuskan/", views.decide, name="activity-decide"),
]
