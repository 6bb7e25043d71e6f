from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PENDING = "pending", _("Waiting for approval")
    DECLINED = "declined", _("Declined")


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    NHS_BODY = "nhs_body", _("NHS body")
    CENTRAL_GOVERNMENT = "central_government", _("Central government")
    REGULATOR = "regulator", _("Regulator")
    DEVOLVED_GOVERNMENT = "devolved_government", _("Devolved government")
    CHARITY = "charity", _("Charity or civil society")
    UNION = "union", _("Trade union")
    ACADEMIC = "academic", _("Academic")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class Nation(models.TextChoices):
    UK = "uk", _("United Kingdom (UK-wide)")
    ENGLAND = "england", _("England")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")
    INTERNATIONAL = "international", _("Outside the UK")


class EmailKind(models.TextChoices):
    """Kinds of e-mail a member can switch off (account e-mails such as sign-in codes cannot)."""

    MEETING_REMINDERS = "meeting_reminders", _("Meeting reminders")
    CHANGE_NOTICES = "change_notices", _("Changes to meetings I registered for")
    UNCONFERENCE_UPDATES = "unconference_updates", _("Unconference updates")
    DIGEST = "digest", _("Weekly digest")
    ORGANISER_MESSAGES = "organiser_messages", _("Messages from organisers")
