"""Organisation pages: the directory filtered by kind, an organisation's page, search, sitemap,
Welsh, and the organisers' dashboard panels (attendance trends, adoption pipeline)."""

import datetime as dt

import pytest
from django.utils import timezone

from community.models import Organisation
from events.models import Registration
from events.unconferences.models import Session, Topic
from events.unconferences.services.topics import unconference_board_ensure
from impact.organisations import PER_PAGE
from tests.demo_pages import load_demo_site
from tests.factories import casestudies as cs
from tests.factories import guidance as g
from tests.factories.events import MeetingFactory, MeetingSeriesFactory, organiser
from tests.factories.unconferences import UnconferenceFactory, make_grid
from tests.factories.users import MemberProfileFactory, OrganisationFactory, UserFactory
from tests.impact.conftest import make_report

pytestmark = pytest.mark.django_db


def test_every_organisation_gets_a_unique_slug_from_its_name():
    first = Organisation.objects.create(name="Camden & Islington")
    second = Organisation.objects.create(name="Camden Islington")
    assert first.slug == "camden-islington"
    assert second.slug == "camden-islington-2"
    assert first.get_absolute_url() == "/organisations/camden-islington/"


def test_directory_lists_public_organisations_and_filters_by_kind(client, home_page, guide):
    index = cs.library_index(home_page)
    cs.case_study(index, organisation="Bristol City Council")
    Organisation.objects.filter(name="Bristol City Council").update(kind="local_authority")
    make_report(
        guide=guide,
        organisation=OrganisationFactory(name="Office for Statistics Regulation", kind="regulator"),
    )
    MemberProfileFactory(
        user=UserFactory(name="Nia Jones"),
        visibility="public",
        organisation=OrganisationFactory(name="NHS Wales", kind="nhs_body"),
    )
    # Not public: only a members-only profile, or only a report that may not name it.
    MemberProfileFactory(
        visibility="members", organisation=OrganisationFactory(name="Quiet Department")
    )
    make_report(
        guide=guide, organisation=OrganisationFactory(name="Unnamed Agency"), may_name=False
    )

    page = client.get("/organisations/").content.decode()
    assert "3 organisations" in page
    for name in ("Bristol City Council", "Office for Statistics Regulation", "NHS Wales"):
        assert name in page
    assert "Quiet Department" not in page and "Unnamed Agency" not in page
    assert "Regulator (1)" in page

    page = client.get("/organisations/?kind=regulator&kind=nhs_body&kind=nonsense").content.decode()
    assert "2 organisations" in page
    assert "Bristol City Council" not in page
    assert 'value="regulator" checked' in page
    assert client.get("/organisations/?page=abc").status_code == 200
    assert client.get("/organisations/quiet-department/").status_code == 404
    assert client.get("/organisations/no-such-organisation/").status_code == 404


def test_directory_is_paged(client):
    for i in range(PER_PAGE + 3):
        MemberProfileFactory(
            visibility="public", organisation=OrganisationFactory(name=f"Council {i:02d}")
        )
    first = client.get("/organisations/").content.decode()
    second = client.get("/organisations/?page=2").content.decode()
    assert f"{PER_PAGE + 3} organisations" in first
    assert "Council 00" in first and "Council 22" not in first
    assert "Council 22" in second and 'aria-current="page"' in second


def test_organisation_page_shows_its_work_and_only_what_may_be_shown(client, home_page, guide):
    org = OrganisationFactory(name="London Borough of Camden", kind="local_authority")
    index = cs.library_index(home_page)
    study = cs.case_study(index, title="Camden data charter", organisation=org.name)
    make_report(guide=guide, organisation=org, stage="piloting", purpose="procurement")
    # A guide it asked not to be named for, and a report still awaiting review.
    secret_guide = g.guide_page(index=guide.get_parent().specific, title="Secret guide title")
    make_report(guide=secret_guide, organisation=org, stage="adopted", may_name=False)
    make_report(guide=secret_guide, organisation=org, stage="adopted", review="pending")

    public = UserFactory(name="Priya Public")
    MemberProfileFactory(user=public, visibility="public", organisation=org, job_title="Analyst")
    members_only = UserFactory(name="Morgan Members")
    MemberProfileFactory(user=members_only, visibility="members", organisation=org)
    MemberProfileFactory(
        user=UserFactory(name="Hidden Hari"), visibility="hidden", organisation=org
    )

    # A session Priya facilitates at a published unconference; a meeting that took up her topic.
    unconference = UnconferenceFactory(title="Data unconference", phase="published")
    board = unconference_board_ensure(unconference=unconference)
    spaces, slots = make_grid(unconference, rooms=1, rounds=1)
    topic = Topic.objects.create(board=board, title="Citizens' juries on AI", proposer=public)
    Session.objects.create(topic=topic, space=spaces[0], slot=slots[0])
    meeting = MeetingFactory(title="Procurement clinic")
    hidden_topic = Topic.objects.create(board=board, title="Secret topic", proposer=members_only)
    hidden_topic.taken_up_by_meeting = meeting
    hidden_topic.save()
    hosted = MeetingFactory(title="Camden hosts the community", host="London Borough of Camden")

    page = client.get(org.get_absolute_url()).content.decode()
    assert "Camden data charter" in page and study.url in page
    assert "Involving the public in data decisions" in page and "Piloting" in page
    assert "A procurement" in page
    assert "Secret guide title" not in page
    assert "Priya Public" in page and "Analyst" in page
    assert "Morgan Members" not in page and "Hidden Hari" not in page
    assert "Citizens&#x27; juries on AI" in page and "Data unconference" in page
    assert "Camden hosts the community" in page and hosted.get_absolute_url() in page
    assert "Procurement clinic" not in page  # led by a members-only member: hidden from visitors

    client.force_login(UserFactory(name="Signed In"))
    page = client.get(org.get_absolute_url()).content.decode()
    assert "Morgan Members" in page and "Procurement clinic" in page
    assert "Hidden Hari" not in page and "Secret guide title" not in page


def test_organisations_in_search_sitemap_and_welsh(client):
    org = OrganisationFactory(name="Welsh Revenue Authority", kind="central_government")
    MemberProfileFactory(visibility="public", organisation=org)
    assert org.get_absolute_url() in client.get("/search/?q=Revenue").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/organisations/welsh-revenue-authority/" in sitemap and "/impact/" in sitemap
    welsh = client.get("/cy/organisations/")
    assert welsh.status_code == 200 and 'lang="cy"' in welsh.content.decode()
    assert client.get("/cy/organisations/welsh-revenue-authority/").status_code == 200


def test_organisers_dashboard_shows_attendance_trends_and_the_adoption_pipeline(client, guide):
    series = MeetingSeriesFactory(title="Monthly community meeting")
    now = timezone.now()
    for weeks, (came, absent, unmarked, waiting) in ((8, (3, 1, 0, 1)), (4, (2, 2, 1, 0))):
        meeting = MeetingFactory(
            series=series,
            starts_at=now - dt.timedelta(weeks=weeks),
            ends_at=now - dt.timedelta(weeks=weeks) + dt.timedelta(hours=1),
        )
        marks = [True] * came + [False] * absent + [None] * unmarked
        for mark in marks:
            Registration.objects.create(
                meeting=meeting, user=UserFactory(), status="registered", attended=mark
            )
        for _ in range(waiting):
            Registration.objects.create(meeting=meeting, user=UserFactory(), status="waitlisted")
    org = OrganisationFactory(name="Camden")
    make_report(guide=guide, organisation=org, stage="piloting", review="pending")
    make_report(guide=guide, organisation=org, stage="piloting", review="approved")
    make_report(guide=guide, organisation=org, stage="adopted", review="more_information")

    client.force_login(organiser())
    page = client.get("/events/organise/").content.decode()
    assert "Attendance trends by series" in page
    assert "Monthly community meeting" in page
    # registered 4, attended 3, no-shows 1, not marked 0, waiting 1, 75%
    assert (
        '<td class="numeric">4</td>\n        <td class="numeric">3</td>\n'
        '        <td class="numeric">1</td>\n        <td class="numeric">0</td>\n'
        '        <td class="numeric">1</td>\n        <td class="numeric">75%</td>'
    ) in page
    assert "2 reports await review." in page
    assert "/guidance/organise/reports/" in page
    assert (
        '<th scope="row">Piloting</th><td class="numeric">1</td><td class="numeric">1</td>'
        '<td class="numeric">0</td><td class="numeric">2</td>'
    ) in page


def test_case_studies_filter_by_kind_of_organisation(client, home_page):
    index = cs.library_index(home_page)
    cs.case_study(index, title="Council jury", organisation="Leeds City Council")
    cs.case_study(index, title="Regulator panel", organisation="Ofcom")
    Organisation.objects.filter(name="Ofcom").update(kind="regulator")
    page = client.get("/case-studies/?org_kind=regulator").content.decode()
    assert "Regulator panel" in page and "Council jury" not in page
    assert "Kind of organisation" in page
    page = client.get("/case-studies/?org_kind=local_authority&org_kind=bogus").content.decode()
    assert "Council jury" in page and "Regulator panel" not in page


def test_demo_attendance_is_idempotent_and_shows_on_the_organisers_dashboard(client, home_page):
    load_demo_site()
    marked = Registration.objects.filter(meeting__starts_at__lt=timezone.now()).count()
    assert Registration.objects.filter(attended=True).exists()
    assert Registration.objects.filter(attended=False).exists()
    load_demo_site()
    assert Registration.objects.filter(meeting__starts_at__lt=timezone.now()).count() == marked
    client.force_login(organiser())
    page = client.get("/events/organise/").content.decode()
    assert "Attendance trends by series" in page and "%</td>" in page
