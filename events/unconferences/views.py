"""Thin class-based views: unconference pages, the shared topic board views (mounted for an
unconference and for a meeting series' standing board), the schedule, sessions and notes, and
the organiser pages."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView, TemplateView

from community.permissions import OrganiserRequiredMixin, user_is_organiser
from core.confirmation import (
    ConfirmActionMixin,
    Confirmation,
    confirmation_response,
    is_confirmed,
)
from core.csv_export import csv_safe

from . import selectors, services
from .calendars import schedule_ics
from .enums import BoardKind, Phase, TopicStatus
from .forms import (
    DeclineForm,
    MergeForm,
    NotesForm,
    PlaceForm,
    RegistrationForm,
    SessionMoveForm,
    TakeUpForm,
    TopicForm,
)
from .models import Registration, Session, SessionNotes, Topic, TopicBoard, Unconference


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def refused(request, message: str, *, board=None, unconference=None):
    from django.template.response import TemplateResponse

    return TemplateResponse(
        request,
        "unconferences/refused.html",
        {"message": message, "board": board, "unconference": unconference},
        status=403,
    )


def unconference_board(unconference: Unconference) -> TopicBoard:
    return services.unconference_board_ensure(unconference=unconference)


class UnconferenceMixin:
    def dispatch(self, request, *args, **kwargs):
        self.unconference = get_object_or_404(Unconference, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unconference"] = self.unconference
        return context


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


class RegistrationView(LoginRequiredMixin, UnconferenceMixin, TemplateView):
    template_name = "unconferences/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = selectors.registration_for(
            unconference=self.unconference, user=self.request.user
        )
        context.setdefault("form", RegistrationForm(instance=registration))
        context["registration"] = registration
        return context

    def get(self, request, *args, **kwargs):
        from community.permissions import participation_refusal

        refusal = participation_refusal(request.user)
        if refusal:
            return refused(request, refusal, unconference=self.unconference)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "cancel" in request.POST:
            if not selectors.registration_for(unconference=self.unconference, user=request.user):
                messages.info(
                    request,
                    _("You were not registered for this unconference, so nothing changed."),
                )
                return redirect(self.unconference.get_absolute_url())
            services.registration_cancel(unconference=self.unconference, user=request.user)
            messages.success(request, _("Your registration was cancelled."))
            return redirect(self.unconference.get_absolute_url())
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                services.registration_save(
                    unconference=self.unconference, user=request.user, **form.cleaned_data
                )
            except services.Refused as exc:
                return refused(request, str(exc), unconference=self.unconference)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("You are registered. See you there!"))
                return redirect(self.unconference.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


# --- Topic boards (one implementation, two mounts) --------------------------------------------


class BoardMixin:
    """Resolves the board from the URL: /unconferences/<slug>/... or /topics/<slug>/..."""

    standing = False

    def dispatch(self, request, *args, **kwargs):
        if self.standing:
            self.board = get_object_or_404(
                TopicBoard.objects.select_related("meeting_series"),
                slug=kwargs["slug"],
                kind=BoardKind.STANDING,
            )
            self.unconference = None
        else:
            self.unconference = get_object_or_404(Unconference, slug=kwargs["slug"])
            self.board = unconference_board(self.unconference)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(board=self.board, unconference=self.unconference)
        return context

    def get_topic(self, pk: int) -> Topic:
        return get_object_or_404(Topic.objects.select_related("board"), pk=pk, board=self.board)

    def refuse(self, message: str):
        return refused(self.request, message, board=self.board, unconference=self.unconference)


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


class TopicFormMixin(LoginRequiredMixin, BoardMixin):
    template_name = "unconferences/topic_form.html"


class TopicProposeView(TopicFormMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        refusal = selectors.board_refusal(board=self.board, user=request.user, action="propose")
        if refusal:
            return self.refuse(refusal)
        return self.render_to_response(
            self.get_context_data(form=TopicForm(user=request.user), editing=False)
        )

    def post(self, request, *args, **kwargs):
        form = TopicForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                topic = services.topic_propose(
                    board=self.board, proposer=request.user, **form.cleaned_data
                )
            except services.Refused as exc:
                return self.refuse(str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you: your topic “%s” is on the board.") % topic)
                return redirect(self.board.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, editing=False))


class TopicEditView(TopicFormMixin, TemplateView):
    def _topic(self):
        topic = self.get_topic(self.kwargs["pk"])
        if topic.proposer_id != self.request.user.pk:
            raise Http404
        return topic

    def get(self, request, *args, **kwargs):
        topic = self._topic()
        # Say why before showing a form that can only fail (the POST refuses the same way).
        refusal = selectors.board_refusal(board=self.board, user=request.user, action="propose")
        if refusal:
            return self.refuse(refusal)
        if topic.status != TopicStatus.PROPOSED:
            return self.refuse(_("This topic has been moderated and can no longer be changed."))
        form = TopicForm(instance=topic, user=request.user)
        return self.render_to_response(self.get_context_data(form=form, editing=True, topic=topic))

    def post(self, request, *args, **kwargs):
        topic = self._topic()
        form = TopicForm(request.POST, instance=Topic.objects.get(pk=topic.pk), user=request.user)
        if form.is_valid():
            try:
                services.topic_edit(topic=topic, user=request.user, **form.cleaned_data)
            except services.Refused as exc:
                return self.refuse(str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your topic was updated."))
                return redirect(self.board.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, editing=True, topic=topic))


class TopicWithdrawView(LoginRequiredMixin, BoardMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        topic = self.get_topic(kwargs["pk"])
        if topic.proposer_id != request.user.pk:
            raise Http404
        try:
            services.topic_withdraw(topic=topic, user=request.user)
        except services.Refused as exc:
            return self.refuse(str(exc))
        messages.success(request, _("Your topic “%s” was withdrawn.") % topic)
        return redirect(self.board.get_absolute_url())


class VoteView(LoginRequiredMixin, BoardMixin, TemplateView):
    """Dot voting with plain forms: a ballot of per-topic selects, and add/remove buttons."""

    template_name = "unconferences/vote.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        counts, used = selectors.ballot_counts(board=self.board, user=user)
        votable = list(selectors.votable_topics(board=self.board))
        topics = selectors.topic_order_for(board=self.board, user=user, topics=votable)
        # Topics that left the ballot (taken up by a meeting) while holding this member's dots:
        # shown only with "Remove a dot", so the dots can be taken back.
        closed = list(
            Topic.objects.filter(board=self.board, pk__in=[pk for pk, n in counts.items() if n])
            .exclude(pk__in=[t.pk for t in votable])
            .select_related("taken_up_by_meeting")
            .order_by("pk")
        )
        limit = self.board.max_per_topic
        remaining = max(0, self.board.budget - used)
        rows = []
        for topic in topics:
            count = counts.get(topic.pk, 0)
            most = min(limit, count + remaining)  # only numbers that can be saved
            rows.append(
                {
                    "topic": topic,
                    "count": count,
                    "choices": range(0, most + 1),
                    "can_add": count < limit and remaining > 0,
                    "at_limit": count >= limit,
                }
            )
        closed_rows = [{"topic": t, "count": counts.get(t.pk, 0), "closed": True} for t in closed]
        context.update(
            closed_rows=closed_rows,
            rows=rows,
            used=used,
            budget=self.board.budget,
            remaining=remaining,
            limit=limit,
        )
        return context

    def get(self, request, *args, **kwargs):
        refusal = selectors.board_refusal(board=self.board, user=request.user, action="vote")
        if refusal:
            return self.refuse(refusal)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            if "add" in request.POST or "remove" in request.POST:
                key = "add" if "add" in request.POST else "remove"
                try:
                    topic_id = int(request.POST[key])
                except ValueError:
                    raise ValidationError(_("Choose a topic.")) from None
                topic = get_object_or_404(Topic, pk=topic_id, board=self.board)
                action = services.vote_add if key == "add" else services.vote_remove
                action(topic=topic, voter=request.user)
            else:
                counts = {}
                for name, value in request.POST.items():
                    if name.startswith("topic-"):
                        try:
                            counts[int(name.removeprefix("topic-"))] = int(value)
                        except ValueError:
                            raise ValidationError(_("Choose a number of dots.")) from None
                services.votes_save(board=self.board, voter=request.user, counts=counts)
        except services.Refused as exc:
            return self.refuse(str(exc))
        except ValidationError as exc:
            context = self.get_context_data(vote_error=_error_text(exc))
            return self.render_to_response(context, status=400)
        messages.success(request, _("Your votes were saved."))
        return redirect(self.board.vote_url)


class OrganiseTopicsView(OrganiserRequiredMixin, BoardMixin, TemplateView):
    template_name = "unconferences/organise_topics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        from django.db.models import Count, Sum

        context["topics"] = (
            Topic.objects.filter(board=self.board)
            .select_related("proposer", "merged_into", "taken_up_by_meeting")
            .annotate(dots=Sum("votes__count", default=0), voter_count=Count("votes"))
            .order_by("status", "-dots", "pk")
        )
        return context


class TopicModerateView(OrganiserRequiredMixin, BoardMixin, TemplateView):
    template_name = "unconferences/topic_moderate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.get_topic(self.kwargs["pk"])
        context["topic"] = topic
        context.setdefault("decline_form", DeclineForm())
        context.setdefault("merge_form", MergeForm(topic=topic))
        if not self.board.is_unconference:
            context.setdefault("take_up_form", TakeUpForm(topic=topic))
        return context

    @staticmethod
    def _action_refusal(topic: Topic, action: str | None) -> str | None:
        """Why ``action`` cannot change ``topic`` (the page does not offer it), or None."""
        if topic.status in (TopicStatus.MERGED, TopicStatus.WITHDRAWN):
            return _("A merged or withdrawn topic cannot be moderated.")
        already = {
            "accept": (TopicStatus.ACCEPTED, _("This topic is already accepted: nothing changed.")),
            "decline": (
                TopicStatus.DECLINED,
                _("This topic is already declined: nothing changed."),
            ),
            "hide": (TopicStatus.HIDDEN, _("This topic is already hidden: nothing changed.")),
        }
        if action in already and topic.status == already[action][0]:
            return already[action][1]
        if action == "merge" and topic.status not in (TopicStatus.PROPOSED, TopicStatus.ACCEPTED):
            return _("Only proposed or accepted topics can be merged.")
        return None

    def post(self, request, *args, **kwargs):
        topic = self.get_topic(kwargs["pk"])
        action = request.POST.get("action")
        forms = {}
        refusal = self._action_refusal(topic, action)
        if refusal:
            return self.render_to_response(self.get_context_data(action_error=refusal), status=400)
        try:
            if action == "accept":
                services.topic_accept(topic=topic, organiser=request.user)
            elif action == "hide":
                services.topic_hide(topic=topic, organiser=request.user)
            elif action == "decline":
                form = forms["decline_form"] = DeclineForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(**forms), status=400)
                if not is_confirmed(request):
                    return self._confirm_decline(topic, reason=form.cleaned_data["reason"])
                services.topic_decline(
                    topic=topic, organiser=request.user, reason=form.cleaned_data["reason"]
                )
            elif action == "merge":
                form = forms["merge_form"] = MergeForm(request.POST, topic=topic)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(**forms), status=400)
                if not is_confirmed(request):
                    return self._confirm_merge(topic, target=form.cleaned_data["target"])
                services.topic_merge(
                    duplicate=topic, target=form.cleaned_data["target"], organiser=request.user
                )
            elif action == "take_up" and not self.board.is_unconference:
                form = forms["take_up_form"] = TakeUpForm(request.POST, topic=topic)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(**forms), status=400)
                services.topic_take_up(
                    topic=topic, meeting=form.cleaned_data["meeting"], organiser=request.user
                )
            else:
                return self.render_to_response(
                    self.get_context_data(action_error=_("Choose an action.")), status=400
                )
        except ValidationError as exc:
            return self.render_to_response(
                self.get_context_data(action_error=_error_text(exc), **forms), status=400
            )
        messages.success(request, _("Topic “%s” updated.") % topic)
        return redirect(self.board.organise_url)

    def _proposer_text(self, topic: Topic) -> str:
        if topic.proposer is None:
            return _("Nobody will be e-mailed: the account of the proposer no longer exists.")
        return _("The proposer, %(name)s, will be e-mailed.") % {
            "name": topic.proposer.name or topic.proposer.email
        }

    def _votes_text(self, topic: Topic) -> str:
        dots = sum(topic.votes.values_list("count", flat=True))
        return ngettext(
            "The %(count)s dot on it goes back to the member who gave it.",
            "The %(count)s dots on it go back to the members who gave them.",
            dots,
        ) % {"count": dots}

    def _confirm_decline(self, topic: Topic, *, reason: str):
        consequences = [
            _("“%(title)s” will be declined and taken off the ballot.") % {"title": topic.title},
            _("They will be told this reason: “%(reason)s”") % {"reason": reason},
            self._votes_text(topic),
        ]
        if hasattr(topic, "session"):
            consequences.append(_("Its session is removed from the working schedule."))
        return confirmation_response(
            self.request,
            Confirmation(
                title=_("Decline “%(title)s”?") % {"title": topic.title},
                consequences=consequences,
                recipients=self._proposer_text(topic),
                confirm_label=_("Yes, decline the topic"),
                back_url=topic.moderate_url,
                hidden={"action": "decline", "reason": reason},
            ),
        )

    def _confirm_merge(self, topic: Topic, *, target: Topic):
        consequences = [
            _("“%(title)s” will be merged into “%(target)s” and taken off the ballot.")
            % {"title": topic.title, "target": target.title},
            _(
                "Its dots move to “%(target)s” (a member who voted for both keeps at most the "
                "per-topic maximum) and its proposer and co-facilitators become co-facilitators "
                "of “%(target)s”."
            )
            % {"target": target.title},
        ]
        if hasattr(topic, "session"):
            consequences.append(_("Its session is removed from the working schedule."))
        return confirmation_response(
            self.request,
            Confirmation(
                title=_("Merge “%(title)s” into “%(target)s”?")
                % {"title": topic.title, "target": target.title},
                consequences=consequences,
                recipients=self._proposer_text(topic),
                confirm_label=_("Yes, merge the topics"),
                back_url=topic.moderate_url,
                hidden={"action": "merge", "target": str(target.pk)},
            ),
        )


# --- Schedule, sessions, notes -----------------------------------------------------------------


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


class MySessionsIcsView(LoginRequiredMixin, UnconferenceMixin, View):
    def get(self, request, *args, **kwargs):
        sessions = selectors.sessions_of_member(unconference=self.unconference, user=request.user)
        body = schedule_ics(
            unconference=self.unconference,
            sessions=sessions,
            name=_("My sessions: %(title)s") % {"title": self.unconference.title},
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.unconference.slug}-my-sessions.ics"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class SessionMixin(UnconferenceMixin):
    def get_session(self) -> Session:
        return get_object_or_404(
            Session.objects.select_related("topic", "topic__proposer", "space", "slot"),
            topic_id=self.kwargs["topic_id"],
            slot__unconference=self.unconference,
        )


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


class SessionNotesView(LoginRequiredMixin, SessionMixin, TemplateView):
    template_name = "unconferences/session.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        form = NotesForm(request.POST)
        if form.is_valid():
            try:
                services.notes_save(
                    session=session,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    base_revision=form.cleaned_data["base_revision"],
                )
            except services.Refused as exc:
                return refused(request, str(exc), unconference=self.unconference)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The notes were saved."))
                return redirect(session.get_absolute_url())
        view = SessionView(request=request, kwargs=self.kwargs, args=self.args)
        view.unconference = self.unconference
        return view.render_to_response(view.get_context_data(form=form), status=400)


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


class SessionCaseStudyView(LoginRequiredMixin, SessionMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        if not selectors.user_can_make_drafts(request.user):
            return refused(
                request,
                _("Only editors can turn notes into a case study."),
                unconference=self.unconference,
            )
        try:
            page = services.notes_to_case_study(session=session, user=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(session.get_absolute_url())
        messages.success(
            request, _("A draft case study “%s” was created and submitted for review.") % page.title
        )
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


# --- Organiser pages ---------------------------------------------------------------------------


class OrganiseView(OrganiserRequiredMixin, UnconferenceMixin, TemplateView):
    template_name = "unconferences/organise.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        uc = self.unconference
        sessions = list(selectors.sessions_for(unconference=uc))
        spaces = list(uc.spaces.all())
        slots = list(uc.slots.all())
        cells = {(s.slot_id, s.space_id): s for s in sessions}
        now = timezone.now()
        context.update(
            board=unconference_board(uc),
            spaces=spaces,
            rows=[
                {"slot": slot, "cells": [cells.get((slot.pk, sp.pk)) for sp in spaces]}
                for slot in slots
            ],
            frozen={s.pk for s in sessions if selectors.session_is_frozen(session=s, now=now)},
            unplaced=Topic.objects.filter(
                board__unconference=uc, status=TopicStatus.ACCEPTED, session__isnull=True
            ),
            registrations=uc.registrations.count(),
            release=selectors.release_latest(unconference=uc),
            place_form=kwargs.get("place_form") or PlaceForm(unconference=uc),
            publish_problem=_publish_problem(uc),
            last_run=self.request.session.pop(f"unconf-run-{uc.pk}", None),
        )
        return context


class ScheduleRunView(OrganiserRequiredMixin, UnconferenceMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        result = services.schedule_run(unconference=self.unconference)
        request.session[f"unconf-run-{self.unconference.pk}"] = {
            "placed": len(result.placements),
            "unplaced": len(result.unplaced),
            "voter_clashes": result.voter_clashes,
            "facilitator_clashes": result.facilitator_clashes,
        }
        placed = ngettext(
            "%(count)s session placed", "%(count)s sessions placed", len(result.placements)
        ) % {"count": len(result.placements)}
        clashes = ngettext(
            "%(count)s voter clash", "%(count)s voter clashes", result.voter_clashes
        ) % {"count": result.voter_clashes}
        messages.success(
            request,
            _("Scheduler ran: %(placed)s, %(clashes)s.") % {"placed": placed, "clashes": clashes},
        )
        return redirect("unconferences:organise", slug=self.unconference.slug)


def _publish_preview(uc: Unconference):
    """The latest release and the changes the working schedule makes to it."""
    previous = selectors.release_latest(unconference=uc)
    changes = services.schedule_diff(
        previous=previous.snapshot if previous else None,
        current=services.schedule_snapshot(unconference=uc),
    )
    return previous, changes


def _publish_problem(uc: Unconference) -> str | None:
    """Why publishing now can only fail (the organise page says so instead of a button)."""
    if not uc.phase_at_least(Phase.SCHEDULING):
        return _("Publish the schedule after voting has closed.")
    previous, changes = _publish_preview(uc)
    if previous and not changes:
        return _(
            "Nothing has changed since version %(number)s was published, so there is "
            "nothing to publish."
        ) % {"number": previous.number}
    return None


class SchedulePublishView(OrganiserRequiredMixin, UnconferenceMixin, ConfirmActionMixin, View):
    """GET (or an unconfirmed POST) says what publishing does and who is e-mailed; a POST with
    confirm=yes publishes one new version."""

    def _preview(self):
        return _publish_preview(self.unconference)

    def already_done(self):
        uc = self.unconference
        problem = _publish_problem(uc)
        if problem is None:
            return None
        messages.error(self.request, problem)
        return redirect("unconferences:organise", slug=uc.slug)

    def get_confirmation(self):
        uc = self.unconference
        previous, changes = self._preview()
        number = previous.number + 1 if previous else 1
        people = uc.registrations.count()
        consequences = [
            _("Version %(number)s of the schedule will be published on the public schedule page.")
            % {"number": number}
        ]
        if previous:
            consequences.append(
                ngettext(
                    "It has %(count)s change from version %(previous)s.",
                    "It has %(count)s changes from version %(previous)s.",
                    len(changes),
                )
                % {"count": len(changes), "previous": previous.number}
            )
        if people:
            recipients = ngettext(
                "%(count)s registered participant will be e-mailed.",
                "%(count)s registered participants will be e-mailed.",
                people,
            ) % {"count": people}
        else:
            recipients = _("Nobody has registered yet, so nobody will be e-mailed.")
        return Confirmation(
            title=_("Publish version %(number)s of the schedule for %(title)s?")
            % {"number": number, "title": uc.title},
            consequences=consequences,
            recipients=recipients,
            confirm_label=_("Yes, publish the schedule"),
            back_url=reverse("unconferences:organise", kwargs={"slug": uc.slug}),
        )

    def perform(self):
        try:
            release = services.schedule_publish(
                unconference=self.unconference, user=self.request.user
            )
        except ValidationError as exc:
            messages.error(self.request, _error_text(exc))
        else:
            messages.success(
                self.request, _("Version %s of the schedule is published.") % release.number
            )
        return redirect("unconferences:organise", slug=self.unconference.slug)


class SessionPlaceView(OrganiserRequiredMixin, UnconferenceMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = PlaceForm(request.POST, unconference=self.unconference)
        if form.is_valid():
            try:
                session = services.session_place(
                    topic=form.cleaned_data["topic"],
                    space=form.cleaned_data["space"],
                    slot=form.cleaned_data["slot"],
                )
                if form.cleaned_data["locked"]:
                    services.session_set_locked(session=session, locked=True)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Session placed."))
                return redirect("unconferences:organise", slug=self.unconference.slug)
        view = OrganiseView(request=request, kwargs=self.kwargs, args=self.args)
        view.unconference = self.unconference
        return view.render_to_response(view.get_context_data(place_form=form), status=400)


class SessionEditView(OrganiserRequiredMixin, SessionMixin, TemplateView):
    """Move (or swap) a session and lock or unlock it."""

    template_name = "unconferences/organise_session.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        context["session"] = session
        context.setdefault(
            "form",
            SessionMoveForm(
                unconference=self.unconference,
                initial={"space": session.space, "slot": session.slot, "locked": session.locked},
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        form = SessionMoveForm(request.POST, unconference=self.unconference)
        if form.is_valid():
            try:
                with transaction.atomic():
                    space, slot = form.cleaned_data["space"], form.cleaned_data["slot"]
                    if (space.pk, slot.pk) != (session.space_id, session.slot_id):
                        session = services.session_move(session=session, space=space, slot=slot)
                    services.session_set_locked(session=session, locked=form.cleaned_data["locked"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Session updated."))
                return redirect("unconferences:organise", slug=self.unconference.slug)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RegistrationsView(OrganiserRequiredMixin, UnconferenceMixin, TemplateView):
    template_name = "unconferences/organise_registrations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registrations"] = (
            Registration.objects.filter(unconference=self.unconference)
            .select_related("user")
            .order_by("user__name")
        )
        return context


class RegistrationsCsvView(OrganiserRequiredMixin, UnconferenceMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.unconference.slug}-registrations.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        writer.writerow(
            [
                "name",
                "email",
                "access_needs",
                "dietary_needs",
                "photo_consent",
                "travel_bursary",
                "travel_bursary_reason",
                "registered_at",
            ]
        )
        rows = Registration.objects.filter(unconference=self.unconference).select_related("user")
        for r in rows.order_by("user__name"):
            writer.writerow(
                [
                    csv_safe(v)
                    for v in (
                        r.user.name,
                        r.user.email,
                        r.access_needs,
                        r.dietary_needs,
                        "yes" if r.photo_consent else "no",
                        "yes" if r.travel_bursary else "no",
                        r.travel_bursary_reason,
                        r.created_at.isoformat(),
                    )
                ]
            )
        return response
