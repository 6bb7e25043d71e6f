"""Fixed vocabularies of the case study library (stable values: used in URLs and open data)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    HEALTH = "health", _("Health and care")
    SOCIAL_CARE = "social_care", _("Social care")
    JUSTICE = "justice", _("Justice and policing")
    WELFARE = "welfare", _("Welfare and benefits")
    EDUCATION = "education", _("Education")
    LOCAL_SERVICES = "local_services", _("Local services")
    TRANSPORT = "transport", _("Transport")
    EMPLOYMENT = "employment", _("Employment and work")
    STATISTICS = "statistics", _("Official statistics")
    RESEARCH = "research", _("Research")
    REGULATION = "regulation", _("Regulation")
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
