from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .enums import ApprovalStatus, EmailKind, OrganisationKind, Region, Sector, Visibility
from .form_messages import govuk_messages
from .models import BIO_MAX_LENGTH, EmailPreferences, MemberProfile, Organisation


def _code_of_conduct_label():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("I agree to follow the"),
        reverse_lazy("community:code_of_conduct"),
        _("code of conduct"),
    )


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds email and password."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("As you would like other members to see it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    agree_code_of_conduct = forms.BooleanField(
        label=lazy(_code_of_conduct_label, str)(),
        required=True,
        error_messages={"required": _("You need to agree to the code of conduct to join.")},
    )

    field_order = ["name", "email", "password1", "password2", "agree_code_of_conduct"]

    def signup(self, request, user):
        """allauth calls this after creating the user; the adapter already saved our fields."""


# --- Profile, preferences, account deletion, directory, approval ---------------------------------

MAX_TAGS = 10
MAX_TAG_LENGTH = 50


def _clean_tags(tags: list[str], *, label: str) -> list[str]:
    tags = [" ".join(tag.split()) for tag in tags if tag.strip()]
    if len(tags) > MAX_TAGS:
        raise forms.ValidationError(
            _("Add at most %(max)d %(label)s."), params={"max": MAX_TAGS, "label": label}
        )
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            raise forms.ValidationError(
                _("Keep each one under %(max)d characters."), params={"max": MAX_TAG_LENGTH}
            )
    return tags


class ProfileForm(forms.ModelForm):
    """The member's profile plus their name; the organisation is picked or typed."""

    name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Start typing to pick one we know, or type a new name to add it."),
        widget=forms.TextInput(
            attrs={"list": "organisation-options", "autocomplete": "organization"}
        ),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("Choose if your organisation is new to us")), *OrganisationKind.choices],
        help_text=_("Only used when you add an organisation we do not know yet."),
    )

    class Meta:
        model = MemberProfile
        fields = [
            "pronouns",
            "job_title",
            "sector",
            "region",
            "interests",
            "expertise",
            "bio",
            "visibility",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5, "maxlength": BIO_MAX_LENGTH}),
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "pronouns": _("For example: she/her, they/them. Optional."),
            "interests": _("Topics you care about, separated by commas."),
            "expertise": _(
                "Participation methods you have used, separated by commas, "
                "for example: citizens' jury, deliberative workshop."
            ),
            "bio": _("Plain text, up to %(max)d characters.") % {"max": BIO_MAX_LENGTH},
        }

    field_order = [
        "name",
        "pronouns",
        "organisation_name",
        "organisation_kind",
        "job_title",
        "sector",
        "region",
        "interests",
        "expertise",
        "bio",
        "visibility",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)
        self.user = user
        self.fields["name"].initial = user.name
        if self.instance.organisation_id:
            self.fields["organisation_name"].initial = self.instance.organisation.name
        self.fields["visibility"].choices = Visibility.choices
        self.fields["sector"].choices = [("", _("Not stated")), *Sector.choices]
        self.fields["region"].choices = [("", _("Not stated")), *Region.choices]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean_interests(self):
        return _clean_tags(self.cleaned_data.get("interests") or [], label=_("interests"))

    def clean_expertise(self):
        return _clean_tags(self.cleaned_data.get("expertise") or [], label=_("methods"))

    def clean_bio(self):
        # Plain text: normalise line endings; HTML is kept as typed and escaped when shown.
        return "\n".join(line.rstrip() for line in self.cleaned_data["bio"].splitlines()).strip()

    def clean(self):
        cleaned = super().clean()
        name = " ".join((cleaned.get("organisation_name") or "").split())
        cleaned["organisation_name"] = name
        is_new = name and not Organisation.objects.filter(name__iexact=name).exists()
        if is_new and not cleaned.get("organisation_kind"):
            self.add_error(
                "organisation_kind",
                _("Choose the kind of organisation, as %(name)s is new to us.") % {"name": name},
            )
        return cleaned

    def profile_update_arguments(self) -> dict:
        """What ``services.profile_update`` needs besides the profile (``self.instance``, which
        validation has already filled in)."""
        return {
            "name": self.cleaned_data["name"],
            "organisation_name": self.cleaned_data.get("organisation_name") or "",
            "organisation_kind": self.cleaned_data.get("organisation_kind") or "",
            "interests": self.cleaned_data.get("interests") or [],
            "expertise": self.cleaned_data.get("expertise") or [],
        }


class WelcomeProfileForm(ProfileForm):
    """The short "Complete your profile" step after sign-up: name, organisation and a few
    fields; the rest stays on the account page."""

    class Meta(ProfileForm.Meta):
        fields = ["job_title", "sector", "region", "interests", "visibility"]

    field_order = [
        "name",
        "organisation_name",
        "organisation_kind",
        "job_title",
        "sector",
        "region",
        "interests",
        "visibility",
    ]

    def profile_update_arguments(self) -> dict:
        # Expertise is not on this step: keep what the member has.
        return {
            **super().profile_update_arguments(),
            "expertise": list(self.instance.expertise.names()) if self.instance.pk else [],
        }


REMINDER_OFFSET_CHOICES = [
    (str(7 * 24 * 60), _("1 week before")),
    (str(24 * 60), _("1 day before")),
    (str(60), _("1 hour before")),
]


class EmailPreferencesForm(forms.ModelForm):
    reminder_offsets = forms.MultipleChoiceField(
        label=_("Send meeting reminders"),
        choices=REMINDER_OFFSET_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EmailPreferences
        fields = [
            "meeting_reminders",
            "change_notices",
            "unconference_updates",
            "digest",
            "organiser_messages",
        ]
        labels = {kind.value: kind.label for kind in EmailKind}

    field_order = [*Meta.fields[:1], "reminder_offsets", *Meta.fields[1:]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        off = {int(m) for m in (self.instance.reminder_offsets_off or [])}
        self.fields["reminder_offsets"].initial = [
            value for value, _label in REMINDER_OFFSET_CHOICES if int(value) not in off
        ]

    def reminder_offsets_off(self) -> list[int]:
        """The reminder offsets (minutes) the member unticked."""
        wanted = {int(value) for value in self.cleaned_data["reminder_offsets"]}
        return [int(value) for value, _label in REMINDER_OFFSET_CHOICES if int(value) not in wanted]


class DeleteAccountForm(forms.Form):
    confirm_email = forms.CharField(
        label=_("Type your email address to confirm"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm_email(self):
        value = self.cleaned_data["confirm_email"].strip()
        if value.lower() != self.user.email.lower():
            raise forms.ValidationError(
                _("That is not the email address of this account. Type it exactly to confirm.")
            )
        return value


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices]
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("Any region")), *Region.choices]
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("Any kind")), *OrganisationKind.choices],
    )
    interest = forms.ChoiceField(label=_("Interest"), required=False)
    expertise = forms.ChoiceField(label=_("Experience of"), required=False)

    def __init__(self, *args, interests, expertise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interest"].choices = [
            ("", _("Any interest")),
            *[(tag.slug, tag.name) for tag in interests],
        ]
        self.fields["expertise"].choices = [
            ("", _("Any method")),
            *[(tag.slug, tag.name) for tag in expertise],
        ]


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ApprovalStatus.APPROVED, _("Approve")),
            (ApprovalStatus.DECLINED, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required when declining)"),
        help_text=_("Sent to the person in the email that tells them the decision."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == ApprovalStatus.DECLINED
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give a reason when you decline someone."))
        return cleaned
