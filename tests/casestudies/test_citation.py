"""'Cite this case study' tells the truth (issue 16, point 7): the page's own version count, first
and latest publication, the community as author, the canonical URL; and the same facts as
BibTeX, RIS and CSL-JSON, each read back with an independent parser from PyPI."""

import datetime as dt
import json

import bibtexparser
import pytest
import rispy
import time_machine
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from wagtail.models import Site

from core.models import SiteSettings
from tests.factories.casestudies import case_study

pytestmark = pytest.mark.django_db

COMMUNITY = "Public Participation Community of Practice"
# Braces, an ampersand, a percent sign, a hash, an underscore, a dollar and Welsh letters.
TRICKY_TITLE = "Data & AI {panels}: 100% of Ŵyr Môn\u2019s #1 plan_b $5"
FIRST = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)
SECOND = dt.datetime(2026, 3, 10, 15, 30, tzinfo=dt.UTC)


@pytest.fixture
def community(home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = COMMUNITY
    settings.save()
    return settings


def cite_section(html: str) -> str:
    return html.split('id="cite-heading"', 1)[1].split("</section>", 1)[0]


def _publish_twice(library, **kwargs):
    """A case study published on 5 January 2026 and again on 10 March 2026."""
    with time_machine.travel(FIRST, tick=False):
        page = case_study(library, **kwargs)
    page.refresh_from_db()  # as the admin's edit form loads it
    with time_machine.travel(SECOND, tick=False):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_new_case_study_is_version_1_whatever_the_revision_ids(client, library, community):
    for n in range(3):  # other pages' revisions push the global revision ids up
        case_study(library, title=f"Earlier {n}")
    page = case_study(library, title="Brand new", organisation="Legal Aid Agency")
    page.refresh_from_db()
    assert page.live_revision_id > 1

    cite = cite_section(client.get(page.url).content.decode())

    assert "Case study, version 1," in cite
    assert "<dt>Version</dt><dd>1</dd>" in cite
    assert f"version {page.live_revision_id}," not in cite


def test_publishing_again_makes_version_2_with_first_and_latest_dates(client, library, community):
    page = _publish_twice(library, title="Camden data charter")

    cite = cite_section(client.get(page.url).content.decode())

    assert "Case study, version 2, first published 5 January 2026, updated 10 March 2026" in cite
    assert "<dt>Version</dt><dd>2</dd>" in cite
    assert '<time datetime="2026-01-05T10:00:00+00:00">5 January 2026</time>' in cite
    assert '<time datetime="2026-03-10T15:30:00+00:00">10 March 2026, 15:30 GMT</time>' in cite


def test_the_author_is_the_community_not_the_organisation_studied(client, library, community):
    page = case_study(library, title="Legal aid claims", organisation="Legal Aid Agency")

    cite = cite_section(client.get(page.url).content.decode())

    assert f'<p class="cite__text">{COMMUNITY}. “Legal aid claims”.' in cite
    assert "Legal Aid Agency" not in cite
    assert f"<dt>Author</dt><dd>{COMMUNITY}</dd>" in cite


def test_the_address_is_the_canonical_absolute_url(client, library, community, settings):
    page = case_study(library, title="Canonical")
    html = client.get(page.url).content.decode()
    url = f"{settings.SITE_URL}/case-studies/{page.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<a href="{url}">{url}</a>' in cite_section(html)


def test_the_citation_box_links_the_three_downloads(client, library, community):
    page = case_study(library, title="Linked")
    cite = cite_section(client.get(page.url).content.decode())
    for name in ("cite.bib", "cite.ris", "cite.json"):
        assert f'href="{name}"' in cite  # relative to the page: /case-studies/<slug>/cite.bib
        assert client.get(f"{page.url}{name}").status_code == 200


def _download(client, page, name: str, media_type: str) -> str:
    response = client.get(f"{page.url}{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type}; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{page.slug}.{name.rsplit(".", 1)[1]}"'
    )
    return response.content.decode("utf-8")


def test_bibtex_download_parses_with_bibtexparser(client, library, community, settings):
    page = _publish_twice(library, title=TRICKY_TITLE, organisation="Legal Aid Agency")
    text = _download(client, page, "cite.bib", "application/x-bibtex")

    parsed = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])

    assert parsed.failed_blocks == []
    [entry] = parsed.entries
    fields = {field.key: field.value for field in entry.fields}
    assert entry.entry_type == "online"
    assert fields["title"] == TRICKY_TITLE
    assert fields["author"] == COMMUNITY
    assert fields["url"] == f"{settings.SITE_URL}/case-studies/{page.slug}/"
    assert fields["date"] == "2026-01-05" and fields["year"] == "2026"
    assert fields["version"] == "2"
    assert "updated 2026-03-10" in fields["note"]
    assert "Legal Aid Agency" not in text


def test_ris_download_parses_with_rispy(client, library, community, settings):
    page = _publish_twice(library, title=TRICKY_TITLE)
    text = _download(client, page, "cite.ris", "application/x-research-info-systems")

    [entry] = rispy.loads(text)

    assert entry["type_of_reference"] == "ELEC"
    assert entry["title"] == TRICKY_TITLE
    assert entry["authors"] == [COMMUNITY]
    assert entry["urls"] == [f"{settings.SITE_URL}/case-studies/{page.slug}/"]
    assert entry["year"] == "2026" and entry["date"] == "2026/01/05"
    assert entry["edition"] == "2"
    assert "updated 2026-03-10" in entry["notes"][0]


def test_csl_json_download_is_read_and_rendered_by_citeproc(client, library, community, settings):
    page = _publish_twice(library, title=TRICKY_TITLE)
    text = _download(client, page, "cite.json", "application/vnd.citationstyles.csl+json")
    url = f"{settings.SITE_URL}/case-studies/{page.slug}/"

    [item] = json.loads(text)
    assert item["type"] == "webpage"
    assert item["title"] == TRICKY_TITLE
    assert item["author"] == [{"literal": COMMUNITY}]
    assert item["URL"] == url
    assert item["issued"] == {"date-parts": [[2026, 1, 5]]}
    assert item["version"] == "2"

    source = CiteProcJSON(json.loads(text))
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    [rendered] = [str(entry) for entry in bibliography.bibliography()]
    assert rendered.startswith(f"{COMMUNITY} (2026) {TRICKY_TITLE}.")
    assert url in rendered


def test_downloads_work_under_the_welsh_prefix(client, library, community):
    page = case_study(library, title="Welsh reader")
    response = client.get(f"/cy{page.url}cite.ris")
    assert response.status_code == 200
    assert rispy.loads(response.content.decode())[0]["title"] == "Welsh reader"


def test_downloads_are_cached_for_anonymous_visitors_until_the_next_publication(
    client, library, community, settings
):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    page = case_study(library, title="Cached citation")
    page.refresh_from_db()
    assert "ET  - 1" in client.get(f"{page.url}cite.ris").content.decode()
    repeat = client.get(f"{page.url}cite.ris")
    assert repeat["X-Page-Cache"] == "hit"
    assert repeat["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    page.save_revision().publish()
    assert "ET  - 2" in client.get(f"{page.url}cite.ris").content.decode()
    cache.clear()


def test_citation_line_is_in_welsh_on_welsh_pages(client, library, community):
    """Runs green once /work/welsh/cite-search-home.po is merged into the catalogue."""
    page = case_study(library, title="Welsh citation")
    cite = cite_section(client.get(f"/cy{page.url}").content.decode())
    assert "Astudiaeth achos, fersiwn 1, cyhoeddwyd gyntaf" in cite
    assert 'href="cite.ris"' in cite  # relative: /cy/case-studies/<slug>/cite.ris
