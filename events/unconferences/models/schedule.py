"""The schedule: sessions (a topic in a room and slot) and their facilitators, the published
releases and who was told about them, and the shared session notes with their history."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from community.email_delivery import EmailLedger
from core.models import TimeStampedModel

from .topics import Topic
from .unconferences import Slot, Space, Unconference


class Session(TimeStampedModel):
    """A topic placed in a space and a slot."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="session")
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="sessions")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="sessions")
    locked = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "slot"], name="unconf_one_session_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.space}, {self.slot})"

    def get_absolute_url(self) -> str:
        return reverse(
            "unconferences:session",
            kwargs={"slug": self.slot.unconference.slug, "topic_id": self.topic_id},
        )


class SessionFacilitator(models.Model):
    """Denormalised (slot, facilitator) row so the database keeps a facilitator in one place."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="facilitators")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], name="unconf_facilitator_one_place"),
            models.UniqueConstraint(fields=["session", "user"], name="unconf_facilitator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.session}"


class ScheduleRelease(models.Model):
    """A published version of the schedule: a snapshot and the changes since the last one."""

    unconference = models.ForeignKey(
        Unconference, on_delete=models.CASCADE, related_name="releases"
    )
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unconference", "number"], name="unconf_release_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unconference} schedule v{self.number}"


class ReleaseNotification(
    EmailLedger, ledger_name="schedule-release", ledger_ref=("release_id", "user_id")
):
    """Ledger: one change e-mail per release and attendee (makes the task idempotent)."""

    release = models.ForeignKey(
        ScheduleRelease, on_delete=models.CASCADE, related_name="notifications"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "user"], name="unconf_one_change_email"),
        ]

    def __str__(self) -> str:
        return f"{self.release} to user {self.user_id}"


class SessionNotes(TimeStampedModel):
    """The shared notes of a session (markdown); each save adds a NoteRevision."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(blank=True, max_length=20000)
    case_study_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Notes of {self.session}"


class NoteRevision(models.Model):
    notes = models.ForeignKey(SessionNotes, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(blank=True, max_length=20000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unconference_note_revisions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["notes", "-created_at"])]

    def __str__(self) -> str:
        return f"Revision of {self.notes} at {self.created_at}"
