"""Organisers moderate a topic board: the list of every topic with its dots, and one topic's
moderation page.

The page's buttons post an ``action`` to the page's own URL. Each action is its own small view
(``MODERATION_ACTIONS``): the status that makes it a no-op, its form, its confirmation page
(decline and merge e-mail the proposer and move dots, so they are confirmed first) and the one
service it calls. ``TopicModerateView.post`` only looks the action up and hands the request on."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from community.permissions import OrganiserRequiredMixin
from core.confirmation import Confirmation, confirmation_response, is_confirmed

from .. import selectors, services
from ..console_forms import BulkModerationForm
from ..enums import TopicStatus
from ..forms import DeclineForm, MergeForm, TakeUpForm
from ..models import Topic
from .shared import BoardMixin, error_text


class OrganiseTopicsView(OrganiserRequiredMixin, BoardMixin, TemplateView):
    """Every topic of the board, filtered by status and a search word, with boxes to select
    topics and accept, decline (one reason) or merge them together (``TopicsBulkView``)."""

    template_name = "unconferences/organise_topics.html"

    def filters(self) -> tuple[str, str]:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        status = source.get("status", "")
        if status not in TopicStatus.values:
            status = ""
        return status, (source.get("q") or "").strip()[:100]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status, q = self.filters()
        topics = selectors.topics_to_moderate(board=self.board)
        if status:
            topics = topics.filter(status=status)
        if q:
            topics = topics.filter(
                Q(title__icontains=q) | Q(description__icontains=q) | Q(proposer__name__icontains=q)
            )
        form = kwargs.get("bulk_form") or BulkModerationForm(board=self.board)
        selected = {str(v) for v in (form.data.getlist("topics") if form.is_bound else [])}
        context.update(
            topics=topics,
            status=status,
            q=q,
            statuses=TopicStatus.choices,
            bulk_form=form,
            selected=selected,
            bulk_url=self.board._url("topics_bulk"),
        )
        return context


def _bulk_confirmation(board, form) -> Confirmation:
    data = form.cleaned_data
    topics, action = list(data["topics"]), data["action"]
    titles = ", ".join(f"“{t.title}”" for t in topics)
    proposers = {t.proposer_id for t in topics if t.proposer_id}
    recipients = ngettext(
        "%(count)s proposer will be emailed once.",
        "%(count)s proposers will each be emailed once.",
        len(proposers),
    ) % {"count": len(proposers)}
    hidden = {
        "action": action,
        "topics": [str(t.pk) for t in topics],
        "status": form.data.get("status", ""),
        "q": form.data.get("q", ""),
    }
    if action == "decline":
        hidden["reason"] = data["reason"]
        return Confirmation(
            title=ngettext("Decline %(count)s topic?", "Decline %(count)s topics?", len(topics))
            % {"count": len(topics)},
            consequences=[
                _("These will be declined and taken off the ballot: %(titles)s.")
                % {"titles": titles},
                _("Each proposer is told this reason: “%(reason)s”") % {"reason": data["reason"]},
                _(
                    "Dots on them go back to the members who gave them; their sessions leave the "
                    "working schedule."
                ),
            ],
            recipients=recipients,
            confirm_label=_("Yes, decline them"),
            back_url=board.organise_url,
            hidden=hidden,
        )
    target = data["target"]
    hidden["target"] = str(target.pk)
    return Confirmation(
        title=ngettext(
            "Merge %(count)s topic into “%(target)s”?",
            "Merge %(count)s topics into “%(target)s”?",
            len(topics),
        )
        % {"count": len(topics), "target": target.title},
        consequences=[
            _("These will be merged into “%(target)s” and taken off the ballot: %(titles)s.")
            % {"target": target.title, "titles": titles},
            _(
                "Their dots move to “%(target)s” (a member who voted for several keeps at most "
                "the per-topic maximum) and their proposers and co-facilitators become "
                "co-facilitators of “%(target)s”."
            )
            % {"target": target.title},
        ],
        recipients=recipients,
        confirm_label=_("Yes, merge them"),
        back_url=board.organise_url,
        hidden=hidden,
    )


class TopicsBulkView(OrganiseTopicsView):
    """POST: accept, or (after a confirmation) decline or merge the selected topics."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = BulkModerationForm(request.POST, board=self.board)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(bulk_form=form), status=400)
        data = form.cleaned_data
        topics = list(data["topics"].select_related("proposer"))
        if data["action"] != "accept" and not is_confirmed(request):
            return confirmation_response(request, _bulk_confirmation(self.board, form))
        try:
            result = services.topics_bulk_moderate(
                topics=topics,
                action=data["action"],
                organiser=request.user,
                reason=data.get("reason") or "",
                target=data.get("target") if data["action"] == "merge" else None,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(bulk_form=form), status=400)
        done = len(result.done)
        verb = {
            "accept": ngettext("%(count)s topic accepted.", "%(count)s topics accepted.", done),
            "decline": ngettext("%(count)s topic declined.", "%(count)s topics declined.", done),
            "merge": ngettext("%(count)s topic merged.", "%(count)s topics merged.", done),
        }[data["action"]]
        messages.success(request, verb % {"count": done})
        for _topic, refusal in result.skipped:
            messages.warning(request, _("Not changed: %(why)s") % {"why": refusal})
        url = self.board.organise_url
        status, q = self.filters()
        query = urlencode([(k, v) for k, v in (("status", status), ("q", q)) if v])
        return redirect(f"{url}?{query}" if query else url)


def _moderation_refusal(topic: Topic) -> str | None:
    """Why no action can change ``topic`` (the page offers none), or None."""
    if topic.status in (TopicStatus.MERGED, TopicStatus.WITHDRAWN):
        return _("A merged or withdrawn topic cannot be moderated.")
    return None


def _proposer_text(topic: Topic) -> str:
    if topic.proposer is None:
        return _("Nobody will be emailed: the account of the proposer no longer exists.")
    return _("The proposer, %(name)s, will be emailed.") % {
        "name": topic.proposer.name or topic.proposer.email
    }


def _votes_text(topic: Topic) -> str:
    dots = sum(topic.votes.values_list("count", flat=True))
    return ngettext(
        "The %(count)s dot on it goes back to the member who gave it.",
        "The %(count)s dots on it go back to the members who gave them.",
        dots,
    ) % {"count": dots}


class TopicModerateView(OrganiserRequiredMixin, BoardMixin, TemplateView):
    """One topic's moderation page (GET). A POST goes to the view of the action its button
    names; an action the page does not offer is refused here."""

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

    def action_error(self, message: str, **forms):
        """The moderation page again, saying what went wrong (and with the posted forms)."""
        return self.render_to_response(
            self.get_context_data(action_error=message, **forms), status=400
        )

    def post(self, request, *args, **kwargs):
        action = MODERATION_ACTIONS.get(request.POST.get("action", ""))
        if action is None or (action.standing_only and self.board.is_unconference):
            topic = self.get_topic(kwargs["pk"])
            return self.action_error(_moderation_refusal(topic) or _("Choose an action."))
        return action.as_view(standing=self.standing)(request, *args, **kwargs)


class TopicActionView(TopicModerateView):
    """One moderation action, posted from the moderation page: refused if it would change
    nothing, its form validated, confirmed first if ``confirm``, then ``perform`` calls its
    service; errors show the moderation page again."""

    http_method_names = ["post"]
    action = ""  # the value of the page's button
    standing_only = False  # offered on a meeting series' board only
    done_status: str | None = None  # the status it sets: posting it again changes nothing
    done_message = ""
    form_class = None
    form_name = ""  # the form's name in the page's context
    confirm = False

    def refusal(self, topic: Topic) -> str | None:
        refusal = _moderation_refusal(topic)
        if refusal is None and topic.status == self.done_status:
            refusal = self.done_message
        return refusal

    def get_form(self, topic: Topic):
        return self.form_class(self.request.POST, topic=topic)

    def get_confirmation(self, topic: Topic, form) -> Confirmation:
        raise NotImplementedError

    def perform(self, topic: Topic, form) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        topic = self.get_topic(kwargs["pk"])
        refusal = self.refusal(topic)
        if refusal:
            return self.action_error(refusal)
        form, forms = None, {}
        if self.form_class is not None:
            form = forms[self.form_name] = self.get_form(topic)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(**forms), status=400)
        if self.confirm and not is_confirmed(request):
            return confirmation_response(request, self.get_confirmation(topic, form))
        try:
            self.perform(topic, form)
        except ValidationError as exc:
            return self.action_error(error_text(exc), **forms)
        messages.success(request, _("Topic “%s” updated.") % topic)
        return redirect(self.board.organise_url)


class AcceptTopicView(TopicActionView):
    action = "accept"
    done_status = TopicStatus.ACCEPTED
    done_message = gettext_lazy("This topic is already accepted: nothing changed.")

    def perform(self, topic, form):
        services.topic_accept(topic=topic, organiser=self.request.user)


class HideTopicView(TopicActionView):
    action = "hide"
    done_status = TopicStatus.HIDDEN
    done_message = gettext_lazy("This topic is already hidden: nothing changed.")

    def perform(self, topic, form):
        services.topic_hide(topic=topic, organiser=self.request.user)


class DeclineTopicView(TopicActionView):
    action = "decline"
    done_status = TopicStatus.DECLINED
    done_message = gettext_lazy("This topic is already declined: nothing changed.")
    form_class, form_name, confirm = DeclineForm, "decline_form", True

    def get_form(self, topic):
        return DeclineForm(self.request.POST)

    def get_confirmation(self, topic, form):
        reason = form.cleaned_data["reason"]
        consequences = [
            _("“%(title)s” will be declined and taken off the ballot.") % {"title": topic.title},
            _("They will be told this reason: “%(reason)s”") % {"reason": reason},
            _votes_text(topic),
        ]
        if hasattr(topic, "session"):
            consequences.append(_("Its session is removed from the working schedule."))
        return Confirmation(
            title=_("Decline “%(title)s”?") % {"title": topic.title},
            consequences=consequences,
            recipients=_proposer_text(topic),
            confirm_label=_("Yes, decline the topic"),
            back_url=topic.moderate_url,
            hidden={"action": "decline", "reason": reason},
        )

    def perform(self, topic, form):
        services.topic_decline(
            topic=topic, organiser=self.request.user, reason=form.cleaned_data["reason"]
        )


class MergeTopicView(TopicActionView):
    action = "merge"
    form_class, form_name, confirm = MergeForm, "merge_form", True

    def refusal(self, topic):
        refusal = super().refusal(topic)
        if refusal is None and topic.status not in (TopicStatus.PROPOSED, TopicStatus.ACCEPTED):
            refusal = _("Only proposed or accepted topics can be merged.")
        return refusal

    def get_confirmation(self, topic, form):
        target = form.cleaned_data["target"]
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
        return Confirmation(
            title=_("Merge “%(title)s” into “%(target)s”?")
            % {"title": topic.title, "target": target.title},
            consequences=consequences,
            recipients=_proposer_text(topic),
            confirm_label=_("Yes, merge the topics"),
            back_url=topic.moderate_url,
            hidden={"action": "merge", "target": str(target.pk)},
        )

    def perform(self, topic, form):
        services.topic_merge(
            duplicate=topic, target=form.cleaned_data["target"], organiser=self.request.user
        )


class TakeUpTopicView(TopicActionView):
    """A meeting of the series takes up a standing board's topic (or none)."""

    action = "take_up"
    standing_only = True
    form_class, form_name = TakeUpForm, "take_up_form"

    def perform(self, topic, form):
        services.topic_take_up(
            topic=topic, meeting=form.cleaned_data["meeting"], organiser=self.request.user
        )


MODERATION_ACTIONS: dict[str, type[TopicActionView]] = {
    view.action: view
    for view in (AcceptTopicView, HideTopicView, DeclineTopicView, MergeTopicView, TakeUpTopicView)
}
