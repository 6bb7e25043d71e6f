"""The organiser console's own pages, beside the working schedule (``organiser.py``): changing
the phase (confirmed first) and the rooms and time slots tables (one page, no admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from community.permissions import OrganiserRequiredMixin
from core.confirmation import Confirmation, confirmation_response, is_confirmed

from .. import services
from ..console_forms import PhaseForm, SlotsTable, SpacesTable
from ..enums import Phase, TopicStatus
from ..models import Topic
from .shared import UnconferenceMixin, error_text


def phase_consequences(unconference, phase: str) -> list[str]:
    """What moving to ``phase`` changes, in the words the confirmation page uses."""
    uc = unconference
    lines: list[str] = []
    if phase == Phase.VOTING:
        if uc.phase == Phase.TOPICS_OPEN:
            lines.append(
                _("Members can no longer propose topics or change the ones they proposed.")
            )
            waiting = Topic.objects.filter(board__unconference=uc, status=TopicStatus.PROPOSED)
            count = waiting.count()
            if count:
                lines.append(
                    ngettext(
                        "%(count)s topic is still waiting for moderation; members can vote for "
                        "it as it is.",
                        "%(count)s topics are still waiting for moderation; members can vote for "
                        "them as they are.",
                        count,
                    )
                    % {"count": count}
                )
        else:
            lines.append(_("Voting opens again: members can change their dots."))
        lines.append(
            ngettext(
                "Registered members can spend their %(count)s dot on proposed and accepted topics.",
                "Registered members can spend their %(count)s dots on proposed and "
                "accepted topics.",
                uc.votes_per_member,
            )
            % {"count": uc.votes_per_member}
        )
    elif phase == Phase.SCHEDULING:
        lines.append(_("Voting closes: members can no longer add or remove dots."))
        if uc.hide_totals_until_voting_closes:
            lines.append(_("Vote totals become visible on the topic list."))
        lines.append(_("You can then run the scheduler, adjust the schedule and publish it."))
    elif phase == Phase.TOPICS_OPEN:
        lines.append(
            _("Voting closes and members can propose topics again. Dots already given stay.")
        )
    elif phase == Phase.CLOSED:
        lines.append(
            _("The unconference is marked as closed. The published schedule and notes stay.")
        )
    elif phase == Phase.PUBLISHED:
        lines.append(_("The unconference is reopened with its published schedule."))
    return lines


class PhaseChangeView(OrganiserRequiredMixin, UnconferenceMixin, TemplateView):
    """POST ``phase``: a confirmation page first (what changes, who is e-mailed: nobody), then
    ``confirm=yes`` moves the unconference."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        uc = self.unconference
        back = reverse("unconferences:organise", kwargs={"slug": uc.slug})
        form = PhaseForm(request.POST, targets=services.phase_targets(unconference=uc))
        if not form.is_valid():
            messages.error(request, error_text(ValidationError(form.errors["phase"])))
            return redirect(back)
        phase = form.cleaned_data["phase"]
        label = Phase(phase).label
        if not is_confirmed(request):
            return confirmation_response(
                request,
                Confirmation(
                    title=_("Move %(title)s to “%(phase)s”?") % {"title": uc.title, "phase": label},
                    consequences=phase_consequences(uc, phase),
                    recipients=_(
                        "No emails are sent: members see the new phase on the unconference's pages."
                    ),
                    confirm_label=_("Yes, move to “%(phase)s”") % {"phase": label},
                    back_url=back,
                    hidden={"phase": phase},
                    warning=False,
                ),
            )
        try:
            services.unconference_set_phase(unconference=uc, phase=phase, organiser=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("The unconference is now in “%(phase)s”.") % {"phase": label}
            )
        return redirect(back)


class GridView(OrganiserRequiredMixin, UnconferenceMixin, TemplateView):
    """Rooms and time slots edited as two tables on one page. Blank rows add; the Delete box
    deletes after a confirmation; a room or slot that still holds sessions is not deleted
    and its row says why."""

    template_name = "unconferences/organise_grid.html"

    def extra_rows(self) -> int:
        try:
            return max(1, min(int(self.request.GET.get("extra", 2)), 20))
        except ValueError:
            return 2

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        uc = self.unconference
        extra = self.extra_rows()
        spaces = kwargs.get("spaces") or SpacesTable(unconference=uc, extra=extra)
        slots = kwargs.get("slots") or SlotsTable(unconference=uc, extra=extra)
        context.update(
            spaces=spaces,
            slots=slots,
            errors=spaces.errors() + slots.errors(),
            more_rows=extra + 3,
        )
        return context

    def post(self, request, *args, **kwargs):
        uc = self.unconference
        spaces = SpacesTable(request.POST, unconference=uc)
        slots = SlotsTable(request.POST, unconference=uc)
        valid = spaces.is_valid() & slots.is_valid()
        if valid:
            refusals = services.grid_deletion_refusals(
                unconference=uc,
                space_ids=[f.cleaned_data["id"] for f in spaces.deleted()],
                slot_ids=[f.cleaned_data["id"] for f in slots.deleted()],
            )
            for kind, table in (("space", spaces), ("slot", slots)):
                for form in table.deleted():
                    message = refusals.get((kind, form.cleaned_data["id"]))
                    if message:
                        form.add_error("DELETE", message)
                        valid = False
        if not valid:
            return self.render_to_response(
                self.get_context_data(spaces=spaces, slots=slots), status=400
            )
        deleted = spaces.deleted() + slots.deleted()
        if deleted and not is_confirmed(request):
            names = [f.describe() for f in deleted]
            return confirmation_response(
                request,
                Confirmation(
                    title=ngettext("Delete %(count)s row?", "Delete %(count)s rows?", len(deleted))
                    % {"count": len(deleted)},
                    consequences=[
                        _("These will be deleted: %(names)s.") % {"names": ", ".join(names)},
                        _("Your other changes in the tables are saved at the same time."),
                    ],
                    recipients=_("Nobody is emailed."),
                    confirm_label=_("Yes, delete and save"),
                    back_url=request.path,
                    hidden={k: request.POST.getlist(k) for k in request.POST},
                ),
            )
        try:
            counts = services.grid_save(unconference=uc, spaces=spaces.rows(), slots=slots.rows())
        except ValidationError as exc:
            spaces.table_errors.append(error_text(exc))
            return self.render_to_response(
                self.get_context_data(spaces=spaces, slots=slots), status=400
            )
        messages.success(
            request,
            _(
                "Rooms and time slots saved: %(added)s added, %(changed)s changed, "
                "%(deleted)s deleted."
            )
            % counts,
        )
        return redirect("unconferences:organise_grid", slug=uc.slug)
