"""Demo content: the Wales procurement toolkit in English and Welsh, linked as translations."""

import io

import pytest
from wagtail.models import Locale

from guidance import demo
from guidance.models import GuidanceIndexPage, GuidePage
from participation import demo as site_demo
from participation.models import HomePage

pytestmark = pytest.mark.django_db


def test_wales_toolkit_is_in_both_languages_and_idempotent(client, home_page):
    site_demo.load(stdout=io.StringIO())  # the home page in both languages (the roof's demo)
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    welsh = Locale.objects.get(language_code="cy")
    english_guide = GuidePage.objects.get(
        slug=demo.WALES_GUIDE["slug"], locale__language_code="en-gb"
    )
    welsh_guide = english_guide.get_translation(welsh)
    assert welsh_guide.live
    assert welsh_guide.title == demo.WALES_GUIDE_CY["title"]
    assert GuidePage.objects.filter(slug=demo.WALES_GUIDE["slug"]).count() == 2
    assert HomePage.objects.filter(locale=welsh).count() == 1
    assert GuidanceIndexPage.objects.filter(locale=welsh).count() == 1

    html = client.get(welsh_guide.url).content.decode()
    assert welsh_guide.url == "/cy" + english_guide.url
    assert "Llais gweithwyr wrth gaffael" in html
    assert "Deddf Llesiant Cenedlaethau" in html
    assert f'hreflang="en-GB" href="http://testserver{english_guide.url}"' in html
    english = client.get(english_guide.url).content.decode()
    assert f'hreflang="cy" href="http://testserver{welsh_guide.url}"' in english
    # Other guides have no Welsh version yet: served in English with the Welsh notice.
    other = GuidePage.objects.exclude(slug=demo.WALES_GUIDE["slug"]).first()
    response = client.get("/cy" + other.url)
    assert response.status_code == 200
    assert "ar gael yn Gymraeg eto" in response.content.decode()


def test_editors_may_submit_translations():
    """The data migration grants it (run again here: a live-server test may have flushed the
    rows migrations made)."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    import_module("participation.migrations.0006_editors_translate").grant(apps, None)
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    ).exists()


def test_welsh_home_page_is_in_welsh(client, home_page):
    site_demo.load(stdout=io.StringIO())
    html = client.get("/cy/").content.decode()
    assert '<html lang="cy">' in html
    assert "Cymuned ymarfer" in html
    # The page itself is Welsh (no page-level fallback notice); cards for English-only guides
    # carry their own "not yet in Welsh" note.
    assert "dudalen hon ar gael yn Gymraeg eto" not in html
    assert "language-fallback" not in html
    assert 'hreflang="en-GB" href="http://testserver/"' in html
