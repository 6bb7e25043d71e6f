"""The anonymous page cache (core/page_cache.py): a repeat visit is served without a
database query, and every change an anonymous visitor could see is there on the next request."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from casestudies.models import Method
from events.models import Meeting
from tests.factories.casestudies import case_study, library_index, method
from tests.factories.events import MeetingFactory
from tests.factories.guidance import chapter_page, guidance_index, guide_page
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index(home_page):
    return library_index(home_page)


def get(path, client=None):
    response = (client or Client()).get(path)
    assert response.status_code == 200, path
    return response


def test_a_repeat_anonymous_visit_is_served_from_the_cache_without_queries(
    index, django_assert_num_queries
):
    page = case_study(index, title="Citizens' jury on local buses", methods=("citizens-jury",))
    first = get("/case-studies/")
    assert "X-Page-Cache" not in first
    assert "Citizens&#x27; jury on local buses" in first.content.decode()
    with django_assert_num_queries(0):
        second = get("/case-studies/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Security headers are still added to a cached page.
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert "Cookie" in second["Vary"]
    assert "X-Page-Cache" not in get(page.url)  # the detail page: first visit renders it
    with django_assert_num_queries(0):
        assert get(page.url)["X-Page-Cache"] == "hit"


def test_publishing_a_case_study_shows_on_the_next_visit(index):
    case_study(index, title="Health panel")
    assert "Health panel" in get("/case-studies/").content.decode()
    assert get("/case-studies/")["X-Page-Cache"] == "hit"
    case_study(index, title="Transport assembly")  # published through Wagtail's revision
    response = get("/case-studies/")
    assert "X-Page-Cache" not in response
    assert "Transport assembly" in response.content.decode()


def test_editing_unpublishing_and_deleting_are_seen_at_once(index):
    page = case_study(index, title="Original title")
    url = page.url
    assert "Original title" in get(url).content.decode()
    assert get(url)["X-Page-Cache"] == "hit"

    page.title = "Corrected title"
    page.save_revision().publish()
    assert "Corrected title" in get(url).content.decode()
    assert "Corrected title" in get("/case-studies/").content.decode()

    page.unpublish()
    assert Client().get(url).status_code == 404
    assert "Corrected title" not in get("/case-studies/").content.decode()

    other = case_study(index, title="Short-lived")
    get(other.url)
    assert get(other.url)["X-Page-Cache"] == "hit"
    other.delete()
    assert Client().get(other.url).status_code == 404


def test_renaming_a_taxonomy_term_is_seen_at_once(index):
    method("citizens-assembly", name="Citizens' assembly")
    case_study(index, methods=("citizens-assembly",))
    assert "Citizens&#x27; assembly" in get("/case-studies/").content.decode()
    term = Method.objects.get(slug="citizens-assembly")
    term.name = "Citizens' assembly (national)"
    term.save()
    assert "Citizens&#x27; assembly (national)" in get("/case-studies/").content.decode()


def test_a_meeting_that_discussed_a_case_study_is_seen_at_once(index):
    page = case_study(index, title="Jury on AI in hospitals")
    get(page.url)
    assert get(page.url)["X-Page-Cache"] == "hit"
    meeting = MeetingFactory(title="March community meeting", starts_at=timezone.now())
    meeting.case_studies.add(page)
    assert "March community meeting" in get(page.url).content.decode()
    Meeting.objects.get(pk=meeting.pk).delete()
    assert "March community meeting" not in get(page.url).content.decode()


def test_query_strings_and_languages_are_cached_separately(index):
    case_study(index, title="Health panel", sector="health")
    case_study(index, title="Transport forum", sector="transport")
    everything = get("/case-studies/").content.decode()
    health = get("/case-studies/?sector=health").content.decode()
    assert "Transport forum" in everything and "Transport forum" not in health
    assert get("/case-studies/?sector=health")["X-Page-Cache"] == "hit"
    welsh = get("/cy/case-studies/")
    assert 'lang="cy"' in welsh.content.decode()
    assert "X-Page-Cache" not in welsh
    assert 'lang="en-GB"' in get("/case-studies/").content.decode()


def test_signed_in_members_always_get_a_fresh_page_and_never_fill_the_cache(index):
    case_study(index, title="Health panel")
    member = UserFactory(name="Mared Member")
    client = Client()
    client.force_login(member)
    for _ in range(2):
        response = get("/case-studies/", client)
        assert "X-Page-Cache" not in response
        assert "Your account" in response.content.decode()
    anonymous = get("/case-studies/")
    assert "X-Page-Cache" not in anonymous  # the member's page was not stored
    assert "Your account" not in anonymous.content.decode()
    assert "Sign in" in anonymous.content.decode()


def test_a_visitor_with_a_session_or_messages_cookie_is_not_served_from_the_cache(index):
    case_study(index)
    get("/case-studies/")
    assert get("/case-studies/")["X-Page-Cache"] == "hit"
    with_session = Client()
    with_session.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in get("/case-studies/", with_session)
    with_messages = Client()
    with_messages.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in get("/case-studies/", with_messages)


def test_a_page_with_a_form_is_never_cached(home_page):
    guide = guide_page(index=guidance_index(home=home_page), title="Running a citizens' jury")
    chapter = chapter_page(guide=guide, title="Recruiting jurors")
    first = get(chapter.url)
    assert "csrfmiddlewaretoken" in first.content.decode()  # the feedback form
    second = get(chapter.url)
    assert "X-Page-Cache" not in second


def test_the_cache_is_off_when_page_cache_seconds_is_zero(index, settings):
    settings.PAGE_CACHE_SECONDS = 0
    case_study(index)
    get("/case-studies/")
    assert "X-Page-Cache" not in get("/case-studies/")


def test_the_open_data_exports_are_cached_until_the_next_publish(index):
    case_study(index, title="Health panel", sector="health")
    first = get("/case-studies/data.csv?sector=health")
    assert "Health panel" in first.content.decode()
    again = get("/case-studies/data.csv?sector=health")
    assert again["X-Page-Cache"] == "hit"
    assert again["Content-Type"] == "text/csv; charset=utf-8"
    assert again["Content-Disposition"] == 'attachment; filename="case-studies.csv"'
    assert get("/case-studies/data.json")["Access-Control-Allow-Origin"] == "*"
    assert get("/case-studies/data.json")["X-Page-Cache"] == "hit"
    case_study(index, title="Hospital jury", sector="health")
    fresh = get("/case-studies/data.csv?sector=health")
    assert "X-Page-Cache" not in fresh
    assert "Hospital jury" in fresh.content.decode()


def test_non_page_views_are_not_cached_nor_looked_up(home_page, monkeypatch):
    from core import page_cache

    looked_up = []
    real_get, real_get_many = page_cache.cache.get, page_cache.cache.get_many
    monkeypatch.setattr(
        page_cache.cache, "get", lambda key, *a, **k: looked_up.append(key) or real_get(key, *a)
    )
    monkeypatch.setattr(
        page_cache.cache, "get_many", lambda keys: looked_up.extend(keys) or real_get_many(keys)
    )
    get("/events/")
    assert "X-Page-Cache" not in get("/events/")
    assert not [key for key in looked_up if key.startswith("page-cache:")]  # no round trip
    get("/")  # a Wagtail page (the home page does not opt in, but its URL is looked up)
    assert [key for key in looked_up if key.startswith("page-cache:")]


@pytest.mark.redis
def test_the_page_cache_works_on_redis_as_in_production(index, settings):
    """Production keeps the cache in Redis (one MGET per lookup); a key prefix of this test's
    own keeps parallel runs sharing the server apart."""
    import os
    import uuid

    import redis
    from django.core.cache import caches

    prefix = f"test-page-cache-{uuid.uuid4().hex}"
    settings.CACHES = {  # Django's setting_changed handler rebuilds the cache backends
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": prefix,
        }
    }
    assert type(caches["default"]).__name__ == "RedisCache"
    try:
        case_study(index, title="Health panel")
        get("/case-studies/")
        assert get("/case-studies/")["X-Page-Cache"] == "hit"
        case_study(index, title="Transport assembly")
        response = get("/case-studies/")
        assert "X-Page-Cache" not in response
        assert "Transport assembly" in response.content.decode()
    finally:
        server = redis.Redis.from_url(os.environ["REDIS_URL"])
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


def test_a_draft_or_autosave_keeps_the_cache_and_the_live_version_number(index):
    page = case_study(index, title="Live title")
    page.refresh_from_db()
    live_version = page.live_revision_id
    assert live_version is not None
    get(page.url)
    assert get(page.url)["X-Page-Cache"] == "hit"
    page.title = "Draft title"
    page.save_revision()  # what the editor's "Save draft" and autosave do
    response = get(page.url)
    assert response["X-Page-Cache"] == "hit"  # nothing the public sees changed
    assert "Draft title" not in response.content.decode()
    page.refresh_from_db()
    assert page.latest_revision_id != live_version
    with override_settings(PAGE_CACHE_SECONDS=0):
        fresh = get(page.url).content.decode()
    # The citation gives the live version's number: published once, so version 1 (a draft
    # saved since is no new version), never a revision id (issue 16, tests/casestudies).
    assert "Case study, version 1," in fresh and "Draft title" not in fresh
    assert f"version {page.latest_revision_id}," not in fresh


@pytest.mark.django_db(transaction=True)
def test_a_change_is_seen_after_its_transaction_commits(index):
    """The version is bumped again at commit: a page rendered from the old rows while the change
    was still uncommitted is not served afterwards (a real transaction, really committed)."""
    from core import page_cache

    page = case_study(index, title="Before")
    with transaction.atomic():
        Method.objects.create(slug="photovoice", name="Photovoice")
        version_inside = page_cache.page_cache_version()
        get(page.url)  # rendered (and stored) before the commit
        assert get(page.url)["X-Page-Cache"] == "hit"
    assert page_cache.page_cache_version() != version_inside
    assert "X-Page-Cache" not in get(page.url)


def test_a_cache_outage_serves_pages_without_it(index, monkeypatch):
    from core import page_cache

    case_study(index, title="Health panel")

    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("redis is down")

            return fail

    monkeypatch.setattr(page_cache, "cache", Down())  # only the page cache's own calls fail
    response = get("/case-studies/")
    assert "Health panel" in response.content.decode()
    assert "X-Page-Cache" not in response
    term = Method.objects.create(slug="deliberation", name="Deliberation")  # a save still works
    assert Method.objects.filter(pk=term.pk).exists()


def test_each_app_registers_the_models_that_discard_cached_pages():
    """Apps register their content models from AppConfig.ready(); the page cache names no app
    (DESIGN.md section 3: the ground never names the apps above it)."""
    from pathlib import Path

    from core import page_cache

    registered = page_cache.page_cache_content_models()
    assert {
        "casestudies.Method",
        "casestudies.OpenDataSettings",
        "community.Organisation",
        "events.Meeting",
        "events.MeetingSeries",
        "guidance.GuideAudience",
        "core.SiteSettings",
        "core.NavigationLink",
        "wagtailcore.Site",
        "taggit.Tag",
    } <= registered
    source = Path(page_cache.__file__).read_text(encoding="utf-8")
    for app in ("casestudies", "community", "events", "guidance"):
        assert f'"{app}' not in source, f"page_cache.py names the {app} app"


def test_saving_a_model_another_app_registered_discards_cached_pages(index):
    from community.models import Organisation
    from core import page_cache

    before = page_cache.page_cache_version()
    organisation = Organisation.objects.create(name="Registered by community")
    after_save = page_cache.page_cache_version()
    assert after_save != before
    organisation.delete()
    assert page_cache.page_cache_version() != after_save
