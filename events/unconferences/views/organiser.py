"""Organiser pages of an unconference: the working schedule (run the scheduler, place, move and
lock sessions), publishing a release, and the registrations (page and CSV). Topic moderation is
in ``moderation.py``."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from community.permissions import OrganiserRequiredMixin
from core.confirmation import ConfirmActionMixin, Confirmation
from core.csv_export import csv_safe

from .. import selectors, services
from ..enums import PHASE_ORDER, Phase, TopicStatus
from ..forms import PlaceForm, SessionMoveForm
from ..models import Registration, Session, Topic, Unconference
from .shared import SessionMixin, UnconferenceMixin, error_text, unconference_board


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
        clashes = services.schedule_clashes(unconference=uc, now=now)
        clash_notes: dict[int, list[str]] = {}
        for clash in clashes:
            for mine, other in ((clash.first, clash.second), (clash.second, clash.first)):
                clash_notes.setdefault(mine.pk, []).append(
                    ngettext(
                        "Clash with “%(other)s”: %(count)s shared voter",
                        "Clash with “%(other)s”: %(count)s shared voters",
                        clash.shared_voters,
                    )
                    % {"other": other.title, "count": clash.shared_voters}
                )
        for session in sessions:
            session.clash_notes = clash_notes.get(session.topic_id, [])
        targets = services.phase_targets(unconference=uc)
        context.update(
            board=unconference_board(uc),
            clashes=clashes,
            phase_forward=[
                (p, Phase(p).label)
                for p in targets
                if PHASE_ORDER.index(p) > PHASE_ORDER.index(uc.phase)
            ],
            phase_back=[
                (p, Phase(p).label)
                for p in targets
                if PHASE_ORDER.index(p) < PHASE_ORDER.index(uc.phase)
            ],
            phases=[
                {
                    "label": p.label,
                    "current": p.value == uc.phase,
                    "done": uc.phase_at_least(p.value) and p.value != uc.phase,
                }
                for p in Phase
            ],
            space_count=len(spaces),
            slot_count=len(slots),
            topic_counts=_topic_counts(uc),
            spaces=spaces,
            rows=[
                {
                    "slot": slot,
                    "cells": [
                        {"space": sp, "session": cells.get((slot.pk, sp.pk))} for sp in spaces
                    ],
                }
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
        named = services.schedule_clashes(unconference=self.unconference)
        clashes = ngettext("%(count)s voter clash", "%(count)s voter clashes", len(named)) % {
            "count": len(named)
        }
        text = _("Scheduler ran: %(placed)s, %(clashes)s.") % {"placed": placed, "clashes": clashes}
        if named:  # each clash named: its time, its two sessions, the members who voted for both
            text = " ".join([text, *(_clash_line(c) for c in named)])
        messages.success(
            request,
            text,
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


def _clash_line(clash) -> str:
    return ngettext(
        "%(time)s: “%(first)s” and “%(second)s”: %(count)s member voted for both.",
        "%(time)s: “%(first)s” and “%(second)s”: %(count)s members voted for both.",
        clash.shared_voters,
    ) % {
        "time": timezone.localtime(clash.slot.starts_at).strftime("%H:%M"),
        "first": clash.first.title,
        "second": clash.second.title,
        "count": clash.shared_voters,
    }


def _topic_counts(uc: Unconference) -> dict[str, int]:
    counts = dict.fromkeys(TopicStatus.values, 0)
    for status in Topic.objects.filter(board__unconference=uc).values_list("status", flat=True):
        counts[status] += 1
    return counts


def _publish_problem(uc: Unconference) -> str | None:
    """Why publishing now is not allowed (the console says so instead of a button, and the
    publish view refuses): voting still open, nothing changed since the last version, no
    sessions, or accepted topics left off the schedule."""
    if not uc.phase_at_least(Phase.SCHEDULING):
        return _("Publish the schedule after voting has closed.")
    previous, changes = _publish_preview(uc)
    if previous and not changes:
        return _(
            "Nothing has changed since version %(number)s was published, so there is "
            "nothing to publish."
        ) % {"number": previous.number}
    if previous is None and not selectors.sessions_for(unconference=uc).exists():
        return _(
            "There are no sessions on the schedule yet: add rooms and time slots, then run "
            "the scheduler or place topics by hand."
        )
    unplaced = list(
        Topic.objects.filter(
            board__unconference=uc, status=TopicStatus.ACCEPTED, session__isnull=True
        ).values_list("title", flat=True)
    )
    if unplaced:
        return ngettext(
            "%(count)s accepted topic is not on the schedule (%(titles)s): place it, or "
            "decline it, before publishing.",
            "%(count)s accepted topics are not on the schedule (%(titles)s): place them, or "
            "decline them, before publishing.",
            len(unplaced),
        ) % {"count": len(unplaced), "titles": ", ".join(f"“{t}”" for t in unplaced)}
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
        clashes = services.schedule_clashes(unconference=uc)
        if clashes:
            consequences.append(
                ngettext(
                    "It keeps %(count)s voter clash, which you accept by publishing:",
                    "It keeps %(count)s voter clashes, which you accept by publishing:",
                    len(clashes),
                )
                % {"count": len(clashes)}
            )
            consequences.extend(_clash_line(clash) for clash in clashes)
        else:
            consequences.append(_("No members have to choose between two sessions they voted for."))
        if people:
            recipients = ngettext(
                "%(count)s registered participant will be emailed.",
                "%(count)s registered participants will be emailed.",
                people,
            ) % {"count": people}
        else:
            recipients = _("Nobody has registered yet, so nobody will be emailed.")
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
            messages.error(self.request, error_text(exc))
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
            space, slot = form.cleaned_data["space"], form.cleaned_data["slot"]
            moving = (space.pk, slot.pk) != (session.space_id, session.slot_id)
            other = (
                Session.objects.filter(space=space, slot=slot)
                .exclude(pk=session.pk)
                .select_related("topic")
                .first()
                if moving
                else None
            )
            try:
                with transaction.atomic():
                    if moving:
                        session = services.session_move(session=session, space=space, slot=slot)
                    services.session_set_locked(session=session, locked=form.cleaned_data["locked"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                where = {
                    "title": session.topic.title,
                    "room": space.name,
                    "time": timezone.localtime(slot.starts_at).strftime("%H:%M"),
                }
                if other is not None:
                    text = _(
                        "Session updated: “%(title)s” is now in %(room)s at %(time)s, swapped "
                        "with “%(other)s”."
                    ) % {**where, "other": other.topic.title}
                elif moving:
                    text = _("Session updated: “%(title)s” is now in %(room)s at %(time)s.") % where
                else:
                    text = _("Session updated.")
                messages.success(request, text)
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
