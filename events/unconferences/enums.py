from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The life of an unconference, in order."""

    TOPICS_OPEN = "topics_open", _("Topic proposals open")
    VOTING = "voting", _("Voting open")
    SCHEDULING = "scheduling", _("Scheduling")
    PUBLISHED = "published", _("Schedule published")
    CLOSED = "closed", _("Closed")


PHASE_ORDER = [p.value for p in Phase]


class BoardKind(models.TextChoices):
    UNCONFERENCE = "unconference", _("Unconference")
    STANDING = "standing", _("Standing topic board for a meeting series")


class TopicFormat(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    SHOW_AND_TELL = "show_and_tell", _("Show and tell")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other")


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged into another topic")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HIDDEN = "hidden", _("Hidden by an organiser")


# Topics members can still vote for.
VOTABLE_STATUSES = (TopicStatus.PROPOSED, TopicStatus.ACCEPTED)
