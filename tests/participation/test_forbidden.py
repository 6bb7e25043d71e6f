"""The site's 403 page: the admin without admin rights (no log-in redirect loop), organiser pages,
CSRF failures and page-specific refusals all render templates/403.html in the site's layout."""

import re

import pytest
from django.test import Client

from tests.factories.users import UserFactory, editor_user, organiser_user
from tests.permissions import assert_site_403_page

pytestmark = pytest.mark.django_db


def assert_site_403(response, *, heading: str | None = None):
    assert response.status_code == 403
    assert "Location" not in response
    assert_site_403_page(response, "403")
    body = response.content.decode()
    assert 'class="site-header' in body and 'class="site-footer' in body
    assert "Go to the home page" in body
    if heading:
        assert re.search(rf"<h1>\s*{re.escape(heading)}\s*</h1>", body), heading
    return body


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/django-admin/"])
def test_member_opening_the_admin_gets_the_403_page_not_a_redirect_loop(client, home_page, path):
    client.force_login(UserFactory(name="Mo Member", email="mo@example.org"))
    response = client.get(path)
    body = assert_site_403(response, heading="You cannot open this page")
    assert "The admin is for the community&#x27;s editors, organisers and administrators" in body
    assert 'href="/account/"' in body and "Go to your account" in body
    assert "You are signed in as mo@example.org." in body
    assert 'href="/accounts/logout/"' in body


def test_member_following_redirects_from_the_admin_ends_on_the_403_page(client, home_page):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == []
    assert_site_403(response)


@pytest.mark.parametrize(
    ("path", "admin"),
    [("/admin/login/", "/admin/"), ("/django-admin/login/?next=/django-admin/", "/django-admin/")],
)
def test_member_at_the_admin_log_in_path_ends_on_the_403_page_not_a_loop(
    client, home_page, path, admin
):
    client.force_login(UserFactory())
    response = client.get(path, follow=True)  # the test client raises on a redirect loop
    assert [url for url, _status in response.redirect_chain][-1] == admin
    assert len(response.redirect_chain) == 2  # -> allauth's log-in -> the admin: 403
    assert_site_403(response)


def test_anonymous_visitor_still_goes_to_the_log_in_page(client, home_page):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


def test_editor_still_reaches_the_admin(client, home_page):
    client.force_login(editor_user())
    assert client.get("/admin/").status_code == 200


def test_organiser_page_refusal_is_the_site_403_page_not_bare_text(client, home_page):
    client.force_login(UserFactory())
    response = client.get("/events/organise/")
    body = assert_site_403(response, heading="You cannot open this page")
    assert "Your account does not have permission to open this page or to do this." in body
    assert "<h1>403 Forbidden</h1>" not in body


def test_unhandled_permission_denied_message_is_not_shown(client, home_page, settings):
    """Only ExplainedPermissionDenied messages are written for people; others stay private."""
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from core.errors import permission_denied

    request = RequestFactory().get("/somewhere/")
    request.user = organiser_user()
    response = permission_denied(request, PermissionDenied("internal detail 42"))
    assert response.status_code == 403
    assert "internal detail 42" not in response.content.decode()


def test_csrf_failure_is_the_site_403_page(home_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post("/account/", {"bio": "Hello"})
    body = assert_site_403(response, heading="Your form could not be sent")
    assert "Go back, reload the page and send the form again." in body


def test_the_403_page_is_welsh_on_welsh_pages(client, home_page):
    """Needs the Welsh catalogue with this area's strings (merged from welsh/privacy403.po)."""
    client.force_login(UserFactory())
    body = client.get("/cy/events/organise/").content.decode()
    assert "Beth allwch chi ei wneud" in body
    assert 'href="/cy/account/"' in body
