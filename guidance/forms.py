"""Forms: the index filter (GET) and the feedback form with its spam checks."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Audience

FEEDBACK_SALT = "guidance.feedback"
# How long the form must have been on screen before a submission is believed (seconds),
# and how long a rendered form stays valid.
# Override with the GUIDANCE_FEEDBACK_MIN_SECONDS setting (read on each submission).
FEEDBACK_MIN_SECONDS = 3
FEEDBACK_MAX_AGE = 60 * 60 * 24


class GuideFilterForm(forms.Form):
    q = forms.CharField(label=_("Search guidance"), required=False, max_length=200)
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("Any audience")), *Audience.choices],
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, topics: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any topic")), *topics]

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()


def feedback_token(*, page_id: int, version: str) -> str:
    """A signed record of which page and version the form was shown for, and when."""
    return signing.dumps(
        {"page": page_id, "version": version, "t": int(timezone.now().timestamp())},
        salt=FEEDBACK_SALT,
        compress=True,
    )


class RadioGroup(forms.RadioSelect):
    """Radios whose "label id" is the first option, so the error summary can link to it."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Was this useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=RadioGroup,
        error_messages={"required": _("Select yes or no.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        help_text=_("Do not include personal information about yourself or others."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_email = forms.EmailField(
        label=_("Email address (optional)"),
        help_text=_("Only if you are happy for an editor to contact you about your feedback."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Honeypot: hidden from people (CSS display: none, so also from screen readers); bots fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Something went wrong with this form. Reload the page and try again.")
        },
    )

    def __init__(self, *args, page_id: int, **kwargs):
        self.page_id = page_id
        super().__init__(*args, **kwargs)

    @property
    def is_spam(self) -> bool:
        """A filled honeypot: the submission is accepted on screen and then thrown away."""
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def clean_token(self) -> dict:
        try:
            payload = signing.loads(
                self.cleaned_data["token"], salt=FEEDBACK_SALT, max_age=FEEDBACK_MAX_AGE
            )
        except signing.SignatureExpired as exc:
            raise forms.ValidationError(
                _("This form has expired. Reload the page and try again."), code="expired"
            ) from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                _("Something went wrong with this form. Reload the page and try again."),
                code="bad_token",
            ) from exc
        if payload.get("page") != self.page_id:
            raise forms.ValidationError(
                _("Something went wrong with this form. Reload the page and try again."),
                code="wrong_page",
            )
        elapsed = timezone.now().timestamp() - payload.get("t", 0)
        if elapsed < getattr(settings, "GUIDANCE_FEEDBACK_MIN_SECONDS", FEEDBACK_MIN_SECONDS):
            raise forms.ValidationError(
                _("That was very quick. Please check your answer and send it again."),
                code="too_fast",
            )
        return payload

    def clean(self):
        cleaned = super().clean()
        # Token problems are about the form, not a field a person can fix: show them at the top.
        if "token" in self.errors:
            for error in self.errors.pop("token").as_data():
                self.add_error(None, error)
        return cleaned

    @property
    def version_read(self) -> str:
        return self.cleaned_data["token"]["version"]
