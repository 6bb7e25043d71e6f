"""What an organiser's change will do, in words, for the confirmation page
(core/confirmation.py): who will be e-mailed, and which meetings a series edit cancels
or moves. Reads only; a series edit is tried inside a transaction that is rolled back."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .enums import MeetingStatus, RegistrationStatus
from .models import Meeting, MeetingSeries, Registration
from .selectors import uk_time_display


def attendees_to_email_text(*, registered: int, waiting: int) -> str:
    """ "12 registered members and 3 people on the waiting list will be e-mailed." """
    if not registered and not waiting:
        return _("Nobody is registered or on the waiting list, so nobody will be emailed.")
    parts = []
    if registered:
        parts.append(
            ngettext("%(count)s registered member", "%(count)s registered members", registered)
            % {"count": registered}
        )
    if waiting:
        parts.append(
            ngettext(
                "%(count)s person on the waiting list",
                "%(count)s people on the waiting list",
                waiting,
            )
            % {"count": waiting}
        )
    if len(parts) == 2:
        return _("%(registered)s and %(waiting)s will be emailed.") % {
            "registered": parts[0],
            "waiting": parts[1],
        }
    return _("%(people)s will be emailed.") % {"people": parts[0]}


def attendee_counts(*, meeting_ids) -> tuple[int, int]:
    counts = Registration.objects.filter(meeting_id__in=list(meeting_ids)).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    return counts["registered"], counts["waiting"]


@dataclass
class SeriesEditEffects:
    cancelled: list[str] = field(default_factory=list)  # "Wednesday 8 July, 2pm ... (UK time)"
    moved: list[str] = field(default_factory=list)
    registered: int = 0
    waiting: int = 0

    @property
    def tells_anyone(self) -> bool:
        return bool((self.cancelled or self.moved) and (self.registered or self.waiting))

    def consequences(self) -> list[str]:
        lines = []
        if self.cancelled:
            lines.append(
                ngettext(
                    "%(count)s meeting will be cancelled: %(when)s.",
                    "%(count)s meetings will be cancelled: %(when)s.",
                    len(self.cancelled),
                )
                % {"count": len(self.cancelled), "when": "; ".join(self.cancelled)}
            )
        if self.moved:
            lines.append(
                ngettext(
                    "%(count)s meeting will move to the new time: %(when)s.",
                    "%(count)s meetings will move to the new time: %(when)s.",
                    len(self.moved),
                )
                % {"count": len(self.moved), "when": "; ".join(self.moved)}
            )
        return lines


@dataclass
class MeetingEditEffects:
    """What saving an edit of one meeting does to the people registered or waiting."""

    title: str = ""
    consequences: list[str] = field(default_factory=list)
    confirm_label: str = ""
    registered: int = 0
    waiting: int = 0

    @property
    def tells_anyone(self) -> bool:
        return bool(self.consequences and (self.registered or self.waiting))


def meeting_edit_effects(*, previous: Meeting, meeting: Meeting) -> MeetingEditEffects:
    """``meeting`` is the edited, unsaved form instance; ``previous`` the stored row. A change
    of time, place, join link or a cancellation tells everyone registered or waiting."""
    effects = MeetingEditEffects()
    cancels = (
        meeting.status == MeetingStatus.CANCELLED and previous.status != MeetingStatus.CANCELLED
    )
    changes = (meeting.starts_at, meeting.ends_at, meeting.mode, meeting.venue) != (
        previous.starts_at,
        previous.ends_at,
        previous.mode,
        previous.venue,
    ) or meeting.join_url != previous.join_url
    if not (cancels or changes):
        return effects
    effects.registered, effects.waiting = attendee_counts(meeting_ids=[previous.pk])
    when = uk_time_display(starts_at=previous.starts_at, ends_at=previous.ends_at)
    if cancels:
        effects.title = _("Cancel “%(title)s”?") % {"title": previous.title}
        effects.consequences = [_("The event on %(when)s will be cancelled.") % {"when": when}]
        effects.confirm_label = _("Yes, cancel the event")
    else:
        effects.title = _("Change “%(title)s”?") % {"title": previous.title}
        effects.consequences = [
            _("The time or place of the event on %(when)s changes, and calendars are updated.")
            % {"when": when}
        ]
        effects.confirm_label = _("Yes, save and tell them")
    return effects


def series_edit_effects(*, save, generate) -> SeriesEditEffects:
    """Run ``save()`` then ``generate(series)`` in a transaction that is rolled back (so nothing
    is stored and no e-mail task is queued) and report the meetings it cancels or moves."""
    effects = SeriesEditEffects()
    with transaction.atomic():
        series: MeetingSeries = save()
        before = {
            m.pk: (m.status, m.starts_at, m.ends_at) for m in Meeting.objects.filter(series=series)
        }
        generate(series)
        touched = []
        for meeting in Meeting.objects.filter(pk__in=before).order_by("starts_at"):
            status, starts_at, ends_at = before[meeting.pk]
            when = uk_time_display(starts_at=starts_at, ends_at=ends_at)
            if status != MeetingStatus.CANCELLED and meeting.status == MeetingStatus.CANCELLED:
                effects.cancelled.append(when)
                touched.append(meeting.pk)
            elif (starts_at, ends_at) != (meeting.starts_at, meeting.ends_at):
                effects.moved.append(when)
                touched.append(meeting.pk)
        effects.registered, effects.waiting = attendee_counts(meeting_ids=touched)
        transaction.set_rollback(True)  # a trial run: nothing stored, no e-mail task queued
    return effects
