import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from community.permissions import EDITORS_GROUP
from guidance.enums import GuideStatus
from guidance.models import GuideAudience, GuideChapterPage, GuidePage
from tests.factories import guidance as g
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(email="editor@example.org")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(user)
    return user


def _add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def _guide_data(**overrides):
    data = {
        "title": "Participation in developing official statistics",
        "slug": "official-statistics",
        "summary": "How statistics producers involve the public.",
        "body": streamfield([("heading", {"text": "Where engagement fits", "level": "h2"})]),
        "status": GuideStatus.PILOT,
        "version": "0.9",
        "superseded_by": "",
        "published_date": "2026-01-12",
        "last_reviewed_date": "2026-01-12",
        "next_review_date": "2026-07-12",
        "change_log": inline_formset(
            [{"date": "2026-01-12", "version": "0.9", "summary": "First pilot version."}]
        ),
        "tags": "statistics, engagement",
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_a_guide_with_chapters_in_the_admin(client, editor, guidance_index):
    audience = GuideAudience.objects.get(slug="statistics-producers")
    data = _guide_data()
    data["audiences"] = [str(audience.pk)]
    del data["action-publish"]  # editors save drafts; moderators publish
    response = client.post(_add_url(GuidePage, guidance_index), data)
    assert response.status_code == 302, response.context["form"].errors
    guide = GuidePage.objects.get(slug="official-statistics")
    assert not guide.live
    assert guide.owner == editor
    draft = guide.get_latest_revision_as_object()
    assert (draft.status, draft.version) == (GuideStatus.PILOT, "0.9")
    assert [e.summary for e in draft.change_log.all()] == ["First pilot version."]
    assert list(draft.audiences.all()) == [audience]
    assert sorted(t.name for t in draft.tags.all()) == ["engagement", "statistics"]

    chapter_titles = ("The Code of Practice", "The public as users")
    for title in chapter_titles:
        chapter_data = nested_form_data(
            {
                "title": title,
                "slug": title.lower().replace(" ", "-"),
                "summary": "",
                "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
                "comments": inline_formset([]),
            }
        )
        response = client.post(_add_url(GuideChapterPage, guide), chapter_data)
        assert response.status_code == 302, response.context["form"].errors
    assert [c.title for c in GuideChapterPage.objects.child_of(guide)] == list(chapter_titles)

    # A moderator publishes the guide and its chapters from the admin.
    moderator = UserFactory(email="moderator@example.org")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[guide.pk]),
        _guide_data() | {"audiences": [str(audience.pk)]},
    )
    assert response.status_code == 302, response.context["form"].errors
    for chapter in GuideChapterPage.objects.child_of(guide):
        chapter.get_latest_revision().publish(user=moderator)

    html = client.get("/guidance/official-statistics/").content.decode()
    assert "1. The Code of Practice" in html
    assert "2. The public as users" in html
    assert 'href="#where-engagement-fits"' in html
    assert "we want your feedback" in html
    assert client.get("/guidance/official-statistics/the-code-of-practice/").status_code == 200


def test_chapters_only_go_under_guides(client, editor, guidance_index, home_page):
    response = client.get(_add_url(GuideChapterPage, guidance_index))
    assert response.status_code in {302, 403}
    assert not GuideChapterPage.objects.exists()
    assert GuidePage.allowed_subpage_models() == [GuideChapterPage]
    assert GuideChapterPage.allowed_parent_page_models() == [GuidePage]


def test_superseded_needs_the_replacing_guide(client, editor, guidance_index):
    response = client.post(
        _add_url(GuidePage, guidance_index), _guide_data(status=GuideStatus.SUPERSEDED)
    )
    assert response.status_code == 200
    assert "Choose the guide that replaces this one." in str(response.context["form"].errors)
    assert not GuidePage.objects.filter(slug="official-statistics").exists()

    current = g.guide_page(index=guidance_index, slug="current")
    response = client.post(
        _add_url(GuidePage, guidance_index),
        _guide_data(status=GuideStatus.SUPERSEDED, superseded_by=str(current.pk)),
    )
    assert response.status_code == 302
    assert GuidePage.objects.get(slug="official-statistics").superseded_by == current


def test_next_review_cannot_be_before_last_review(client, editor, guidance_index):
    response = client.post(
        _add_url(GuidePage, guidance_index),
        _guide_data(last_reviewed_date="2026-05-01", next_review_date="2026-04-30"),
    )
    assert response.status_code == 200
    assert "on or after the last review date" in str(response.context["form"].errors)


def test_feedback_admin_is_for_editors_and_moderators_only(client, guide):
    g.feedback(guide=guide, useful=True, comment="Helpful")
    g.feedback(guide=guide, useful=True)
    g.feedback(guide=guide, useful=False, comment="Too long")
    summary = reverse("guide_feedback_summary:index")
    listing = reverse("guide_feedback:index")

    for group in ("Editors", "Moderators"):
        user = UserFactory()
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        response = client.get(summary)
        assert response.status_code == 200, group
        row = response.content.decode().split(guide.title)[1]
        assert "<td>2</td><td>1</td><td>2</td><td>3</td>" in row.replace("\n", "")
        assert client.get(listing).status_code == 200
        # viewing only: no adding or deleting feedback
        assert client.get(reverse("guide_feedback:add")).status_code in {302, 403}

    organiser = UserFactory()
    organiser.groups.add(Group.objects.get(name="Organisers"))
    organiser.is_staff = True
    organiser.save()
    for user in (UserFactory(), organiser):
        client.force_login(user)
        for url in (summary, listing):
            response = client.get(url)
            assert response.status_code in {302, 403}
            assert "Too long" not in response.content.decode()


def test_feedback_csv_export(admin_client, guide):
    g.feedback(guide=guide, useful=False, comment="Needs, commas", contact_email="a@example.org")
    response = admin_client.get(reverse("guide_feedback:index") + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    header, row = body.strip().splitlines()[:2]
    assert "Guide" in header and "Version read" in header
    assert guide.title in row
    assert '"Needs, commas"' in row
    assert "1.2" in row


def test_feedback_csv_export_neutralises_formulas(admin_client, guide):
    g.feedback(guide=guide, comment='=HYPERLINK("http://evil.example","click")')
    response = admin_client.get(reverse("guide_feedback:index") + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert ',"=HYPERLINK' not in body and ",=HYPERLINK" not in body


def test_editor_can_preview_a_new_guide_and_chapter(client, editor, guide, guidance_index):
    for model, parent, data in (
        (GuidePage, guidance_index, _guide_data()),
        (
            GuideChapterPage,
            guide,
            nested_form_data(
                {
                    "title": "Draft chapter",
                    "slug": "draft-chapter",
                    "summary": "",
                    "body": streamfield([("heading", {"text": "A heading", "level": "h2"})]),
                    "comments": inline_formset([]),
                }
            ),
        ),
    ):
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        assert client.post(url, data).json()["is_valid"] is True
        response = client.get(url)
        assert response.status_code == 200, model
        assert 'href="#' in response.content.decode()  # contents list from the headings
