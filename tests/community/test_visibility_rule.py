"""The one rule for whose profile a viewer may see (community.selectors.profiles_visible_to),
swept over every place that shows people: the directory, the profile page, the co-facilitator
picker of the topic proposal forms, and site search. The table is in docs/community.md."""

import re

import pytest

from community.models import User
from community.selectors import profiles_visible_to, users_visible_to
from events.unconferences import services
from events.unconferences.enums import Phase
from events.unconferences.models import Topic
from tests.factories.unconferences import (
    RegistrationFactory,
    StandingBoardFactory,
    UnconferenceFactory,
    board_for,
)
from tests.factories.users import MemberProfileFactory, UserFactory, admin_user, organiser_user

pytestmark = pytest.mark.django_db


def standing_board():
    from tests.factories.events import MeetingSeriesFactory

    return StandingBoardFactory(meeting_series=MeetingSeriesFactory())


VIEWERS = ("anonymous", "pending", "member", "organiser", "themself")
PROFILES = ("public", "members", "hidden", "public-pending")

# The rule, as written in docs/community.md: may this viewer see this kind of profile?
# "public-pending" is a public profile whose owner is still waiting for approval.
SEES = {
    "anonymous": {"public"},
    "pending": {"public"},
    "member": {"public", "members"},
    "organiser": {"public", "members"},
    "themself": {"public", "members", "hidden", "public-pending"},
}


def make_target(kind: str):
    visibility = "public" if kind == "public-pending" else kind
    approval = "pending" if kind == "public-pending" else "approved"
    user = UserFactory(name=f"Target {kind.title()} Person", approval_status=approval)
    MemberProfileFactory(user=user, visibility=visibility)
    return user


def make_viewer(kind: str, target):
    if kind == "anonymous":
        return None
    if kind == "themself":
        return target
    user = {
        "pending": lambda: UserFactory(name="Viewer Pending", approval_status="pending"),
        "member": lambda: UserFactory(name="Viewer Member"),
        "organiser": lambda: organiser_user(name="Viewer Organiser"),
    }[kind]()
    MemberProfileFactory(user=user, visibility="members")
    return user


def picker_names(client, html: str) -> set[str]:
    """Everyone the co-facilitator picker offers: its field is a search-as-you-type text input
    (community/pickers.py), so ask its suggestions endpoint for every member's name."""
    field = re.search(r'<input[^>]*name="co_facilitators"[^>]*>', html)
    assert field, "the proposal form has a co-facilitator picker"
    assert "data-member-picker" in field.group(0)
    assert '<select name="co_facilitators"' not in html, "no multi-select of every member"
    offered = set()
    for name in User.objects.values_list("name", flat=True):
        response = client.get("/members/search.json", {"q": name, "exclude_self": "true"})
        assert response.status_code == 200
        offered |= {person["name"] for person in response.json()["results"]}
    return offered


def picker_accepts(client, url: str, typed: str) -> bool:
    """The no-JavaScript path: the name typed into the field is found (the topic is saved)."""
    response = client.post(
        url,
        {
            "title": "A topic",
            "description": "About it.",
            "format": "discussion",
            "co_facilitators": typed,
        },
    )
    return response.status_code == 302


@pytest.mark.parametrize("profile_kind", PROFILES)
@pytest.mark.parametrize("viewer_kind", VIEWERS)
def test_one_rule_everywhere(client, home_page, viewer_kind, profile_kind):
    target = make_target(profile_kind)
    viewer = make_viewer(viewer_kind, target)
    if viewer is not None:
        client.force_login(viewer)
    visible = profile_kind in SEES[viewer_kind]
    name = target.name
    where = f"{viewer_kind} looking at a {profile_kind} profile"

    # The selector itself.
    from django.contrib.auth.models import AnonymousUser

    as_viewer = viewer or AnonymousUser()
    assert profiles_visible_to(viewer=as_viewer).filter(user=target).exists() == visible, where

    # Directory: listed, and findable by name, exactly when visible.
    for params in ({}, {"q": "Target"}):
        directory = client.get("/members/", params)
        assert directory.status_code == 200
        assert (name in directory.content.decode()) == visible, (where, params)

    # Profile page: shown when visible, otherwise a 404 that does not leak the name.
    detail = client.get(f"/members/{target.pk}/")
    assert detail.status_code == (200 if visible else 404), where
    assert (name in detail.content.decode()) == visible, where

    # Site search never lists people (find them in the directory), whoever asks.
    search = client.get("/search/", {"q": "Target"})
    assert name not in search.content.decode(), where

    # The co-facilitator picker offers exactly the people this proposer may see in the
    # directory, never the proposer themself. Anonymous and pending people cannot propose.
    board = standing_board()
    form = client.get(f"/topics/{board.slug}/propose/")
    if viewer_kind == "anonymous":
        assert form.status_code == 302
        return
    if viewer_kind == "pending":
        assert form.status_code == 403
        return
    if viewer_kind == "themself" and profile_kind == "public-pending":
        assert form.status_code == 403  # a pending member cannot propose
        return
    assert form.status_code == 200
    offered = picker_names(client, form.content.decode())
    expected_in_picker = visible and viewer_kind != "themself"
    assert (name in offered) == expected_in_picker, where
    assert viewer.name not in offered, "the proposer is never offered to themself"
    assert offered == {user.name for user in users_visible_to(viewer=viewer).exclude(pk=viewer.pk)}
    # Typed without JavaScript: found exactly when offered, by name and by e-mail address.
    propose = f"/topics/{board.slug}/propose/"
    assert picker_accepts(client, propose, name) == expected_in_picker, where
    Topic.objects.filter(board=board).delete()
    assert picker_accepts(client, propose, target.email) == expected_in_picker, where


def test_picker_never_offers_staff_without_a_visible_profile(client, home_page):
    proposer = UserFactory(name="Proposer")
    MemberProfileFactory(user=proposer)
    admin_user(name="Staff Without Profile")
    staff = admin_user(name="Staff Hidden")
    MemberProfileFactory(user=staff, visibility="hidden")
    visible = UserFactory(name="Visible Colleague")
    MemberProfileFactory(user=visible, visibility="members")
    UserFactory(name="No Profile Member")
    board = standing_board()
    client.force_login(proposer)
    offered = picker_names(client, client.get(f"/topics/{board.slug}/propose/").content.decode())
    assert offered == {"Visible Colleague"}


@pytest.fixture
def unconference_board():
    unconference = UnconferenceFactory(slug="uc-privacy", title="Unconference privacy")
    unconference.phase = Phase.TOPICS_OPEN
    unconference.save(update_fields=["phase"])
    return unconference, board_for(unconference)


@pytest.mark.parametrize("kind", ["hidden", "no-profile", "public-pending", "themself"])
@pytest.mark.parametrize("where", ["unconference", "standing"])
def test_an_id_outside_the_picker_posted_by_hand_is_refused(
    client, home_page, unconference_board, kind, where
):
    unconference, uc_board = unconference_board
    proposer = UserFactory(name="Proposer Person")
    MemberProfileFactory(user=proposer)
    RegistrationFactory(unconference=unconference, user=proposer)
    friend = UserFactory(name="Friend Visible")
    MemberProfileFactory(user=friend, visibility="public")
    if kind == "themself":
        outsider = proposer
    elif kind == "no-profile":
        outsider = admin_user(name="Outsider Person")
    elif kind == "public-pending":
        outsider = make_target("public-pending")
    else:
        outsider = make_target("hidden")
    if where == "unconference":
        url = f"/unconferences/{unconference.slug}/topics/propose/"
        board = uc_board
    else:
        board = standing_board()
        url = f"/topics/{board.slug}/propose/"
    client.force_login(proposer)
    response = client.post(
        url,
        {
            "title": "A topic",
            "description": "About things.",
            "format": "discussion",
            "co_facilitators": [friend.pk, outsider.pk],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "you can only name members whose profile you can see" in body
    assert not Topic.objects.filter(board=board).exists()

    # With only visible people it is accepted.
    response = client.post(
        url,
        {
            "title": "A topic",
            "description": "About things.",
            "format": "discussion",
            "co_facilitators": [friend.pk],
        },
    )
    assert response.status_code == 302
    assert list(Topic.objects.get(board=board).co_facilitators.all()) == [friend]


def test_the_service_refuses_people_the_proposer_cannot_see(home_page):
    from django.core.exceptions import ValidationError

    proposer = UserFactory(name="Proposer")
    MemberProfileFactory(user=proposer)
    hidden = make_target("hidden")
    board = standing_board()
    with pytest.raises(ValidationError) as caught:
        services.topic_propose(
            board=board,
            proposer=proposer,
            title="A topic",
            description="About things.",
            format="discussion",
            co_facilitators=[hidden],
        )
    assert "co_facilitators" in caught.value.message_dict
    assert not Topic.objects.filter(board=board).exists()


@pytest.mark.parametrize(
    "url", ["/members/?q=Secret+name", "/case-studies/?q=Secret+name", "/?q=Secret+name"]
)
def test_header_search_box_is_not_prefilled_from_another_pages_query(client, home_page, url):
    body = client.get(url).content.decode()
    header_box = re.search(r'<input[^>]*id="site-search-q"[^>]*>', body).group(0)
    assert "Secret" not in header_box
    assert "value=" not in header_box
