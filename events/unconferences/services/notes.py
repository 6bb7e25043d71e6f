"""Session notes (markdown, with history) and turning them into a draft case study."""

from __future__ import annotations

import datetime as dt

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from casestudies.enums import Sector
from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from core.http import absolute_url

from ..models import NoteRevision, Session, SessionNotes
from ..selectors import notes_refusal, user_can_make_drafts
from .topics import Refused

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "hr",
}


def markdown_to_html(text: str) -> str:
    """Render member markdown, then sanitise (no raw HTML, no images, safe links only)."""
    html = _markdown.render(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )


@transaction.atomic
def notes_save(
    *,
    session: Session,
    author,
    body: str,
    base_revision: int | None,
    now: dt.datetime | None = None,
) -> SessionNotes:
    """Save a new version of a session's shared notes. ``base_revision`` is the revision the
    author started from; if someone saved in between, the save is refused (no lost edits)."""
    refusal = notes_refusal(session=session, user=author, now=now)
    if refusal:
        raise Refused(refusal)
    notes, _created = SessionNotes.objects.select_for_update().get_or_create(session=session)
    latest = notes.revisions.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    if latest != base_revision:
        raise ValidationError(
            _(
                "Someone else saved these notes while you were editing. Copy your text, reload "
                "the page and add it again."
            )
        )
    notes.body = body.strip()
    notes.full_clean()
    notes.save()
    NoteRevision.objects.create(notes=notes, body=notes.body, author=author)
    return notes


@transaction.atomic
def notes_to_case_study(*, session: Session, user):
    """Create a draft case study from the notes (a child of the live case study index, submitted
    to moderation) with a link back to the session."""
    if not user_can_make_drafts(user):
        raise Refused(_("Only editors can turn notes into a case study."))
    notes = SessionNotes.objects.select_for_update().filter(session=session).first()
    if notes is None or not notes.body:
        raise ValidationError(_("This session has no notes yet."))
    if notes.case_study_page_id:
        raise ValidationError(_("These notes already have a draft case study."))
    index = CaseStudyIndexPage.objects.live().first()
    if index is None:
        raise ValidationError(_("There is no published case study library to add a draft to."))
    topic = session.topic
    session_url = absolute_url(session)
    link = (
        f"<p>{escape(_('From the notes of the unconference session'))} "
        f'<a href="{escape(session_url)}">{escape(topic.title)}</a>.</p>'
    )
    page = CaseStudyPage(
        title=topic.title[:255],
        summary=(topic.description or topic.title)[:1000],
        sector=Sector.OTHER,
        live=False,
        body=[("paragraph", link + markdown_to_html(notes.body))],
        owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    notes.case_study_page = page
    notes.save(update_fields=["case_study_page", "updated_at"])
    return page
