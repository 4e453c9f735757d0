"""See dashboard/urls.py."""

urlpatterns: list = []
