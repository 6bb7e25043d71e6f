"""Welsh pages link to Welsh pages (core.i18n.localised_url, the {% localurl %} tag):
navigation, site name, breadcrumbs, cards, the guidance index and the home page's cards; and the
interface words that were left in English (docs/welsh.md, "Links on Welsh pages").

The whole demo is crawled by tests/i18n/test_welsh_crawl.py; these are the rules one by one.
Tests marked "after the catalogue merge" assert Welsh for strings added with this change: they
pass once the lead merges /work/welsh/welsh-site.po into locale/cy.
"""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale, Site

from core.i18n import localised_url, path_in_language
from core.models import NavigationLink, NavigationSettings, SiteSettings
from tests.factories.casestudies import case_study, library_index
from tests.factories.guidance import guidance_index, guide_page

pytestmark = pytest.mark.django_db


def hrefs(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html, re.S)


@pytest.fixture
def welsh(home_page):
    """A Welsh home page and guidance index; one of two guides translated."""
    locale = Locale.objects.get(language_code="cy")
    guides = guidance_index(home=home_page)
    translated = guide_page(index=guides, title="Running a citizens' panel", slug="panel")
    english_only = guide_page(index=guides, title="Paying participants", slug="paying")
    home_cy = home_page.copy_for_translation(locale)
    home_cy.title = "Cymuned cyfranogiad y cyhoedd"
    home_cy.save_revision().publish()
    index_cy = guides.copy_for_translation(locale)
    index_cy.title = "Canllawiau"
    index_cy.save_revision().publish()
    guide_cy = translated.copy_for_translation(locale)
    guide_cy.title = "Cynnal panel dinasyddion"
    guide_cy.summary = "Sut i gynnwys y cyhoedd."
    guide_cy.save_revision().publish()
    study = case_study(library_index(home_page), title="Camden's data charter")
    return {
        "guide": translated,
        "guide_cy": guide_cy,
        "english_only": english_only,
        "case_study": study,
    }


def test_localised_url_leads_to_the_welsh_page_or_the_english_page_under_cy(welsh):
    with translation.override("cy"):
        assert localised_url(welsh["guide"]) == "/cy/guidance/panel/"  # its translation
        assert localised_url(welsh["english_only"]) == "/cy/guidance/paying/"
        assert localised_url(welsh["case_study"]) == f"/cy/case-studies/{welsh['case_study'].slug}/"
        assert localised_url("/events/") == "/cy/events/"
        assert localised_url("/") == "/cy/"
        assert localised_url("/case-studies/?sector=health#results") == (
            "/cy/case-studies/?sector=health#results"
        )
        assert localised_url("/cy/events/") == "/cy/events/"
        # Not pages people read in a language: unchanged.
        assert localised_url("/admin/") == "/admin/"
        assert localised_url("/events/calendar.ics") == "/cy/events/calendar.ics"
        assert localised_url("https://example.org/events/") == "https://example.org/events/"
        assert localised_url("mailto:hello@example.org") == "mailto:hello@example.org"
    with translation.override("en-gb"):
        assert localised_url(welsh["guide_cy"]) == "/guidance/panel/"
        assert localised_url(welsh["guide"]) == "/guidance/panel/"
        assert localised_url("/cy/events/") == "/events/"
    assert path_in_language("/events/", "cy") == "/cy/events/"


def test_the_template_tag_is_the_same_function(welsh, rf: RequestFactory):
    template = Template("{% load i18n_tags %}{% localurl page %} {% localurl '/members/' %}")
    with translation.override("cy"):
        html = template.render(Context({"page": welsh["english_only"], "request": rf.get("/")}))
    assert html == "/cy/guidance/paying/ /cy/members/"


def test_navigation_site_name_and_footer_are_welsh_on_welsh_pages(client, welsh, home_page):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Public participation community"
    settings.organisation_name_cy = "Cymuned cyfranogiad y cyhoedd"
    settings.footer_text = "<p>Funded by a foundation.</p>"
    settings.footer_text_cy = "<p>Wedi'i ariannu gan sefydliad.</p>"
    settings.save()
    nav = NavigationSettings.for_site(site)
    NavigationLink.objects.create(
        settings=nav, label="Guidance", label_cy="Canllawiau", link_url="/guidance/", sort_order=0
    )
    NavigationLink.objects.create(
        settings=nav, label="Case studies", label_cy="", link_page=library_index(home_page)
    )

    welsh_html = client.get("/cy/guidance/").content.decode()
    nav_html = re.search(r'<nav class="site-nav".*?</nav>', welsh_html, re.S).group(0)
    assert '<a href="/cy/guidance/" aria-current="page">Canllawiau</a>' in nav_html
    assert '<a href="/cy/case-studies/">Case studies</a>' in nav_html  # no Welsh label: English
    assert '<a class="site-header__brand" href="/cy/">Cymuned cyfranogiad y cyhoedd</a>' in (
        welsh_html
    )
    assert "| Cymuned cyfranogiad y cyhoedd</title>" in welsh_html
    assert "Wedi'i ariannu gan sefydliad." in welsh_html
    assert "Funded by a foundation." not in welsh_html

    english_html = client.get("/guidance/").content.decode()
    assert '<a href="/guidance/" aria-current="page">Guidance</a>' in english_html
    assert '<a class="site-header__brand" href="/">Public participation community</a>' in (
        english_html
    )
    assert "Funded by a foundation." in english_html


def test_breadcrumbs_on_a_welsh_page_lead_to_welsh_pages(client, welsh):
    html = client.get("/cy/guidance/paying/").content.decode()  # English guide under /cy/
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert hrefs(crumbs, r'href="([^"]+)"') == ["/cy/", "/cy/guidance/"]
    assert ">Canllawiau</a>" in crumbs  # the Welsh index's title, not "Guidance"
    assert '<span aria-current="page" lang="en-GB">Paying participants</span>' in crumbs


def test_welsh_guidance_index_lists_english_only_guides_with_the_notice(client, welsh):
    html = client.get("/cy/guidance/").content.decode()
    assert "Cynnal panel dinasyddion" in html  # the translation
    assert "Running a citizens" not in html  # ... instead of its English original
    assert '<a href="/cy/guidance/paying/">Paying participants</a>' in html
    card = re.search(
        r'<li class="card">\s*<h3 class="card__title" lang="en-GB">.*?</li>', html, re.S
    )
    assert card and "Paying participants" in card.group(0)
    assert 'class="card__language-note"' in card.group(0)
    assert 'href="/guidance/' not in html
    # Searching the Welsh index finds a guide by its Welsh words.
    found = client.get("/cy/guidance/", {"q": "dinasyddion"}).content.decode()
    assert "Cynnal panel dinasyddion" in found
    assert "Paying participants" not in found


def test_english_home_shows_no_welsh_page_and_welsh_home_marks_english_ones(client, welsh):
    english = client.get("/").content.decode()
    assert "Running a citizens&#x27; panel" in english
    assert "Cynnal panel dinasyddion" not in english
    assert 'href="/cy/' not in english.split("<main", 1)[1]
    assert 'class="card__language-note"' not in english

    welsh_home = client.get("/cy/").content.decode()
    main = welsh_home.split("<main", 1)[1]
    assert "Cynnal panel dinasyddion" in main
    assert "Running a citizens" not in main
    assert '<a href="/cy/guidance/paying/">Paying participants</a>' in main
    english_card = re.search(
        r"<li class=\"card\">(?:(?!</li>).)*Paying participants.*?</li>", main, re.S
    )
    assert 'lang="en-GB"' in english_card.group(0)
    assert 'class="card__language-note"' in english_card.group(0)
    assert f'<a href="/cy/case-studies/{welsh["case_study"].slug}/">' in main
    assert not re.search(r'href="/(?!cy/)[a-z]', main), "an English link on the Welsh home page"


def test_rich_text_page_links_stay_welsh(welsh):
    from wagtail.rich_text import expand_db_html

    html = f'<p><a linktype="page" id="{welsh["english_only"].pk}">paying</a></p>'
    with translation.override("cy"):
        assert 'href="/cy/guidance/paying/"' in expand_db_html(html)
    with translation.override("en-gb"):
        assert 'href="/guidance/paying/"' in expand_db_html(html)


def test_search_group_names_are_real_plurals(client, welsh):
    """Django made "guides" by adding an s to the Welsh "Canllaw": "Canllaws (1)"."""
    from guidance.models import GuidePage

    with translation.override("cy"):
        assert not str(GuidePage._meta.verbose_name_plural).endswith("ws")
    html = client.get("/cy/search/", {"q": "panel"}).content.decode()
    assert "Canllaws" not in html


def test_welsh_sign_up_states_the_password_rules_in_welsh(client, home_page):
    """After the catalogue merge: Django's Welsh catalogue has no password rules; ours does."""
    html = client.get("/cy/accounts/signup/").content.decode()
    assert "Your password" not in html
    assert "Ni all eich cyfrinair fod yn gwbl rifol." in html
    assert "o leiaf 10 nod" in html


def test_welsh_plural_counts_after_the_catalogue_merge(client, welsh):
    """After the catalogue merge: counts use the Welsh plural forms (1, 2, 3-7...)."""
    html = client.get("/cy/search/", {"q": "panel"}).content.decode()
    assert '<h2 id="group-guidepage">Canllawiau <span class="meta">' in html
    counts = re.findall(r'<span class="meta">\((\d+) (\w+)\)</span>', html)
    assert counts
    for number, word in counts:  # Welsh: "1 canlyniad", "2 ganlyniad", "3 canlyniad"...
        assert word == ("ganlyniad" if number == "2" else "canlyniad"), (number, word)
