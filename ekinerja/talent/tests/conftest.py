import pytest
import time_machine

from .helpers import NOW


@pytest.fixture(autouse=True)
def frozen_now():
    """Every talent test runs on 20 November 2026 (WIB), so 'today' and 'this year' hold still."""
    with time_machine.travel(NOW, tick=False):
        yield
