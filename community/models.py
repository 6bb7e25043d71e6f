from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.models import TimeStampedModel

from .email_delivery import EmailLedger
from .enums import ApprovalStatus, Nation, OrganisationKind, Region, Sector, Visibility


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Email is the login; one free-form name field."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    approval_status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.APPROVED
    )
    preferred_language = models.CharField(max_length=10, default="en-gb")
    code_of_conduct_version = models.CharField(max_length=20, blank=True)
    code_of_conduct_agreed_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("organise", "Can organise events, unconferences and approve members"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    # Wagtail's admin and Django's templates call these.
    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def is_approved(self) -> bool:
        return self.approval_status == ApprovalStatus.APPROVED


class Organisation(index.Indexed, TimeStampedModel):
    """A public body, union, charity or company; shared by profiles, case studies and guides."""

    name = models.CharField(max_length=200, unique=True)
    # Its page's address, /organisations/<slug>/: made from the name when left empty (save()).
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices, default="other")
    nation = models.CharField(max_length=20, choices=Nation.choices, blank=True)
    region = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("nation"),
        FieldPanel("region"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # A derived default, not business logic: every creation path (profiles, adoption
        # reports, the admin, demo content) gets an address without having to remember it.
        if not self.slug:
            self.slug = organisation_unique_slug(name=self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("impact:organisation_detail", kwargs={"slug": self.slug})


def organisation_unique_slug(*, name: str, exclude_pk: int | None = None) -> str:
    """slugify(name), with -2, -3... when another organisation already has it."""
    base = slugify(name)[:200] or "organisation"
    taken = set(
        Organisation.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


DEFAULT_REMINDER_OFFSETS = [7 * 24 * 60, 24 * 60, 60]  # minutes before: 1 week, 1 day, 1 hour


class EmailPreferences(TimeStampedModel):
    """Which kinds of e-mail a member wants, and which reminder offsets they dropped.

    Read it with community.selectors.email_preferences_for(user=...), which returns an unsaved
    default object for members who never changed anything (everything on except the digest).
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="email_preferences")
    meeting_reminders = models.BooleanField(default=True)
    change_notices = models.BooleanField(default=True)
    unconference_updates = models.BooleanField(default=True)
    digest = models.BooleanField(default=False)
    organiser_messages = models.BooleanField(default=True)
    # Reminder offsets (minutes before the start) this member does not want, e.g. [10080].
    reminder_offsets_off = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name_plural = "email preferences"

    def __str__(self) -> str:
        return f"Email preferences of {self.user}"

    def allows(self, kind: str) -> bool:
        return bool(getattr(self, str(kind), False))

    def wants_reminder_offset(self, minutes: int) -> bool:
        return self.meeting_reminders and int(minutes) not in set(self.reminder_offsets_off or [])


class AccountEmail(EmailLedger, TimeStampedModel, ledger_name="account-email"):
    """Ledger of account e-mails (approval decisions, "a member is waiting" notices to
    organisers): one row per (key, recipient), so a task that runs twice sends once. The key
    names what and why (``approval:approved``, ``member-pending:<member>``); the recipient is
    ``user``. Written (committed) before the e-mail is sent, marked sent after."""

    key = models.CharField(max_length=120)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_emails")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account email")
        verbose_name_plural = _("account emails")
        constraints = [
            models.UniqueConstraint(fields=["key", "user"], name="community_email_once_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} to {self.user_id}"


BIO_MAX_LENGTH = 600


class InterestTag(TagBase):
    """A topic a member is interested in (its own vocabulary, separate from content tags)."""

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")


class ExpertiseTag(TagBase):
    """A participation method a member has experience of, e.g. "citizens' jury"."""

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")


class TaggedInterest(ItemBase):
    tag = models.ForeignKey(InterestTag, on_delete=models.CASCADE, related_name="tagged_profiles")
    content_object = models.ForeignKey(
        "MemberProfile", on_delete=models.CASCADE, related_name="tagged_interests"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_profile_interest"
            )
        ]


class TaggedExpertise(ItemBase):
    tag = models.ForeignKey(ExpertiseTag, on_delete=models.CASCADE, related_name="tagged_profiles")
    content_object = models.ForeignKey(
        "MemberProfile", on_delete=models.CASCADE, related_name="tagged_expertise"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_profile_expertise"
            )
        ]


class MemberProfile(TimeStampedModel):
    """What a member tells the community about themselves, and who may see it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_profiles",
    )
    job_title = models.CharField(_("role or job title"), max_length=150, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    bio = models.TextField(_("short bio"), max_length=BIO_MAX_LENGTH, blank=True)
    visibility = models.CharField(
        _("who can see your profile"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    interests = TaggableManager(
        verbose_name=_("interests"), through=TaggedInterest, blank=True, related_name="+"
    )
    expertise = TaggableManager(
        verbose_name=_("expertise in participation methods"),
        through=TaggedExpertise,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [
            models.Index(fields=["visibility", "sector"]),
            models.Index(fields=["region"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values),
                name="member_profile_visibility_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("community:member_detail", kwargs={"pk": self.user_id})
