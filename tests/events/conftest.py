import pytest

from tests.factories.events import MeetingFactory, MeetingSeriesFactory, organiser
from tests.factories.users import UserFactory


@pytest.fixture
def member(db):
    """An approved member with a verified e-mail address, nothing more. One meaning everywhere:
    other states have their own names (``pending_member``, ``registered_member``,
    ``member_with_profile``, ``signed_in_member``)."""
    return UserFactory()


@pytest.fixture
def pending_member(db):
    return UserFactory(approval_status="pending")


@pytest.fixture
def organiser_user(db):
    return organiser()


@pytest.fixture
def meeting(db):
    return MeetingFactory()


@pytest.fixture
def series(db):
    return MeetingSeriesFactory()
