"""generate_bench_data: a small run builds a valid page tree and data for every app, served by
the real pages; it refuses to run twice and refuses a database not named for benchmarks."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Page

pytestmark = pytest.mark.django_db

SMALL = {
    "case_studies": 24,
    "members": 30,
    "organisations": 8,
    "meetings": 6,
    "registrations": 60,
    "topics": 12,
    "slots": 3,
    "spaces": 2,
    "guides": 2,
    "chapters": 2,
    "paragraphs": 4,
    "allow_any_database": True,
    "stdout": None,
}


@pytest.fixture
def generated(home_page):
    import io

    call_command("generate_bench_data", **{**SMALL, "stdout": io.StringIO()})
    return home_page


def test_creates_data_for_every_app(generated):
    from django.contrib.auth import get_user_model

    from casestudies.enums import Sector
    from casestudies.models import CaseStudyPage
    from events.models import Meeting, Registration
    from events.unconferences.models import ScheduleRelease, Session, Topic
    from guidance.models import GuideChapterPage, GuidePage

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
    from casestudies.models import CaseStudyPage
    from guidance.models import GuideChapterPage

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
    with pytest.raises(CommandError, match="already has bench data"):
        call_command("generate_bench_data", **SMALL)


def test_tree_check_finds_broken_paths(home_page):
    from participation.management.commands.generate_bench_data import Command

    command = Command()
    command.check_tree()  # a sound tree passes
    Page.objects.filter(pk=home_page.pk).update(numchild=home_page.numchild + 3)
    with pytest.raises(CommandError, match="wrong numchild"):
        command.check_tree()
    Page.objects.filter(pk=home_page.pk).update(numchild=home_page.numchild, depth=7)
    with pytest.raises(CommandError, match="depth does not match"):
        command.check_tree()


def test_refuses_a_database_not_named_for_benchmarks(db):
    with (
        mock.patch.dict(connection.settings_dict, {"NAME": "participation_dev"}),
        pytest.raises(CommandError, match="does not contain 'bench'"),
    ):
        call_command("generate_bench_data", case_studies=1, members=1)
