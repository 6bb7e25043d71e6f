"""Adoption reports (issue 21): a member reports a pilot at /guidance/<guide>/use/, an organiser
approves it (the member is e-mailed once), it appears on the guide page with its count and name,
and becomes a draft case study in the moderation workflow; declined and unapproved reports and
the names of organisations that asked not to be named appear nowhere public."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowState

from casestudies.models import CaseStudyPage, CaseStudySuggestion
from community.models import Organisation
from core.data_rights import erasers, exporters
from core.demo_tools import welsh_translation
from guidance.enums import AdoptionPurpose, AdoptionReview, AdoptionStage
from guidance.models import AdoptionReport, GuideChapterPage
from guidance.services import adoption_report_review
from guidance.tasks import send_adoption_decision
from tests.factories import guidance as g
from tests.factories.casestudies import library_index
from tests.factories.users import (
    MemberProfileFactory,
    OrganisationFactory,
    UserFactory,
    admin_user,
    editor_user,
    organiser_user,
)
from tests.permissions import LOGIN

pytestmark = pytest.mark.django_db

FORM = {
    "part": "",
    "organisation_name": "London Borough of Lambeth",
    "stage": "piloting",
    "purpose": "procurement",
    "purpose_detail": "buying a housing repairs triage tool",
    "since_month": "3",
    "since_year": "2025",
    "public_link": "https://example.org/lambeth-pilot",
    "account": "We ran a citizens' panel before writing the specification.",
    "may_name": "on",
}


@pytest.fixture
def member():
    return UserFactory(approval_status="approved", name="Aisha Rahman")


@pytest.fixture
def library(home_page):
    return library_index(home_page)


def _report(guide, *, name, review=AdoptionReview.APPROVED, may_name=True, **fields):
    return AdoptionReport.objects.create(
        guide=guide,
        organisation=OrganisationFactory(name=name),
        stage=fields.pop("stage", AdoptionStage.PILOTING),
        purpose=fields.pop("purpose", AdoptionPurpose.STATISTIC),
        since=dt.date(2025, 6, 1),
        may_name=may_name,
        review=review,
        **fields,
    )


def test_anonymous_reader_is_sent_to_log_in(client, guide):
    response = client.get("/guidance/procurement/use/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client.post("/guidance/procurement/use/", FORM)
    assert response.status_code == 302
    assert not AdoptionReport.objects.exists()


def test_a_member_awaiting_approval_is_told_why_they_cannot_report(client, guide):
    client.force_login(UserFactory(approval_status="pending"))
    response = client.post("/guidance/procurement/use/", FORM)
    assert response.status_code == 403
    assert "waiting for an organiser" in response.content.decode()
    assert not AdoptionReport.objects.exists()


def test_the_form_offers_the_members_own_organisation_and_the_guides_chapters(client, guide):
    g.chapter_page(guide=guide, title="Writing the specification")
    member = UserFactory(approval_status="approved")
    MemberProfileFactory(
        user=member, organisation=OrganisationFactory(name="Office for Statistics Regulation")
    )
    client.force_login(member)
    page = client.get("/guidance/procurement/use/").content.decode()
    assert 'value="Office for Statistics Regulation"' in page
    assert "Writing the specification" in page
    assert 'name="since_month"' in page and 'name="since_year"' in page
    assert 'name="since_day"' not in page


def test_bad_input_gets_govuk_messages_not_an_error(client, guide, member):
    client.force_login(member)
    response = client.post(
        "/guidance/procurement/use/",
        {**FORM, "organisation_name": "", "stage": "", "since_month": "", "public_link": "nope"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the name of your organisation" in page
    assert "Select whether you are considering, piloting or using it" in page
    assert "must include a month" in page
    assert "Enter a web address in the correct format" in page
    assert not AdoptionReport.objects.exists()


def _piloting_now(client) -> int:
    """This month's number of organisations piloting a guide, from /impact/data.json."""
    figures = {f["key"]: f for f in client.get("/impact/data.json").json()["figures"]}
    return figures["adoption"]["rows"][-1]["values"]["piloting"]


def test_a_pilot_reported_approved_shown_and_turned_into_a_draft_case_study(
    client, guide, member, library, django_capture_on_commit_callbacks
):
    # The member reports a pilot.
    client.force_login(member)
    response = client.post("/guidance/procurement/use/", FORM)
    assert response.status_code == 302
    report = AdoptionReport.objects.get()
    assert (report.review, report.stage, report.since) == (
        "pending",
        "piloting",
        dt.date(2025, 3, 1),
    )
    assert report.organisation == Organisation.objects.get(name="London Borough of Lambeth")
    assert report.guide_version == "1.2"
    assert "Lambeth" not in client.get("/guidance/procurement/").content.decode()
    assert _piloting_now(client) == 0
    mine = client.get("/guidance/reports/").content.decode()
    assert "Awaiting review" in mine and "London Borough of Lambeth" in mine

    # An organiser approves it; the member is e-mailed once.
    organiser = organiser_user()
    client.force_login(organiser)
    listing = client.get("/guidance/organise/reports/").content.decode()
    assert "London Borough of Lambeth" in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/guidance/organise/reports/{report.pk}/", {"decision": "approved", "note": ""}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "approved" in mail.outbox[0].subject

    # It appears on the guide page, with the count and the name, for anyone.
    client.logout()
    page = client.get("/guidance/procurement/").content.decode()
    assert "1 organisation has told us" in page
    assert "London Borough of Lambeth" in page
    assert "buying a housing repairs triage tool" in page
    # ... on the organisation's page, and in the dashboard's figures (recomputed).
    organisation = client.get(f"/organisations/{report.organisation.slug}/").content.decode()
    assert "Participation in procurement" in organisation
    assert _piloting_now(client) == 1

    # One action makes a draft case study in moderation, linked from the report.
    client.force_login(organiser)
    client.post(f"/guidance/organise/reports/{report.pk}/case-study/")
    client.post(f"/guidance/organise/reports/{report.pk}/case-study/")  # twice: still one
    report.refresh_from_db()
    case_study = CaseStudyPage.objects.get()
    assert report.case_study_id == case_study.pk
    assert not case_study.live
    assert case_study.organisation.name == "London Borough of Lambeth"
    assert WorkflowState.objects.filter(object_id=str(case_study.pk)).exists()
    assert CaseStudySuggestion.objects.get().member == member
    review_page = client.get(f"/guidance/organise/reports/{report.pk}/").content.decode()
    assert f"/admin/pages/{case_study.pk}/edit/" in review_page
    assert "Turned into a draft case study" in review_page


def test_each_decision_emails_the_member_exactly_once(
    guide, member, django_capture_on_commit_callbacks
):
    report = _report(guide, name="Cardiff Council", review=AdoptionReview.PENDING, member=member)
    organiser = organiser_user()
    with django_capture_on_commit_callbacks(execute=True):
        adoption_report_review(
            report=report, by=organiser, review="more_information", note="Which service?"
        )
    with django_capture_on_commit_callbacks(execute=True):
        adoption_report_review(
            report=report, by=organiser, review="declined", note="Not a public body."
        )
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert subjects[0].endswith(
        "More information needed: your report about Participation in procurement"
    )
    assert subjects[1].endswith("] Your report about Participation in procurement")
    assert "Which service?" in mail.outbox[0].body
    assert "Not a public body." in mail.outbox[1].body
    # The task run again for the same decision sends nothing new.
    send_adoption_decision.delay(change_id=report.changes.last().pk)
    assert len(mail.outbox) == 2


def test_decline_without_a_reason_is_refused(client, guide, member):
    report = _report(guide, name="Cardiff Council", review=AdoptionReview.PENDING, member=member)
    client.force_login(organiser_user())
    response = client.post(f"/guidance/organise/reports/{report.pk}/", {"decision": "declined"})
    assert response.status_code == 400
    assert "Give a reason when you decline a report" in response.content.decode()
    report.refresh_from_db()
    assert report.review == "pending"


def test_the_member_updates_the_stage_and_the_history_is_kept(client, guide, member):
    report = _report(guide, name="Welsh Revenue Authority", member=member)
    client.force_login(member)
    response = client.post(
        f"/guidance/reports/{report.pk}/",
        {**FORM, "organisation_name": "Welsh Revenue Authority", "stage": "adopted"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.stage == "adopted"
    assert report.review == "pending"  # back for review: nothing unreviewed is public
    notes = list(report.changes.values_list("note", flat=True))
    assert notes[-1] == "Stage changed from Piloting to Using (adopted)"
    page = client.get(f"/guidance/reports/{report.pk}/").content.decode()
    assert "Stage changed from Piloting to Using (adopted)" in page


def test_reporting_the_same_guide_for_the_same_organisation_again_updates_the_report(
    client, guide, member
):
    """A second report of the same use (a double click, a second tab, a member who forgot) is
    one report, counted once: the earlier one is updated and goes back for review."""
    client.force_login(member)
    assert client.post("/guidance/procurement/use/", FORM).status_code == 302
    first = AdoptionReport.objects.get()
    adoption_report_review(report=first, by=organiser_user(), review=AdoptionReview.APPROVED)
    response = client.post("/guidance/procurement/use/", {**FORM, "stage": "adopted"})
    assert response.status_code == 302
    report = AdoptionReport.objects.get()  # still one
    assert report.pk == first.pk
    assert (report.stage, report.review) == ("adopted", "pending")
    notes = list(report.changes.order_by("pk").values_list("note", flat=True))
    assert notes[0] == "Reported" and notes[-1] == "Stage changed from Piloting to Using (adopted)"
    page = client.get(response.url).content.decode()
    assert "You had already reported" in page and "London Borough of Lambeth" in page
    # Another organisation, or a chapter of the guide, is a report of its own.
    client.post("/guidance/procurement/use/", {**FORM, "organisation_name": "Cardiff Council"})
    assert AdoptionReport.objects.count() == 2


def test_nobody_else_can_see_or_change_a_members_report(client, guide, member):
    report = _report(guide, name="Welsh Revenue Authority", member=member)
    client.force_login(UserFactory(approval_status="approved"))
    assert client.get(f"/guidance/reports/{report.pk}/").status_code == 404
    assert client.post(f"/guidance/reports/{report.pk}/", FORM).status_code == 404
    assert client.get(f"/guidance/organise/reports/{report.pk}/").status_code == 403


def test_public_pages_count_unnamed_organisations_and_show_only_approved_ones(client, guide):
    chapter = g.chapter_page(guide=guide, title="Writing the specification")
    _report(guide, name="Named Borough", stage=AdoptionStage.ADOPTED)
    _report(guide, name="Secret Statistics Office", may_name=False)
    _report(guide, name="Pending Council", review=AdoptionReview.PENDING)
    _report(guide, name="Declined Agency", review=AdoptionReview.DECLINED)
    _report(guide, name="More Info Trust", review=AdoptionReview.MORE_INFORMATION)
    for url in ("/guidance/procurement/", f"/guidance/procurement/{chapter.slug}/"):
        page = client.get(url).content.decode()
        assert "2 organisations have told us" in page, url
        assert "Named Borough" in page
        assert "1 more organisation asked not to be named" in page
        for hidden in (
            "Secret Statistics Office",
            "Pending Council",
            "Declined Agency",
            "More Info Trust",
        ):
            assert hidden not in page, (url, hidden)
    # Search (each query echoes only one word of a name, so a whole name means a leak).
    for url in ("/search/?q=Secret", "/search/?q=Pending", "/search/?q=procurement", "/guidance/"):
        page = client.get(url).content.decode()
        for hidden in ("Secret Statistics Office", "Pending Council", "Declined Agency"):
            assert hidden not in page, (url, hidden)
    # The impact app (issue 21 items 3-4): the directory, organisation pages, the dashboard and
    # its open data count the unnamed report and never name it, nor an unapproved one.
    for url in (
        "/organisations/",
        "/organisations/named-borough/",
        "/impact/",
        "/impact/data.csv",
        "/impact/data.json",
        "/impact/charts/adoption.svg",
        "/sitemap.xml",
        "/search/?q=Office",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for hidden in (
            "Secret Statistics Office",
            "Pending Council",
            "Declined Agency",
            "More Info Trust",
        ):
            assert hidden not in page, (url, hidden)
    assert "Named Borough" in client.get("/organisations/").content.decode()
    for slug in ("secret-statistics-office", "pending-council", "declined-agency"):
        assert client.get(f"/organisations/{slug}/").status_code == 404
    adoption = next(
        f for f in client.get("/impact/data.json").json()["figures"] if f["key"] == "adoption"
    )
    latest = adoption["rows"][-1]["values"]
    assert latest["adopted"] + latest["piloting"] + latest["considering"] == 2  # named + unnamed


def test_a_chapter_cannot_take_the_slug_of_the_report_page(guide):
    chapter = GuideChapterPage(title="Use", slug="use")
    with pytest.raises(ValidationError):
        guide.add_child(instance=chapter)
        chapter.full_clean()


def test_data_rights_export_and_erasure(guide, member):
    approved = _report(guide, name="Named Borough", member=member, account="Our pilot.")
    _report(guide, name="Pending Council", member=member, review=AdoptionReview.PENDING)
    exported = exporters()["guidance_adoption_reports"](member)
    assert {row["organisation"] for row in exported} == {"Named Borough", "Pending Council"}
    erasers()["guidance_adoption_reports"](user=member)
    assert list(AdoptionReport.objects.all()) == [approved]
    approved.refresh_from_db()
    assert approved.member is None


USE_PAGE_BY_ROLE = {
    "anonymous": LOGIN,
    "member": 200,
    "pending": 403,  # told why: their membership awaits approval
    "organiser": 200,
    "editor": 200,
    "admin": 200,
}


def test_the_report_page_role_by_role(client, guide):
    """The use/ route is a Wagtail sub-URL, outside the named-URL matrix: the same check here."""
    users = {
        "anonymous": None,
        "member": UserFactory(approval_status="approved"),
        "pending": UserFactory(approval_status="pending"),
        "organiser": organiser_user(),
        "editor": editor_user(),
        "admin": admin_user(),
    }
    for role, expected in USE_PAGE_BY_ROLE.items():
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = client.get("/guidance/procurement/use/")
        if expected == LOGIN:
            assert response.status_code == 302 and "/login/" in response["Location"], role
        else:
            assert response.status_code == expected, role
    # Anonymous responses are never kept in the page cache (a form with a CSRF token).
    client.logout()
    assert client.get("/guidance/procurement/use/").get("X-Page-Cache") != "hit"


def _queries(client, url: str) -> int:
    client.get(url)  # warm the frame's cache, as a second visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_guide_and_chapter_pages_make_as_many_queries_for_many_reports_as_for_one(
    client, guide, member
):
    chapter = g.chapter_page(guide=guide, title="Writing the specification")
    client.force_login(member)  # a member's request is never served by the page cache
    urls = ["/guidance/procurement/", f"/guidance/procurement/{chapter.slug}/"]
    _report(guide, name="Borough 0")
    before = {url: _queries(client, url) for url in urls}
    for i in range(1, 25):
        _report(
            guide,
            name=f"Borough {i}",
            may_name=i % 3 != 0,
            chapter=chapter if i % 2 else None,
            stage=[AdoptionStage.CONSIDERING, AdoptionStage.PILOTING, AdoptionStage.ADOPTED][i % 3],
        )
    after = {url: _queries(client, url) for url in urls}
    assert after == before
    page = client.get(urls[0]).content.decode()
    assert "25 organisations have told us" in page
    assert "Borough 24" not in page  # 24 % 3 == 0: asked not to be named
    assert "8 more organisations asked not to be named" in page


def test_the_account_page_lists_the_members_reports_and_tells_organisers_what_waits(
    client, guide, member
):
    _report(guide, name="Welsh Revenue Authority", member=member, review=AdoptionReview.PENDING)
    client.force_login(member)
    page = client.get("/account/").content.decode()
    assert "Your reports of using guidance" in page
    assert "Welsh Revenue Authority, piloting (awaiting review)" in page
    assert "Review reports" not in page
    client.force_login(organiser_user())
    page = client.get("/account/").content.decode()
    assert "Review reports: 1 is waiting" in page


def test_editors_read_pilot_feedback_beside_the_guide_version(client, guide):
    _report(
        guide, name="Borough A", account="Say more about paying panel members.", guide_version="1.1"
    )
    _report(guide, name="Borough B", account="The checklist worked well.", guide_version="1.2")
    _report(
        guide,
        name="Borough C",
        review=AdoptionReview.PENDING,
        account="Not reviewed yet.",
        guide_version="1.2",
    )
    _report(guide, name="Borough D", guide_version="1.2")  # no account: nothing to read
    client.force_login(editor_user())
    page = client.get("/admin/guide_pilot_feedback/").content.decode()
    newer = page.index("Participation in procurement, version 1.2 (current version: 1.2)")
    older = page.index("Participation in procurement, version 1.1 (current version: 1.2)")
    assert newer < older  # newest version first
    assert newer < page.index("The checklist worked well.") < older
    assert newer < page.index("Not reviewed yet.") < older
    assert older < page.index("Say more about paying panel members.")
    assert "Borough D" not in page


def test_the_welsh_guide_shows_the_same_use_and_links_to_its_own_report_page(
    client, guide, home_page, member
):
    welsh_translation(home_page, title="Cymuned")
    welsh_translation(guide.get_parent(), title="Canllawiau")
    welsh = welsh_translation(guide, title="Cyfranogiad mewn caffael")
    _report(guide, name="Cyngor Bwrdeistref Sirol", stage=AdoptionStage.ADOPTED)
    _report(guide, name="Hidden Welsh Body", may_name=False)
    page = client.get(welsh.url).content.decode()
    assert "Cyngor Bwrdeistref Sirol" in page
    assert "Hidden Welsh Body" not in page
    use_url = f"{welsh.url}use/"
    assert f'href="{use_url}"' in page
    client.force_login(member)
    response = client.post(use_url, {**FORM, "organisation_name": "Cyngor Gwynedd"})
    assert response.status_code == 302
    report = AdoptionReport.objects.get(organisation__name="Cyngor Gwynedd")
    assert report.guide_id == welsh.pk  # counted with the English guide by translation key
    assert report.review == "pending"
