import pytest

from tests.factories.events import MeetingFactory, MeetingSeriesFactory, organiser
from tests.factories.users import UserFactory


@pytest.fixture
def member(db):
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
