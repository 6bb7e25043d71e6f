from django.db import models
from django.utils.translation import gettext_lazy as _


class GuideStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PILOT = "pilot", _("Pilot")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


# The order in which the index groups guides.
STATUS_DISPLAY_ORDER = [
    GuideStatus.PUBLISHED,
    GuideStatus.PILOT,
    GuideStatus.DRAFT,
    GuideStatus.SUPERSEDED,
]


class Audience(models.TextChoices):
    """Who a guide is for (the four audiences in the programme's year-2 aims)."""

    COMMISSIONERS = "commissioners", _("Data and AI commissioners")
    STATISTICS_PRODUCERS = "statistics-producers", _("Statistics producers")
    SERVICE_DESIGNERS = "service-designers", _("Digital service designers")
    DATA_SHARERS = "data-sharers", _("Organisations sharing data via the National Data Library")
