"""Fixed vocabularies of the case study library (stable values: used in URLs and open data)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    CENTRAL_GOVERNMENT = "central_government", _("Central government")
    HEALTH = "health", _("Health and care")
    HEALTH_RESEARCH = "health_research", _("Health research")
    SOCIAL_CARE = "social_care", _("Social care")
    JUSTICE = "justice", _("Justice and policing")
    WELFARE = "welfare", _("Welfare and benefits")
    EDUCATION = "education", _("Education")
    STATISTICS = "statistics", _("Official statistics")
    WORKFORCE = "workforce", _("Public sector workforce")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    MIXED = "mixed", _("Mixed")
    NEGATIVE = "negative", _("Negative")
    ONGOING = "ongoing", _("Ongoing")


class WorkersInvolved(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class Completeness(models.TextChoices):
    STUB = "stub", _("Stub")
    COMPLETE = "complete", _("Complete")


class SortOrder(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    NEWEST = "newest", _("Newest first")
    TITLE = "title", _("Title (A to Z)")


# Seed values for the small taxonomies (also used by the data migration and demo content).
LIFECYCLE_STAGES = [
    ("problem-definition", _("Problem definition")),
    ("procurement", _("Procurement")),
    ("design", _("Design")),
    ("deployment", _("Deployment")),
    ("evaluation", _("Evaluation")),
    ("regulation", _("Regulation")),
    ("data-sharing", _("Data sharing")),
]
DATA_KINDS = [
    ("health-records", _("Health and care records")),
    ("administrative", _("Administrative records")),
    ("personal", _("Other personal data")),
    ("location", _("Location and mobility data")),
    ("biometric", _("Biometric data")),
    ("statistical", _("Statistical and aggregate data")),
    ("open", _("Open data")),
]
SYSTEM_KINDS = [
    ("automated-decision", _("Automated decision")),
    ("predictive-model", _("Predictive model")),
    ("data-sharing", _("Data sharing")),
    ("statistics", _("Statistics")),
    ("generative-ai", _("Generative AI")),
    ("data-platform", _("Data platform or linkage")),
]
