"""/members/ and /members/<id>/: visibility per viewer, filters, search, pagination, queries."""

import pytest

from community.enums import ApprovalStatus
from tests.factories.users import (
    MemberProfileFactory,
    OrganisationFactory,
    UserFactory,
    organiser_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(home_page):
    return {
        "public": MemberProfileFactory(user=UserFactory(name="Pat Public"), visibility="public"),
        "members": MemberProfileFactory(
            user=UserFactory(name="Molly Members"), visibility="members"
        ),
        "hidden": MemberProfileFactory(user=UserFactory(name="Harry Hidden"), visibility="hidden"),
        "pending": MemberProfileFactory(
            user=UserFactory(name="Penny Pending", approval_status=ApprovalStatus.PENDING),
            visibility="public",
        ),
    }


def names_listed(response) -> set[str]:
    return {profile.user.name for profile in response.context["profiles"]}


VISIBLE = {
    "anonymous": {"Pat Public"},
    "member": {"Pat Public", "Molly Members"},
    "organiser": {"Pat Public", "Molly Members"},
}


@pytest.mark.parametrize("viewer", ["anonymous", "member", "organiser"])
def test_directory_shows_exactly_the_right_people(client, people, viewer):
    if viewer == "member":
        client.force_login(UserFactory(name="Viewer"))
    elif viewer == "organiser":
        client.force_login(organiser_user(name="Viewer"))
    response = client.get("/members/")
    assert response.status_code == 200
    assert names_listed(response) == VISIBLE[viewer]
    body = response.content.decode()
    assert "Harry Hidden" not in body
    assert "Penny Pending" not in body
    for name in VISIBLE[viewer]:
        assert name in body

    for key, profile in people.items():
        detail = client.get(f"/members/{profile.user_id}/")
        expected = 200 if profile.user.name in VISIBLE[viewer] else 404
        assert detail.status_code == expected, (viewer, key)
        if expected == 200:
            assert profile.user.name in detail.content.decode()


def test_owner_sees_own_hidden_profile(client, people):
    client.force_login(people["hidden"].user)
    response = client.get(f"/members/{people['hidden'].user_id}/")
    assert response.status_code == 200
    assert "This is your profile" in response.content.decode()


def test_unknown_member_is_404(client, home_page):
    assert client.get("/members/999999/").status_code == 404


def test_filters_and_name_search(client, home_page):
    council = OrganisationFactory(name="A Council", kind="local_authority")
    union = OrganisationFactory(name="A Union", kind="union")
    MemberProfileFactory(
        user=UserFactory(name="Ada Alpha"),
        organisation=council,
        sector="local_government",
        region="london",
        interests=["procurement"],
        expertise=["citizens' jury"],
    )
    MemberProfileFactory(
        user=UserFactory(name="Ben Beta"),
        organisation=union,
        sector="union",
        region="wales",
        interests=["workers"],
        expertise=["focus group"],
    )

    def listed(**params):
        response = client.get("/members/", params)
        assert response.status_code == 200
        return names_listed(response)

    assert listed() == {"Ada Alpha", "Ben Beta"}
    assert listed(sector="union") == {"Ben Beta"}
    assert listed(region="london") == {"Ada Alpha"}
    assert listed(organisation_kind="local_authority") == {"Ada Alpha"}
    assert listed(interest="workers") == {"Ben Beta"}
    assert listed(expertise="citizens-jury") == {"Ada Alpha"}
    assert listed(q="beta") == {"Ben Beta"}
    assert listed(q="alpha", sector="union") == set()


def test_unknown_filter_value_is_a_form_error_not_a_500(client, home_page):
    MemberProfileFactory()
    response = client.get("/members/", {"organisation_kind": "spaceship", "page": "x"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_pagination_keeps_filters(client, home_page):
    for index in range(25):
        MemberProfileFactory(user=UserFactory(name=f"Member {index:02d}"), region="london")
    first = client.get("/members/", {"region": "london"})
    assert len(first.context["profiles"]) == 20
    assert "?region=london&amp;page=2" in first.content.decode()
    second = client.get("/members/", {"region": "london", "page": 2})
    assert len(second.context["profiles"]) == 5
    beyond = client.get("/members/", {"region": "london", "page": 99})
    assert beyond.status_code == 200  # the last page, not an error


def add_members(count: int, *, prefix: str) -> None:
    for index in range(count):
        MemberProfileFactory(
            user=UserFactory(name=f"{prefix} {index}"),
            organisation=OrganisationFactory(name=f"{prefix} org {index}"),
            interests=["shared", f"{prefix} topic {index}"],
            expertise=[f"{prefix} method {index}"],
        )


@pytest.mark.parametrize("signed_in", [False, True])
def test_directory_query_count_is_constant(client, home_page, django_assert_num_queries, signed_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if signed_in:
        client.force_login(UserFactory(name="Viewer"))
    add_members(2, prefix="Few")
    client.get("/members/")  # warm per-process caches (site settings, navigation)
    with CaptureQueriesContext(connection) as with_two:
        response = client.get("/members/", {"interest": "shared"})
    assert len(response.context["profiles"]) == 2

    add_members(18, prefix="Many")
    with django_assert_num_queries(len(with_two)):
        response = client.get("/members/", {"interest": "shared"})
    assert len(response.context["profiles"]) == 20
