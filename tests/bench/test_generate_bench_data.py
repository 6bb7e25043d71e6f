"""bench.generate: a small run builds a valid page tree and data for every app, served by the
real pages; it refuses to run twice and refuses a database not named for benchmarks."""

import io
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from wagtail.models import Page

from bench.generate.__main__ import main
from bench.generate.build import generate
from bench.generate.context import BenchDataError, Sizes
from bench.generate.pages import tree_check
from casestudies.enums import Sector
from casestudies.models import CaseStudyPage
from events.models import Meeting, Registration
from events.unconferences.models import ScheduleRelease, Session, Topic
from guidance.models import GuideChapterPage, GuidePage

pytestmark = pytest.mark.django_db

SMALL = Sizes(
    case_studies=24,
    members=30,
    organisations=8,
    meetings=6,
    registrations=60,
    topics=12,
    slots=3,
    spaces=2,
    guides=2,
    chapters=2,
    paragraphs=4,
)


@pytest.fixture
def generated(home_page):
    generate(sizes=SMALL, allow_any_database=True, out=io.StringIO())
    return home_page


def test_creates_data_for_every_app(generated):
    pages = CaseStudyPage.objects.live()
    assert pages.count() == 24
    # Facets spread over every value; every page has methods, stages, tags and a long body.
    assert set(pages.values_list("sector", flat=True)) == set(Sector.values)
    for page in pages[:5]:
        assert page.methods.exists()
        assert page.lifecycle_stages.exists()
        assert page.tagged_items.exists()
        assert len(page.body) >= 5
    assert get_user_model().objects.filter(email__endswith="@bench.example.org").count() == 30
    assert GuidePage.objects.live().count() == 2
    assert GuideChapterPage.objects.live().count() == 4
    assert Meeting.objects.filter(slug__startswith="bench-meeting-").count() == 6
    assert Registration.objects.count() == 60
    # Registrations were made before their meetings, not "now".
    for registration in Registration.objects.select_related("meeting")[:10]:
        assert registration.created_at < registration.meeting.starts_at
    assert Topic.objects.filter(board__slug="bench-unconference").count() == 12
    assert ScheduleRelease.objects.filter(unconference__slug="bench-unconference").exists()
    assert Session.objects.filter(slot__unconference__slug="bench-unconference").count() == 6
    # The search index was rebuilt after the bulk load.
    assert len(CaseStudyPage.objects.live().search("participation")) > 0


def test_bulk_pages_make_a_valid_tree_served_by_wagtail(generated, client):
    # One generation per test is slow-ish: this test also covers the second-run refusal.
    assert not any(Page.find_problems())
    index = CaseStudyPage.objects.first().get_parent()
    assert index.numchild == index.get_children().count() == 24
    page = CaseStudyPage.objects.live().order_by("path").last()
    assert page.url_path == f"{index.url_path}{page.slug}/"
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()
    assert client.get(index.url).status_code == 200
    chapter = GuideChapterPage.objects.live().first()
    assert client.get(chapter.url).status_code == 200
    assert client.get("/unconferences/bench-unconference/schedule/").status_code == 200
    # A page added the normal way after the bulk insert lands after the generated ones.
    extra = CaseStudyPage(title="Added by hand", slug="added-by-hand", summary="s", sector="other")
    index.add_child(instance=extra)
    assert extra.path > page.path
    assert not any(Page.find_problems())
    with pytest.raises(BenchDataError, match="already has bench data"):
        generate(sizes=SMALL, allow_any_database=True, out=io.StringIO())


def test_tree_check_finds_broken_paths(home_page):
    tree_check()  # a sound tree passes
    Page.objects.filter(pk=home_page.pk).update(numchild=home_page.numchild + 3)
    with pytest.raises(BenchDataError, match="wrong numchild"):
        tree_check()
    Page.objects.filter(pk=home_page.pk).update(numchild=home_page.numchild, depth=7)
    with pytest.raises(BenchDataError, match="depth does not match"):
        tree_check()


def test_refuses_a_database_not_named_for_benchmarks(db):
    with (
        mock.patch.dict(connection.settings_dict, {"NAME": "participation_dev"}),
        pytest.raises(BenchDataError, match="does not contain 'bench'"),
    ):
        generate(sizes=Sizes(case_studies=1, members=1), out=io.StringIO())


def test_the_command_line_refuses_too(db, capsys):
    # python -m bench.generate: the same refusal, as an error message and exit status 1.
    with (
        mock.patch.dict(connection.settings_dict, {"NAME": "participation_dev"}),
        pytest.raises(SystemExit) as exit_info,
    ):
        main(["--case-studies", "1", "--members", "1"])
    assert exit_info.value.code == 1
    assert "does not contain 'bench'" in capsys.readouterr().err
    assert not get_user_model().objects.filter(email__endswith="@bench.example.org").exists()
