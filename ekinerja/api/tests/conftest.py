import pytest
from django.core import signals
from django.db import close_old_connections


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Requests sent through the real WSGI handler (the schemathesis run) fire request_started
    and request_finished, which close the database connection the test's transaction lives on
    (PostgreSQL then fails every later query). Django's test client keeps these handlers away
    for the same reason."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)
