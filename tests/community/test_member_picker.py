"""The people picker (community/pickers.py): typed names or e-mails without JavaScript, and the
suggestions endpoint /members/search.json for the script (issue 19 item 9). The visibility
sweep over every viewer and profile kind is in test_visibility_rule.py."""

import pytest

from community.pickers import MemberPickerField, member_suggestions
from events.unconferences.models import Topic
from tests.factories.events import MeetingSeriesFactory
from tests.factories.unconferences import StandingBoardFactory
from tests.factories.users import MemberProfileFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def person(name, visibility="members", **kwargs):
    user = UserFactory(name=name, **kwargs)
    MemberProfileFactory(user=user, visibility=visibility)
    return user


@pytest.fixture
def proposer():
    return person("Proposer Person")


def field_for(viewer, **kwargs):
    field = MemberPickerField(**kwargs)
    field.set_viewer(viewer, exclude_self=True)
    return field


def error_of(field, value) -> str:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        field.clean(value)
    return " ".join(caught.value.messages)


def test_names_and_emails_separated_by_commas_find_visible_members(proposer):
    aisha = person("Aisha Rahman", email="aisha@example.org")
    tom = person("Tom Okafor")
    field = field_for(proposer)
    assert field.clean("aisha rahman,  Tom Okafor") == [aisha, tom]
    assert field.clean("AISHA@example.org; tom okafor") == [aisha, tom]
    assert field.clean("Aisha Rahman, aisha@example.org") == [aisha]  # the same person once
    assert field.clean("") == []


def test_the_error_names_the_person_not_found(proposer):
    person("Aisha Rahman")
    person("Hidden Helen", visibility="hidden")
    field = field_for(proposer)
    message = error_of(field, "Aisha Rahman, Bob Nobody")
    assert message.startswith("No member called “Bob Nobody” was found.")
    assert "use their email address" in message
    # A hidden member is "not found", exactly like someone who does not exist.
    assert "No member called “Hidden Helen” was found." in error_of(field, "Hidden Helen")
    assert "No member called “Proposer Person” was found." in error_of(field, "Proposer Person")


def test_two_members_with_one_name_need_the_suggestion_or_an_email(proposer):
    first = person("Sam Jones", email="sam.one@example.org")
    second = person("Sam Jones", email="sam.two@example.org")
    field = field_for(proposer)
    assert "More than one member is called “Sam Jones”" in error_of(field, "Sam Jones")
    assert field.clean("sam.two@example.org") == [second]
    assert field.clean(f"Sam Jones (#{first.pk})") == [first]
    assert field.widget.format_value([first]) == f"Sam Jones (#{first.pk})"


def test_at_most_the_limit(proposer):
    for n in range(4):
        person(f"Member {n}")
    field = field_for(proposer, max_people=3)
    assert error_of(field, "Member 0, Member 1, Member 2, Member 3") == (
        "Enter no more than 3 people."
    )


def test_proposal_form_without_javascript_names_the_missing_person(client, home_page, proposer):
    friend = person("Friend Visible")
    board = StandingBoardFactory(meeting_series=MeetingSeriesFactory())
    client.force_login(proposer)
    url = f"/topics/{board.slug}/propose/"
    data = {"title": "Data charters", "description": "How Camden did it.", "format": "discussion"}
    response = client.post(url, {**data, "co_facilitators": "Friend Visible, Fiona Missing"})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "No member called “Fiona Missing” was found." in body
    assert 'value="Friend Visible, Fiona Missing"' in body  # what they typed stays
    assert not Topic.objects.exists()
    response = client.post(url, {**data, "co_facilitators": "Friend Visible"})
    assert response.status_code == 302
    topic = Topic.objects.get()
    assert list(topic.co_facilitators.all()) == [friend]
    # Editing shows the chosen people as names in the same field.
    edit = client.get(f"/topics/{board.slug}/{topic.pk}/edit/").content.decode()
    assert 'value="Friend Visible"' in edit


def test_endpoint_is_for_signed_in_people_and_never_shows_emails(client, proposer):
    organisation = OrganisationFactory(name="Camden Council")
    aisha = person("Aisha Rahman", email="aisha@example.org")
    aisha.profile.organisation = organisation
    aisha.profile.save()
    person("Aisha Hidden", visibility="hidden")
    anonymous = client.get("/members/search.json", {"q": "Aisha"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(proposer)
    response = client.get("/members/search.json", {"q": "aish"})
    assert response.json()["results"] == [
        {
            "id": aisha.pk,
            "name": "Aisha Rahman",
            "organisation": "Camden Council",
            "value": "Aisha Rahman",
        }
    ]
    assert "@" not in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    by_organisation = client.get("/members/search.json", {"q": "camden"}).json()["results"]
    assert [p["name"] for p in by_organisation] == ["Aisha Rahman"]
    assert client.get("/members/search.json", {"q": "a"}).json()["results"] == []
    assert client.get("/members/search.json", {"q": "x" * 5000}).status_code == 200


def test_endpoint_returns_at_most_ten(client, proposer):
    for n in range(15):
        person(f"Member Number {n:02d}")
    client.force_login(proposer)
    results = client.get("/members/search.json", {"q": "member number"}).json()["results"]
    assert len(results) == 10
    assert [p["name"] for p in results] == [f"Member Number {n:02d}" for n in range(10)]


def test_suggestions_mark_shared_names_with_the_id(proposer):
    first = person("Sam Jones")
    second = person("Sam Jones")
    values = {p["value"] for p in member_suggestions(viewer=proposer, q="sam")}
    assert values == {f"Sam Jones (#{first.pk})", f"Sam Jones (#{second.pk})"}


@pytest.mark.parametrize(
    "typed", ["\x00", "Aisha\x00Rahman", "9" * 40, "Someone (#99999999999999999999999)"]
)
def test_hostile_input_is_a_form_error_not_a_500(client, home_page, proposer, typed):
    board = StandingBoardFactory(meeting_series=MeetingSeriesFactory())
    client.force_login(proposer)
    response = client.post(
        f"/topics/{board.slug}/propose/",
        {"title": "T", "description": "D", "format": "discussion", "co_facilitators": typed},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    search = client.get("/members/search.json", {"q": typed})
    assert search.status_code == 200
