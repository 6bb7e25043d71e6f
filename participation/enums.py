from django.db import models
from django.utils.translation import gettext_lazy as _


class UpdateKind(models.TextChoices):
    OPINION = "opinion", _("Opinion")
    WEEKNOTE = "weeknote", _("Weeknote")
    NEWS = "news", _("News")
