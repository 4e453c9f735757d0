"""/api/v1/: the REST API (ekinerja/api/main.py), its OpenAPI document at /api/v1/openapi.json and
docs at /api/v1/docs; the personal token pages at /api/v1/token-saya/ are ordinary pages."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .main import api

_ninja_patterns, _app_name, _namespace = api.urls
# The site-wide LoginRequiredMiddleware would redirect API clients to the login page; the API
# authenticates inside ninja and answers 401 JSON instead.
for _pattern in _ninja_patterns:
    _pattern.callback = login_not_required(_pattern.callback)

urlpatterns = [
    path("token-saya/", views.token_list, name="api-token-list"),
    path("token-saya/<int:pk>/cabut/", views.token_revoke, name="api-token-revoke"),
    path("docs/aset/<str:name>", views.docs_asset, name="api-docs-asset"),
    path("", (_ninja_patterns, _app_name, _namespace)),
]
