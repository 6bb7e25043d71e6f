from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    WORKSHOP = "workshop", _("Workshop")
    DESIGN_LAB = "design_lab", _("Design lab")
    WEBINAR = "webinar", _("Webinar")
    EXTERNAL_TALK = "external_talk", _("External talk")


class MeetingMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
