"""Pages anyone may read, signed in or not: the unconferences, a topic board's list, the
published schedule and its change log, the schedule's calendar file, and a session with its
notes and their history."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import ListView, TemplateView

from community.permissions import user_is_organiser

from .. import selectors, services
from ..calendars import schedule_ics
from ..enums import Phase
from ..forms import NotesForm
from ..models import SessionNotes, Topic, Unconference
from .shared import BoardMixin, SessionMixin, UnconferenceMixin, unconference_board


class UnconferenceListView(ListView):
    template_name = "unconferences/unconference_list.html"
    context_object_name = "unconferences"

    def get_queryset(self):
        return Unconference.objects.order_by("-starts_at")


class UnconferenceDetailView(UnconferenceMixin, TemplateView):
    template_name = "unconferences/unconference_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        board = unconference_board(self.unconference)
        context.update(
            board=board,
            registration=selectors.registration_for(unconference=self.unconference, user=user),
            propose_refusal=selectors.board_refusal(board=board, user=user, action="propose"),
            vote_refusal=selectors.board_refusal(board=board, user=user, action="vote"),
            release=selectors.release_latest(unconference=self.unconference),
            is_organiser=user_is_organiser(user),
            topic_count=selectors.topics_visible(board=board).count(),
            Phase=Phase,
        )
        return context


class TopicListView(BoardMixin, TemplateView):
    template_name = "unconferences/topic_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = self.board
        show_totals = board.totals_visible
        topics = list(
            selectors.topics_with_totals(board=board)
            if show_totals
            else selectors.topics_visible(board=board)
        )
        if show_totals:
            topics.sort(key=lambda t: (-t.dots, t.pk))
        user = self.request.user
        context.update(
            topics=topics,
            show_totals=show_totals,
            propose_refusal=selectors.board_refusal(board=board, user=user, action="propose"),
            vote_refusal=selectors.board_refusal(board=board, user=user, action="vote"),
            my_topics=(
                list(Topic.objects.filter(board=board, proposer=user).order_by("-created_at"))
                if user.is_authenticated
                else []
            ),
            is_organiser=user_is_organiser(user),
        )
        return context


class ScheduleView(UnconferenceMixin, TemplateView):
    template_name = "unconferences/schedule.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        release = selectors.release_latest(unconference=self.unconference)
        context.update(release=release, grid=selectors.grid_from_release(release=release))
        return context


class ChangesView(UnconferenceMixin, TemplateView):
    template_name = "unconferences/changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["releases"] = selectors.releases_with_change_lines(unconference=self.unconference)
        return context


class ScheduleIcsView(UnconferenceMixin, View):
    def get(self, request, *args, **kwargs):
        if selectors.release_latest(unconference=self.unconference) is None:
            raise Http404
        sessions = selectors.sessions_for(unconference=self.unconference)
        body = schedule_ics(
            unconference=self.unconference, sessions=sessions, name=self.unconference.title
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.unconference.slug}.ics"'
        return response


class SessionView(SessionMixin, TemplateView):
    template_name = "unconferences/session.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        notes = SessionNotes.objects.filter(session=session).first()
        user = self.request.user
        latest = notes.revisions.first() if notes else None
        context.update(
            session=session,
            facilitators=[session.topic.proposer, *session.topic.co_facilitators.all()],
            notes=notes,
            notes_html=services.markdown_to_html(notes.body) if notes else "",
            latest_revision=latest,
            notes_refusal=selectors.notes_refusal(session=session, user=user),
            can_make_drafts=selectors.user_can_make_drafts(user),
        )
        context.setdefault(
            "form",
            NotesForm(
                initial={
                    "body": notes.body if notes else "",
                    "base_revision": getattr(latest, "pk", None),
                }
            ),
        )
        return context


class SessionNotesHistoryView(SessionMixin, TemplateView):
    template_name = "unconferences/notes_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        context["session"] = session
        notes = SessionNotes.objects.filter(session=session).first()
        context["revisions"] = (
            [
                {"revision": r, "html": services.markdown_to_html(r.body)}
                for r in notes.revisions.select_related("author")
            ]
            if notes
            else []
        )
        return context
