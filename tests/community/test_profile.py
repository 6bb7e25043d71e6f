"""The account page: profile editing, organisations, bad input, e-mail preferences."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from community import services
from community.account_sections import _sections, register_account_section
from community.enums import ApprovalStatus, Visibility
from community.models import MemberProfile, Organisation
from community.selectors import email_preferences_for
from tests.factories.users import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Priya Profile",
    "pronouns": "she/her",
    "organisation_name": "",
    "organisation_kind": "",
    "job_title": "Head of data",
    "sector": "local_government",
    "region": "london",
    "interests": "procurement, AI ethics",
    "expertise": "citizens' jury, deliberative workshop",
    "bio": "I run engagement for data projects.",
    "visibility": "public",
}


@pytest.fixture
def signed_in(client, home_page):
    user = UserFactory(name="Before")
    client.force_login(user)
    return user


def test_account_requires_sign_in(client, home_page):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_is_saved_with_tags_and_existing_organisation(client, signed_in):
    camden = OrganisationFactory(name="London Borough of Camden")
    response = client.post("/account/", {**VALID, "organisation_name": "london borough of camden"})
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=signed_in)
    signed_in.refresh_from_db()
    assert signed_in.name == "Priya Profile"
    assert profile.organisation == camden
    assert profile.visibility == Visibility.PUBLIC
    assert sorted(t.name for t in profile.interests.all()) == ["AI ethics", "procurement"]
    assert sorted(t.name for t in profile.expertise.all()) == [
        "citizens' jury",
        "deliberative workshop",
    ]
    page = client.get("/account/").content.decode()
    assert "Your profile has been saved." in page
    assert 'value="London Borough of Camden"' in page


def test_typing_a_new_organisation_creates_it(client, signed_in):
    response = client.post(
        "/account/",
        {**VALID, "organisation_name": "  New   Civic Lab ", "organisation_kind": "charity"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="New Civic Lab")
    assert organisation.kind == "charity"
    assert MemberProfile.objects.get(user=signed_in).organisation == organisation


def test_new_organisation_needs_a_kind(client, signed_in):
    response = client.post("/account/", {**VALID, "organisation_name": "Unknown Org"})
    assert response.status_code == 400
    assert "Choose the kind of organisation" in response.content.decode()
    assert not Organisation.objects.filter(name="Unknown Org").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bio", "x" * 601, "Enter 600 characters or fewer. You entered 601."),
        ("name", "n" * 151, "Enter 150 characters or fewer. You entered 151."),
        ("pronouns", "p" * 41, "Enter 40 characters or fewer. You entered 41."),
        ("organisation_kind", "spaceship", "Select a valid choice"),
        ("sector", "astrology", "Select a valid choice"),
        ("visibility", "everyone-ever", "Select a valid choice"),
        ("interests", "t" * 51, "Keep each one under 50 characters"),
        ("expertise", ",".join(f"m{i}" for i in range(11)), "Add at most 10"),
        ("name", "   ", "Enter your name"),  # GOV.UK style, not "This field is required."
    ],
)
def test_bad_profile_input_gets_a_form_error(client, signed_in, field, value, message):
    data = {**VALID, "organisation_name": "New Org", "organisation_kind": "charity"}
    data[field] = value
    response = client.post("/account/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert escape(message) in body or message in body
    assert MemberProfile.objects.get(user=signed_in).bio == ""


def test_bio_with_html_is_stored_as_text_and_rendered_escaped(client, signed_in):
    bio = '<script>alert("x")</script><b>bold</b>'
    client.post("/account/", {**VALID, "bio": bio})
    assert MemberProfile.objects.get(user=signed_in).bio == bio
    page = client.get(f"/members/{signed_in.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


def test_forged_post_cannot_change_someone_else(client, signed_in):
    other = UserFactory(name="Other Person")
    forged = {"user": other.pk, "user_id": other.pk, "approval_status": "approved"}
    client.post("/account/", {**VALID, **forged})
    other.refresh_from_db()
    assert other.name == "Other Person"
    assert not MemberProfile.objects.filter(user=other).exists()


def test_pending_member_can_edit_profile_and_sees_why_they_cannot_take_part(client, home_page):
    user = UserFactory(approval_status=ApprovalStatus.PENDING)
    client.force_login(user)
    page = client.get("/account/").content.decode()
    assert "waiting for an organiser" in page
    assert client.post("/account/", VALID).status_code == 302
    assert MemberProfile.objects.get(user=user).job_title == "Head of data"


def test_email_preferences_are_saved(client, signed_in):
    response = client.post(
        "/account/email-preferences/",
        {"meeting_reminders": "on", "reminder_offsets": ["1440"], "digest": "on"},
    )
    assert response.status_code == 302
    preferences = email_preferences_for(user=signed_in)
    assert preferences.pk
    assert preferences.allows("meeting_reminders")
    assert preferences.allows("digest")
    assert not preferences.allows("change_notices")
    assert preferences.wants_reminder_offset(1440)
    assert not preferences.wants_reminder_offset(60)
    assert not preferences.wants_reminder_offset(10080)
    page = client.get("/account/").content.decode()
    assert 'name="reminder_offsets" value="1440" id="id_reminder_offsets_1" checked' in page


def test_email_preferences_reject_unknown_offset(client, signed_in):
    response = client.post("/account/email-preferences/", {"reminder_offsets": ["5"]})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_account_page_renders_registered_sections(client, signed_in, tmp_path, settings):
    (tmp_path / "section.html").write_text("<p>Feed for {{ section_context.who }}</p>")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    register_account_section(
        key="test-feed",
        title="Your test feed",
        template="section.html",
        context=lambda request: {"who": request.user.name},
        order=1,
    )
    try:
        page = client.get("/account/").content.decode()
    finally:
        _sections.pop("test-feed")
    assert '<h2 id="section-test-feed">Your test feed</h2>' in page
    assert "<p>Feed for Before</p>" in page


@pytest.mark.django_db(transaction=False)
def test_any_profile_text_is_saved_or_refused_never_a_500(client, signed_in):
    """Property: arbitrary text in the free-text fields gives a redirect (saved) or a 400 with an
    error summary; what is saved renders escaped on the profile page."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    text = st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
        max_size=700,
    )

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(name=st.text(max_size=160), bio=text, interests=st.text(max_size=120))
    def check(name, bio, interests):
        response = client.post(
            "/account/", {**VALID, "name": name, "bio": bio, "interests": interests}
        )
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert "There is a problem" in response.content.decode()
            return
        page = client.get(f"/members/{signed_in.pk}/").content.decode()
        saved = MemberProfile.objects.get(user=signed_in).bio
        for line in saved.splitlines():
            if line.strip():
                assert escape(line.strip()) in page

    check()


# --- the profile service: one transaction for the organisation, the profile and the name -------


def test_a_new_organisation_is_created_once_however_it_is_typed(client, signed_in):
    data = {**VALID, "organisation_kind": "charity"}
    client.post("/account/", {**data, "organisation_name": "Open Civic Lab"})
    client.post("/account/", {**data, "organisation_name": "open  civic LAB"})
    other = UserFactory()
    client.force_login(other)
    client.post("/account/", {**data, "organisation_name": " OPEN civic lab "})
    (organisation,) = Organisation.objects.filter(name__iexact="open civic lab")
    assert organisation.name == "Open Civic Lab"
    assert MemberProfile.objects.get(user=signed_in).organisation == organisation
    assert MemberProfile.objects.get(user=other).organisation == organisation


def test_profile_update_saves_profile_tags_and_name(signed_in):
    profile = services.profile_get_or_create(user=signed_in)
    profile.job_title = "Engagement lead"
    services.profile_update(
        profile=profile,
        name="  Priya   Profile ",
        organisation_name="Civic Data Trust",
        organisation_kind="charity",
        interests=["open data"],
        expertise=["citizens' assembly"],
    )
    profile = MemberProfile.objects.get(user=signed_in)
    signed_in.refresh_from_db()
    assert signed_in.name == "Priya Profile"
    assert profile.job_title == "Engagement lead"
    assert profile.organisation.name == "Civic Data Trust"
    assert [t.name for t in profile.interests.all()] == ["open data"]
    assert [t.name for t in profile.expertise.all()] == ["citizens' assembly"]

    services.profile_update(
        profile=profile, name="Priya Profile", interests=[], expertise=["world cafe"]
    )
    profile = MemberProfile.objects.get(user=signed_in)
    assert profile.organisation is None  # cleared; the organisation itself stays
    assert Organisation.objects.filter(name="Civic Data Trust").exists()
    assert list(profile.interests.all()) == []
    assert [t.name for t in profile.expertise.all()] == ["world cafe"]


def test_a_failed_profile_update_leaves_nothing_half_written(signed_in):
    profile = services.profile_get_or_create(user=signed_in)
    profile.job_title = "Should not be saved"
    with pytest.raises(ValidationError):
        services.profile_update(
            profile=profile,
            name="x" * 151,  # longer than User.name allows: the last write fails
            organisation_name="Half Written Org",
            organisation_kind="charity",
            interests=["should not be saved"],
            expertise=[],
        )
    assert not Organisation.objects.filter(name="Half Written Org").exists()
    profile = MemberProfile.objects.get(user=signed_in)
    assert profile.job_title == ""
    assert profile.organisation is None
    assert list(profile.interests.all()) == []
    signed_in.refresh_from_db()
    assert signed_in.name == "Before"
