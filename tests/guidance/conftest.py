import pytest

from tests.factories import guidance as g


@pytest.fixture
def guidance_index(home_page):
    return g.guidance_index(home=home_page)


@pytest.fixture
def guide(guidance_index):
    return g.guide_page(
        index=guidance_index,
        title="Participation in procurement",
        slug="procurement",
        version="1.2",
        body=[g.heading("Why procurement matters"), g.paragraph("Because buying shapes services.")],
    )


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    """django-ratelimit counts in the cache (local memory in tests): start each test at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
