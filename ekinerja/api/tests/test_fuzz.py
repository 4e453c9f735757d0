"""The OpenAPI fuzz run (issue 10): schemathesis generates requests from the API's own schema,
valid and invalid, for every operation, and no answer may be a server error. It runs as the
employee Ani (an ordinary user who owns data) and as Citra (the admin BKPSDM, who sees the most),
each with a personal token, over a world with an SKP, activities and leave to find.

Part of `make test` on SQLite and PostgreSQL. Examples per operation are few to keep the suite
short; hypothesis varies them from run to run, so each run probes new inputs."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from ekinerja.api import services

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

EXAMPLES = 8


@pytest.fixture
def tokens(personas):
    return {
        who: services.issue_token(actor=personas.user(who), nama="fuzz", berlaku_hari=None)[1]
        for who in ("ani", "citra")
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=False,
)
def test_no_operation_answers_with_a_server_error(case, tokens):
    for secret in tokens.values():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {secret}"}, checks=[not_a_server_error]
        )
