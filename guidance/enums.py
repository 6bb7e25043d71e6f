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


class AdoptionStage(models.TextChoices):
    """How far an organisation has gone with a guide (issue 21: the adoption pipeline)."""

    CONSIDERING = "considering", _("Considering")
    PILOTING = "piloting", _("Piloting")
    ADOPTED = "adopted", _("Using (adopted)")


# The order of the pipeline, from first interest to adoption.
ADOPTION_STAGE_ORDER = [AdoptionStage.CONSIDERING, AdoptionStage.PILOTING, AdoptionStage.ADOPTED]


class AdoptionPurpose(models.TextChoices):
    """What the organisation uses the guide for."""

    PROCUREMENT = "procurement", _("A procurement")
    STATISTIC = "statistic", _("A statistic")
    SERVICE = "service", _("A service")
    DATA_SHARING = "data_sharing", _("A data-sharing agreement")
    OTHER = "other", _("Something else")


class AdoptionReview(models.TextChoices):
    """An organiser's decision on a report; only APPROVED reports are ever public."""

    PENDING = "pending", _("Awaiting review")
    MORE_INFORMATION = "more_information", _("More information asked for")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
