from django.urls import path

from . import views_input as views

# Mounted at /evaluasi/masukan/.
urlpatterns = [
    path("mandiri/", views.self_list, name="self-assessment-list"),
    path("mandiri/ekspor/", views.self_list_export, name="self-assessment-list-export"),
    path("mandiri/<int:pk>/", views.self_form, name="self-assessment-form"),
    path("360/", views.feedback_list, name="peer-feedback-list"),
    path("360/ekspor/", views.feedback_list_export, name="peer-feedback-list-export"),
    path("360/<int:pk>/", views.feedback_form, name="peer-feedback-form"),
]
