import datetime as dt

import pytest

from events.unconferences.enums import Phase
from tests.factories.unconferences import RegistrationFactory, UnconferenceFactory, board_for
from tests.factories.users import UserFactory, editor_user, organiser_user


@pytest.fixture
def unconference(db):
    return UnconferenceFactory(slug="uc-2030", title="Unconference 2030")


@pytest.fixture
def board(unconference):
    return board_for(unconference)


@pytest.fixture
def registered_member(unconference):
    """An approved member registered for the unconference (``member`` is any approved member)."""
    user = UserFactory(name="Mira Member")
    RegistrationFactory(unconference=unconference, user=user)
    return user


@pytest.fixture
def other_member(unconference):
    user = UserFactory(name="Osei Other")
    RegistrationFactory(unconference=unconference, user=user)
    return user


@pytest.fixture
def unregistered(db):
    return UserFactory(name="Una Unregistered")


@pytest.fixture
def pending(unconference):
    user = UserFactory(name="Pat Pending", approval_status="pending")
    RegistrationFactory(unconference=unconference, user=user)
    return user


@pytest.fixture
def organiser(db):
    return organiser_user(name="Olu Organiser")


@pytest.fixture
def editor(db):
    return editor_user(name="Eda Editor")


def set_phase(unconference, phase: Phase):
    unconference.phase = phase
    unconference.save(update_fields=["phase"])
    return unconference


def aware(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)
