"""Queries per page constant in data size: an organisation's page, the directory, the dashboard
(cold and warm cache) and the organisers' dashboard, with one item of everything and with many."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Registration
from events.unconferences.models import Session, Topic
from events.unconferences.services.topics import unconference_board_ensure
from tests.factories import casestudies as cs
from tests.factories.events import MeetingFactory, MeetingSeriesFactory, organiser
from tests.factories.unconferences import UnconferenceFactory, make_grid
from tests.factories.users import MemberProfileFactory, OrganisationFactory, UserFactory
from tests.impact.conftest import make_report

pytestmark = pytest.mark.django_db


def _count(client, url: str, *, warm: bool = True) -> int:
    if warm:
        client.get(url)
    else:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _grow(*, home_page, guide, org, n: int, index):
    unconference = UnconferenceFactory(phase="published")
    board = unconference_board_ensure(unconference=unconference)
    spaces, slots = make_grid(unconference, rooms=1, rounds=n)
    series = MeetingSeriesFactory()
    now = timezone.now()
    for i in range(n):
        cs.case_study(index, organisation=org.name, stages=("use",))
        make_report(
            guide=guide, organisation=org, stage=["considering", "piloting", "adopted"][i % 3]
        )
        user = UserFactory()
        MemberProfileFactory(user=user, visibility="public", organisation=org)
        topic = Topic.objects.create(
            board=board, title=f"Topic {i}", description="d", proposer=user
        )
        Session.objects.create(topic=topic, space=spaces[0], slot=slots[i])
        meeting = MeetingFactory(
            series=series,
            host=org.name,
            starts_at=now - dt.timedelta(days=10 + i),
            ends_at=now - dt.timedelta(days=10 + i) + dt.timedelta(hours=1),
        )
        Registration.objects.create(meeting=meeting, user=user, status="registered", attended=True)


def test_pages_make_as_many_queries_for_many_items_as_for_one(client, home_page, guide):
    index = cs.library_index(home_page)
    org = OrganisationFactory(name="London Borough of Camden")
    _grow(home_page=home_page, guide=guide, org=org, n=1, index=index)
    urls = ["/organisations/", org.get_absolute_url(), "/impact/", "/impact/data.json"]
    staff = organiser()
    before = {url: _count(client, url) for url in urls}
    cold = _count(client, "/impact/data.csv", warm=False)
    client.force_login(staff)
    before["organise"] = _count(client, "/events/organise/")
    client.logout()

    other = OrganisationFactory(name="Office for Statistics Regulation")
    _grow(home_page=home_page, guide=guide, org=org, n=12, index=index)
    _grow(home_page=home_page, guide=guide, org=other, n=3, index=index)
    after = {url: _count(client, url) for url in urls}
    assert _count(client, "/impact/data.csv", warm=False) == cold
    client.force_login(staff)
    after["organise"] = _count(client, "/events/organise/")
    assert after == before
    # Warm, the figures come from the cache: the open data makes no query at all.
    client.logout()
    assert _count(client, "/impact/data.csv") == 0
