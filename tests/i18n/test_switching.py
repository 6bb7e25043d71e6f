"""Switching language keeps you on the same page; hreflang alternates; Welsh fallback pages."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories.casestudies import case_study, library_index
from tests.factories.events import MeetingFactory
from tests.factories.guidance import guidance_index, guide_page
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SWITCH_FORM = re.compile(
    r'<form class="language-switcher" action="(?P<action>[^"]+)" method="post">.*?'
    r'name="language" value="(?P<language>[^"]+)">.*?name="next" value="(?P<next>[^"]+)">',
    re.S,
)


def switcher(html: str) -> dict:
    match = SWITCH_FORM.search(html)
    assert match, "no language switcher on the page"
    return {key: unescape(value) for key, value in match.groupdict().items()}


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


@pytest.fixture
def signed_in_member(client):
    """An approved member, signed in on ``client``."""
    user = UserFactory(email="aelod@example.org")
    client.login(email=user.email, password=DEFAULT_PASSWORD)
    return user


@pytest.fixture
def content(home_page):
    cases = library_index(home_page)
    study = case_study(cases, title="Citizens' jury on health data")
    guides = guidance_index(home=home_page)
    guide = guide_page(index=guides, title="Running a citizens' panel", slug="citizens-panel")
    meeting = MeetingFactory(slug="june-meeting")
    return {"case_study": study, "guide": guide, "meeting": meeting}


def representative_paths(content) -> list[str]:
    return [
        "/",
        "/case-studies/",
        content["case_study"].url,
        "/guidance/",
        content["guide"].url,
        "/events/",
        f"/events/{content['meeting'].slug}/",
        "/members/",
        "/account/",
    ]


def assert_switches_both_ways(client, path):
    """The switcher on ``path`` leads to the same page in Welsh, and back again."""
    english = client.get(path)
    assert english.status_code == 200, path
    assert html_lang(english.content.decode()) == "en-GB", path
    form = switcher(english.content.decode())
    assert form["action"] == reverse("switch_language")
    assert form["language"] == "cy"
    welsh_path = "/cy" + path
    assert form["next"] == welsh_path
    response = client.post(form["action"], {"language": "cy", "next": form["next"]})
    assert response.status_code == 302
    assert response["Location"] == welsh_path
    welsh = client.get(welsh_path)
    assert welsh.status_code == 200, welsh_path
    assert html_lang(welsh.content.decode()) == "cy", welsh_path
    back = switcher(welsh.content.decode())
    assert back["language"] == "en-gb"
    assert back["next"] == path
    response = client.post(back["action"], {"language": "en-gb", "next": back["next"]})
    assert response["Location"] == path


def test_switching_language_keeps_you_on_the_same_page(client, signed_in_member, content):
    for path in representative_paths(content):
        assert_switches_both_ways(client, path)
    client.logout()
    for path in ["/accounts/login/", "/accounts/signup/", "/events/"]:
        assert_switches_both_ways(client, path)


SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}


def test_switching_is_remembered_for_a_signed_in_member(client, signed_in_member, home_page):
    assert signed_in_member.preferred_language == "en-gb"
    client.post(reverse("switch_language"), {"language": "cy", "next": "/cy/"}, **SAME_SITE)
    signed_in_member.refresh_from_db()
    assert signed_in_member.preferred_language == "cy"
    client.post(
        reverse("switch_language"),
        {"language": "en-gb", "next": "/"},
        HTTP_REFERER="http://testserver/cy/events/",
    )
    signed_in_member.refresh_from_db()
    assert signed_in_member.preferred_language == "en-gb"


def test_another_site_cannot_change_a_members_language(client, signed_in_member, home_page):
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {}):
        response = client.post(
            reverse("switch_language"), {"language": "cy", "next": "/cy/"}, **headers
        )
        assert response["Location"] == "/cy/"  # still switches the page
        signed_in_member.refresh_from_db()
        assert signed_in_member.preferred_language == "en-gb"


def test_pages_set_no_csrf_cookie_for_the_switcher(client, home_page):
    response = client.get("/events/")
    assert 'class="language-switcher"' in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_switcher_refuses_unknown_languages_and_offsite_next(client, signed_in_member, home_page):
    response = client.post(
        reverse("switch_language"),
        {"language": "xx", "next": "https://evil.example/"},
        **SAME_SITE,
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    signed_in_member.refresh_from_db()
    assert signed_in_member.preferred_language == "en-gb"
    assert client.get(reverse("switch_language")).status_code == 405


def test_switcher_works_for_visitors(client, home_page):
    response = client.post(reverse("switch_language"), {"language": "cy", "next": "/cy/events/"})
    assert response["Location"] == "/cy/events/"


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_hreflang_alternates_on_views_and_pages(client, content):
    links = hreflangs(client.get("/events/").content.decode())
    assert links == {
        "en-GB": "http://testserver/events/",
        "cy": "http://testserver/cy/events/",
        "x-default": "http://testserver/events/",
    }
    guide = content["guide"]
    links = hreflangs(client.get("/cy" + guide.url).content.decode())
    assert links["en-GB"] == "http://testserver" + guide.url
    assert links["cy"] == "http://testserver/cy" + guide.url


def welsh_tree(home_page, guide):
    """A Welsh home page and guidance index, and a Welsh translation of ``guide``."""
    from wagtail.models import Locale

    welsh = Locale.objects.get(language_code="cy")
    home_cy = home_page.copy_for_translation(welsh)
    home_cy.title = "Cymuned cyfranogiad y cyhoedd"
    home_cy.save_revision().publish()
    index_cy = guide.get_parent().specific.copy_for_translation(welsh)
    index_cy.title = "Canllawiau"
    index_cy.save_revision().publish()
    guide_cy = guide.copy_for_translation(welsh)
    guide_cy.title = "Cynnal panel dinasyddion"
    guide_cy.save_revision().publish()
    return home_cy, index_cy, guide_cy


def test_welsh_translation_is_served_and_linked(client, content, home_page):
    guide = content["guide"]
    _home_cy, _index_cy, guide_cy = welsh_tree(home_page, guide)
    assert guide_cy.url == "/cy" + guide.url
    html = client.get(guide_cy.url).content.decode()
    assert "Cynnal panel dinasyddion" in html
    assert "not yet available" not in html
    assert "ar gael yn Gymraeg eto" not in html
    assert hreflangs(html)["cy"] == "http://testserver" + guide_cy.url
    assert hreflangs(html)["en-GB"] == "http://testserver" + guide.url
    english = client.get(guide.url).content.decode()
    assert switcher(english)["next"] == guide_cy.url
    assert switcher(html)["next"] == guide.url


def test_untranslated_page_under_welsh_home_falls_back_with_a_welsh_notice(
    client, content, home_page
):
    guide = content["guide"]
    welsh_tree(home_page, guide)
    study = content["case_study"]  # no Welsh case-study index or case study
    response = client.get("/cy" + study.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_lang(html) == "cy"
    assert study.title.replace("'", "&#x27;") in html
    assert "ar gael yn Gymraeg eto" in html
    assert f'<a href="{study.url}" hreflang="en-GB">' in html
    assert '<div lang="en-GB">' in html
    # A page that exists in neither tree is still a 404.
    assert client.get("/cy/case-studies/no-such-study/").status_code == 404
    # The English page itself has no notice.
    assert "ar gael yn Gymraeg eto" not in client.get(study.url).content.decode()
