from django.urls import path

from . import views_validation as views

urlpatterns = [
    path("", views.queue_page, name="activity-queue"),
    path("putuskan/", views.decide, name="activity-decide"),
]
