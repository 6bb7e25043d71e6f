import pytest
from django.core.cache import cache

from tests.factories.users import MemberProfileFactory, UserFactory, organiser_user


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate-limit counters in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member_with_profile(db):
    """Mira, an approved member with a public profile."""
    return MemberProfileFactory(user=UserFactory(name="Mira Member")).user


@pytest.fixture
def organiser(db):
    return organiser_user(name="Olu Organiser")
