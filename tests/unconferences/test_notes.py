"""Session notes: open when the session starts, registered participants only, markdown rendered
safely, history kept, attributed to "a former member" after deletion, and turned into a draft
case study in moderation with a link back."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from events.unconferences import services
from events.unconferences.enums import TopicStatus
from events.unconferences.models import NoteRevision, Session, SessionNotes
from tests.factories.unconferences import TopicFactory, make_grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(unconference, board):
    spaces, slots = make_grid(unconference, rooms=1, rounds=1)
    topic = TopicFactory(
        board=board, status=TopicStatus.ACCEPTED, title="Should we pay participants?"
    )
    return Session.objects.create(topic=topic, space=spaces[0], slot=slots[0])


def after_start(session):
    return time_machine.travel(session.slot.starts_at + dt.timedelta(minutes=5), tick=False)


def post_notes(client, session, body, base=""):
    url = f"{session.get_absolute_url()}notes/"
    return client.post(url, {"body": body, "base_revision": base})


def test_notes_refused_before_the_session_starts(client, session, registered_member):
    with time_machine.travel(session.slot.starts_at - dt.timedelta(minutes=30), tick=False):
        client.force_login(registered_member)
        response = post_notes(client, session, "Too early")
    assert response.status_code == 403
    assert "Notes open when the session starts" in response.content.decode()
    assert not SessionNotes.objects.exists()


def test_only_registered_participants_add_notes(client, session, unregistered, pending):
    with after_start(session):
        client.force_login(unregistered)
        assert post_notes(client, session, "Hello").status_code == 403
        client.force_login(pending)
        response = post_notes(client, session, "Hello")
    assert response.status_code == 403
    assert "waiting for an organiser" in response.content.decode()


def test_notes_rendered_safely_with_history(client, session, registered_member, other_member):
    with after_start(session):
        client.force_login(registered_member)
        assert (
            post_notes(
                client, session, "**Paid** <script>alert(1)</script> [x](javascript:alert(1))"
            ).status_code
            == 302
        )
        first = NoteRevision.objects.get()
        client.force_login(other_member)
        assert post_notes(client, session, "Second version", base=first.pk).status_code == 302
        # A save from a stale revision is refused (no lost edits).
        response = post_notes(client, session, "Stale", base=first.pk)
        assert response.status_code == 400
        assert "Someone else saved these notes" in response.content.decode()
        page = client.get(f"{session.get_absolute_url()}notes/history/").content.decode()
    assert NoteRevision.objects.count() == 2
    assert "<strong>Paid</strong>" in page
    assert "<script>" not in page
    assert 'href="javascript:' not in page
    html = services.markdown_to_html("<img src=x onerror=alert(1)> ![a](http://x/y.png)")
    assert "<img" not in html  # raw HTML is shown as text, images are not rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_notes_stay_after_the_author_deletes_their_account(client, session, registered_member):
    from core.data_rights import erasers

    with after_start(session):
        services.notes_save(
            session=session, author=registered_member, body="Kept for others", base_revision=None
        )
    for eraser in erasers().values():
        eraser(user=registered_member)
    registered_member.delete()
    revision = NoteRevision.objects.get()
    assert revision.author is None
    page = client.get(f"{session.get_absolute_url()}notes/history/").content.decode()
    assert "Kept for others" in page
    assert "a former member" in page


def ensure_moderation_workflow(page) -> None:
    """Wagtail's migrations add a "Moderators approval" workflow on the root page; a live-server
    test elsewhere in the suite may have flushed it, so make sure one applies."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    if page.get_workflow() is not None:
        return
    workflow = Workflow.objects.create(name="Moderators approval", active=True)
    task = GroupApprovalTask.objects.create(name="Moderators approval", active=True)
    task.groups.set(Group.objects.filter(name="Editors"))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())


def test_editor_turns_notes_into_a_draft_case_study_in_moderation(
    client, home_page, session, registered_member, editor
):
    from casestudies.models import CaseStudyIndexPage, CaseStudyPage

    ensure_moderation_workflow(home_page)
    index = CaseStudyIndexPage(title="Case studies", slug="case-studies")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    with after_start(session):
        services.notes_save(
            session=session,
            author=registered_member,
            body="We agreed to publish rates.",
            base_revision=None,
        )
    client.force_login(registered_member)
    response = client.post(f"{session.get_absolute_url()}case-study/")
    assert response.status_code == 403
    assert not CaseStudyPage.objects.exists()

    client.force_login(editor)
    response = client.post(f"{session.get_absolute_url()}case-study/")
    assert response.status_code == 302
    page = CaseStudyPage.objects.get()
    assert page.get_parent().specific == index
    assert not page.live
    assert page.title == "Should we pay participants?"
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    body = str(page.get_latest_revision_as_object().body)
    assert f"http://testserver{session.get_absolute_url()}" in body
    assert "We agreed to publish rates." in body
    assert SessionNotes.objects.get().case_study_page_id == page.pk
    with pytest.raises(ValidationError):
        services.notes_to_case_study(session=session, user=editor)  # only once
