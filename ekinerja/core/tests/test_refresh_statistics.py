from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_refresh_statistics_runs_on_the_current_database():
    out = StringIO()
    call_command("refresh_statistics", stdout=out)
    assert "diperbarui" in out.getvalue()
