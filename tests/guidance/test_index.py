import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.enums import Audience, GuideStatus
from tests.factories import guidance as g

pytestmark = pytest.mark.django_db


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_index_groups_guides_by_status(client, guidance_index):
    current = g.guide_page(index=guidance_index, title="Official statistics")
    g.guide_page(index=guidance_index, title="Procurement of AI", status=GuideStatus.PILOT)
    g.guide_page(
        index=guidance_index,
        title="Old statistics guide",
        status=GuideStatus.SUPERSEDED,
        superseded_by=current,
    )
    g.guide_page(index=guidance_index, title="Unpublished guide", live=False)
    html = client.get("/guidance/").content.decode()
    assert "Official statistics" in _section(html, "status-published")
    assert "Procurement of AI" in _section(html, "status-pilot")
    assert "Old statistics guide" in _section(html, "status-superseded")
    assert 'id="status-draft"' not in html
    assert "Unpublished guide" not in html
    assert html.index('id="status-published"') < html.index('id="status-superseded"')


def test_index_filters_by_audience_and_topic_without_javascript(client, guidance_index):
    g.guide_page(
        index=guidance_index,
        title="Procurement of AI",
        audience_slugs=[Audience.COMMISSIONERS, Audience.SERVICE_DESIGNERS],
        tags=["procurement"],
    )
    g.guide_page(
        index=guidance_index,
        title="Official statistics",
        audience_slugs=[Audience.STATISTICS_PRODUCERS],
        tags=["statistics"],
    )
    html = client.get("/guidance/", {"audience": Audience.STATISTICS_PRODUCERS}).content.decode()
    assert "Official statistics" in html and "Procurement of AI" not in html
    assert '<form method="get"' in html

    html = client.get("/guidance/", {"topic": "procurement"}).content.decode()
    assert "Procurement of AI" in html and "Official statistics" not in html

    html = client.get(
        "/guidance/", {"topic": "procurement", "audience": Audience.STATISTICS_PRODUCERS}
    ).content.decode()
    assert "No guides match" in html

    # an unknown value is a form error, not a 500, and filters nothing
    response = client.get("/guidance/", {"audience": "<script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Official statistics" in html and "Procurement of AI" in html


def test_search_finds_guides_by_their_text_and_their_chapters(client, guidance_index):
    procurement = g.guide_page(
        index=guidance_index,
        title="Procurement of AI",
        body=[g.paragraph("Residents sit on tender scoring panels.")],
    )
    statistics = g.guide_page(index=guidance_index, title="Official statistics")
    g.chapter_page(
        guide=statistics, title="Methods", body=[g.paragraph("Citizens juries and dialogue.")]
    )
    html = client.get("/guidance/", {"q": "tender"}).content.decode()
    assert procurement.title in html and "Official statistics" not in html
    html = client.get("/guidance/", {"q": "juries"}).content.decode()
    assert "Official statistics" in html and procurement.title not in html


def test_index_queries_are_constant_in_the_number_of_guides(client, guidance_index):
    def add(n):
        for _ in range(n):
            g.guide_page(
                index=guidance_index,
                audience_slugs=[Audience.COMMISSIONERS],
                tags=["procurement"],
            )

    add(1)
    client.get("/guidance/")
    with CaptureQueriesContext(connection) as one:
        client.get("/guidance/")
    add(6)
    client.get("/guidance/")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/guidance/").content.decode()
    assert html.count('class="card"') == 7
    assert len(many) == len(one)
