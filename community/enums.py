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
    STATISTICS_PRODUCER = "statistics_producer", _("Statistics producer")
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


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see my profile")
    MEMBERS = "members", _("Members only: signed-in members can see my profile")
    HIDDEN = "hidden", _("Hidden: my profile is not listed or shown to anyone")


class Sector(models.TextChoices):
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    HEALTH = "health", _("Health and care")
    CENTRAL_GOVERNMENT = "central_government", _("Central government")
    DEVOLVED_GOVERNMENT = "devolved_government", _("Devolved government")
    REGULATION = "regulation", _("Regulation")
    STATISTICS = "statistics", _("Official statistics")
    CIVIL_SOCIETY = "civil_society", _("Charity or civil society")
    UNION = "union", _("Trade union")
    ACADEMIA = "academia", _("Academia and research")
    PRIVATE = "private", _("Private sector")
    OTHER = "other", _("Other")


class Region(models.TextChoices):
    NORTH_EAST = "north_east", _("North East England")
    NORTH_WEST = "north_west", _("North West England")
    YORKSHIRE = "yorkshire", _("Yorkshire and the Humber")
    EAST_MIDLANDS = "east_midlands", _("East Midlands")
    WEST_MIDLANDS = "west_midlands", _("West Midlands")
    EAST = "east", _("East of England")
    LONDON = "london", _("London")
    SOUTH_EAST = "south_east", _("South East England")
    SOUTH_WEST = "south_west", _("South West England")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")
    UK_WIDE = "uk_wide", _("UK-wide")
    INTERNATIONAL = "international", _("Outside the UK")
