"""Members suggest case studies: a draft in Wagtail's moderation workflow, owned by them."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from casestudies.models import CaseStudyPage, CaseStudySuggestion
from casestudies.services import case_study_suggestions_erase, case_study_suggestions_export
from core.data_rights import erasers, exporters
from tests.factories.users import UserFactory, editor_user

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Residents review a housing algorithm",
    "organisation_name": "Somewhere Borough Council",
    "what_happened": "A panel of tenants looked at the allocation model.\nThey changed it.",
    "links": "https://example.org/report\nhttps://example.org/minutes",
    "connection": "I facilitated the panel.",
}


def test_anonymous_visitor_is_sent_to_log_in(client, library):
    response = client.get("/case-studies/suggest/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client.post("/case-studies/suggest/", FORM)
    assert response.status_code == 302
    assert not CaseStudySuggestion.objects.exists()


def test_pending_member_is_refused_with_the_reason(client, library):
    client.force_login(UserFactory(approval_status="pending"))
    response = client.post("/case-studies/suggest/", FORM)
    assert response.status_code == 403
    assert "waiting for an organiser" in response.content.decode()
    assert not CaseStudyPage.objects.exists()


def test_suggestion_becomes_a_draft_in_moderation(client, library):
    editor = editor_user(email="editor@example.org")
    member = UserFactory(name="Sam Suggester")
    client.force_login(member)
    response = client.get("/case-studies/suggest/")
    assert response.status_code == 200
    assert 'for="id_what_happened"' in response.content.decode()

    response = client.post("/case-studies/suggest/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    page = CaseStudyPage.objects.get(title=FORM["title"])
    assert page.live is False
    assert page.owner == member
    assert page.get_parent().pk == library.pk
    assert page.completeness == "stub"
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == member
    suggestion = CaseStudySuggestion.objects.get(member=member)
    assert suggestion.page == page
    assert suggestion.links == FORM["links"]
    # Wagtail's moderation notification reached the editors (and not the member).
    recipients = {address for message in mail.outbox for address in message.to}
    assert editor.email in recipients
    assert member.email not in recipients
    # Not on the public site yet.
    assert client.get("/case-studies/").context["selection"].count == 0


def test_member_sees_status_of_their_suggestions_on_account_page(client, library):
    member = UserFactory()
    client.force_login(member)
    client.post("/case-studies/suggest/", FORM)
    content = client.get("/account/").content.decode()
    assert "Your case study suggestions" in content
    assert FORM["title"] in content
    assert "Waiting for review" in content

    page = CaseStudyPage.objects.get(title=FORM["title"])
    page.get_latest_revision().publish()
    content = client.get("/account/").content.decode()
    assert "Published" in content


def test_member_text_is_escaped_in_the_draft(client, library):
    client.force_login(UserFactory())
    client.post("/case-studies/suggest/", {**FORM, "what_happened": "<script>alert(1)</script>"})
    page = CaseStudyPage.objects.get(title=FORM["title"])
    assert "<script>" not in str(page.body.raw_data)


def test_invalid_form_shows_error_summary(client, library):
    client.force_login(UserFactory())
    response = client.post("/case-studies/suggest/", {**FORM, "title": "", "links": "not a url"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'href="#id_title"' in content
    assert "is not a web address" in content
    assert not CaseStudyPage.objects.exists()


def test_data_rights_export_and_erase(client, library):
    member = UserFactory()
    client.force_login(member)
    client.post("/case-studies/suggest/", FORM)
    assert exporters()["case_study_suggestions"] is case_study_suggestions_export
    exported = case_study_suggestions_export(member)
    assert exported[0]["title"] == FORM["title"]
    assert exported[0]["connection"] == FORM["connection"]

    assert erasers()["case_study_suggestions"] is case_study_suggestions_erase
    case_study_suggestions_erase(user=member)
    assert not CaseStudySuggestion.objects.exists()
    page = CaseStudyPage.objects.get(title=FORM["title"])
    assert page.owner is None  # the page stays for the editors
