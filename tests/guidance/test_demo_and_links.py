import io

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from casestudies.enums import Sector
from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from core.demo_tools import welsh_translation
from guidance import demo
from guidance.enums import GuideStatus
from guidance.models import GuideChangeLogEntry, GuideChapterPage, GuidePage
from guidance.selectors import guides_citing_case_study
from tests.factories import guidance as g

pytestmark = pytest.mark.django_db


@pytest.fixture
def welsh_home(home_page):
    """The Welsh home page the roof's demo makes first: the guidance demo puts its Welsh index
    and the Wales toolkit in Welsh under it."""
    return welsh_translation(home_page, title="Cymuned cyfranogiad cyhoeddus")


def _case_study(home, slug="camden-participatory-procurement", title="Camden's Data Charter"):
    index = CaseStudyIndexPage.objects.child_of(home).first()
    if index is None:
        index = CaseStudyIndexPage(title="Case studies", slug="case-studies")
        home.add_child(instance=index)
        index.save_revision().publish()
    page = CaseStudyPage(title=title, slug=slug, summary="A case study.", sector=Sector.values[0])
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_demo_content_is_idempotent_and_matches_the_seeds(home_page, welsh_home):
    camden = _case_study(home_page)
    demo.load(stdout=io.StringIO())
    counts = (GuidePage.objects.count(), GuideChapterPage.objects.count())
    log_rows = GuideChangeLogEntry.objects.count()
    demo.load(stdout=io.StringIO())
    assert (GuidePage.objects.count(), GuideChapterPage.objects.count()) == counts
    assert GuideChangeLogEntry.objects.count() == log_rows

    titles = set(GuidePage.objects.values_list("title", flat=True))
    assert titles == {
        "Public participation in the procurement of data and AI systems",
        "Public engagement in developing official statistics",
        "Participation in data sharing through the National Data Library",
        # The Wales toolkit, in English and (its Welsh translation) in Welsh: docs/welsh.md.
        demo.WALES_GUIDE["title"],
        demo.WALES_GUIDE_CY["title"],
    }
    pilot = GuidePage.objects.get(status=GuideStatus.PILOT)
    assert pilot.change_log.count() >= 2
    assert GuideChapterPage.objects.child_of(pilot).count() == 7
    assert "TUC Cymru" in {o.name for o in pilot.partner_organisations.all()}
    assert list(pilot.related_case_studies.all()) == [camden]
    assert all(p.live for p in GuidePage.objects.all())


def test_demo_skips_missing_case_studies(home_page, welsh_home):
    demo.load(stdout=io.StringIO())
    assert not GuidePage.related_case_studies.through.objects.exists()


def test_case_study_page_lists_the_live_guides_that_cite_it(home_page):
    index = g.guidance_index(home=home_page)
    case_study = _case_study(home_page)
    other = _case_study(home_page, slug="hra-cag", title="Confidentiality Advisory Group")

    def cite(guide, *pages):
        guide.related_case_studies = list(pages)
        guide.save_revision().publish()
        return guide

    first = cite(g.guide_page(index=index, title="Procurement guide"), case_study)
    render_to_string("guidance/includes/related_guides.html", {"page": case_study})  # warm
    with CaptureQueriesContext(connection) as one:
        html = render_to_string("guidance/includes/related_guides.html", {"page": case_study})
    assert "Related guidance" in html
    assert f'<a href="{first.url}">Procurement guide</a>' in html

    cite(g.guide_page(index=index, title="Statistics guide"), case_study, other)
    cite(g.guide_page(index=index, title="Not citing"), other)
    hidden = cite(g.guide_page(index=index, title="Withdrawn guide"), case_study)
    hidden.unpublish()
    render_to_string("guidance/includes/related_guides.html", {"page": case_study})  # warm
    with CaptureQueriesContext(connection) as many:
        html = render_to_string("guidance/includes/related_guides.html", {"page": case_study})
    assert len(many) == len(one)
    assert "Statistics guide" in html
    assert "Not citing" not in html and "Withdrawn guide" not in html
    assert [p.title for p in guides_citing_case_study(case_study=case_study)] == [
        "Procurement guide",
        "Statistics guide",
    ]
    assert (
        render_to_string(
            "guidance/includes/related_guides.html", {"page": _case_study(home_page, slug="x")}
        ).strip()
        == ""
    )


def test_guide_page_links_to_the_case_studies_it_cites(client, home_page):
    index = g.guidance_index(home=home_page)
    case_study = _case_study(home_page)
    guide = g.guide_page(index=index, slug="cites")
    guide.related_case_studies = [case_study]
    guide.save_revision().publish()
    html = client.get("/guidance/cites/").content.decode()
    assert f'<a href="{case_study.url}">' in html
