"""Rate limits live in the shared cache (Redis under PostgreSQL), which outlives each test's
database: start and end every test of this app with it clean."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db: None) -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()
