import pytest

from tests.factories.users import MemberProfileFactory, UserFactory, organiser_user


@pytest.fixture
def member_with_profile(db):
    """Mira, an approved member with a public profile."""
    return MemberProfileFactory(user=UserFactory(name="Mira Member")).user


@pytest.fixture
def organiser(db):
    return organiser_user(name="Olu Organiser")
