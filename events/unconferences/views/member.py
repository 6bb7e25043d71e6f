"""Pages for signed-in members: registering for an unconference, proposing, editing and
withdrawing topics, dot voting, their own sessions' calendar, writing session notes, and (for
editors) turning notes into a draft case study."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from community.permissions import participation_refusal

from .. import selectors, services
from ..calendars import schedule_ics
from ..enums import TopicStatus
from ..forms import NotesForm, RegistrationForm, TopicForm
from ..models import Topic
from .public import SessionView
from .shared import BoardMixin, SessionMixin, UnconferenceMixin, error_text, refused


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
    """Dot voting like Decidim (issue 19 item 8): one "Add a dot" / "Remove a dot" control per
    topic, each press saved at once, and a "N dots left" counter that stays in view. Without
    JavaScript each press is a form post answered by a redirect back to the topic
    (``#topic-<id>``) with a status message; static/js/voting.js sends the same post with fetch
    and swaps in the page it is redirected to. A post of ``topic-<id>`` counts (the ballot form of
    earlier versions) still saves them all at once."""

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
            rows.append(
                {
                    "topic": topic,
                    "count": count,
                    "dots": range(count),
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
                ballot = action(topic=topic, voter=request.user)
                messages.success(request, self._press_message(key, topic, ballot))
                return redirect(f"{self.board.vote_url}#topic-{topic.pk}")
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
            context = self.get_context_data(vote_error=error_text(exc))
            return self.render_to_response(context, status=400)
        messages.success(request, _("Your votes were saved."))
        return redirect(self.board.vote_url)

    @staticmethod
    def _press_message(key: str, topic: Topic, ballot) -> str:
        """What one press did and what is left, e.g. "You added a dot to “Fair pay”. 2 dots
        left." (shown in the counter and announced there)."""
        left = max(0, ballot.budget - ballot.used)
        if key == "add":
            done = _("You added a dot to “%(title)s”.") % {"title": topic.title}
        else:
            done = _("You took a dot off “%(title)s”.") % {"title": topic.title}
        rest = ngettext("%(n)s dot left.", "%(n)s dots left.", left) % {"n": left}
        return f"{done} {rest}"


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
            messages.error(request, error_text(exc))
            return redirect(session.get_absolute_url())
        messages.success(
            request, _("A draft case study “%s” was created and submitted for review.") % page.title
        )
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
