import pytest
from django.core.cache import cache

from tests.factories.casestudies import library_index


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def library(home_page):
    return library_index(home_page)
