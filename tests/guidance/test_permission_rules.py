"""The guidance admin views (outside the project matrix, which skips Wagtail's admin), role by
role, in the matrix's rule format."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from community.enums import ApprovalStatus
from tests.factories.users import UserFactory
from tests.guidance.permission_rules import ADMIN_RULES, PUBLIC_URLS
from tests.permissions import LOGIN, assert_site_403_page

pytestmark = pytest.mark.django_db


def _user(role):
    if role == "anonymous":
        return None
    if role == "pending":
        return UserFactory(approval_status=ApprovalStatus.PENDING)
    if role == "admin":
        return UserFactory(is_superuser=True, is_staff=True)
    user = UserFactory()
    group = {"organiser": "Organisers", "editor": "Editors"}.get(role)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.mark.parametrize("rule", ADMIN_RULES, ids=[r.url_name for r in ADMIN_RULES])
def test_rule_matches_the_response(client, home_page, rule):
    url = reverse(rule.url_name, kwargs=rule.kwargs(None) if rule.kwargs else None)
    for role, expected in rule.expect.items():
        client.logout()
        user = _user(role)
        if user is not None:
            client.force_login(user)
        response = getattr(client, rule.method)(url, rule.data)
        if expected == LOGIN:
            assert response.status_code == 302, (role, url)
            assert "/login/" in response["Location"], (role, url)
        else:
            assert response.status_code == expected, (role, url, response.get("Location"))
        if expected == 403:
            assert_site_403_page(response, f"{role} {url}")


def test_public_urls_resolve():
    for name in PUBLIC_URLS:
        assert reverse(name, args=[1]).startswith("/guidance/feedback/1/")
