"""Forms: the index filter (GET) and the feedback form with its spam checks."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.date_input import DatePartsField, DatePartsWidget

from .enums import AdoptionPurpose, AdoptionReview, AdoptionStage, Audience

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


# --- Adoption reports (issue 21) ----------------------------------------------------------------


class MonthYearWidget(DatePartsWidget):
    """GOV.UK date input with month and year only."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["parts"] = [
            part for part in context["widget"]["parts"] if not part["name"].endswith("_day")
        ]
        # The month box carries the field's id, so the error summary's link lands in it.
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["parts"][0]["id"] = base_id
        return context

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, dict):
            value = {**value, "day": "1" if (value.get("month") or value.get("year")) else ""}
        return value


class MonthYearField(DatePartsField):
    """The first day of a month typed as month and year ("For example, 3 2026")."""

    widget = MonthYearWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("For example, 3 2026"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dict) and value.get("day") == "1":
            missing = [p for p in ("month", "year") if not value.get(p)]
            if missing:
                names = {"month": _("a month"), "year": _("a year")}
                raise forms.ValidationError(
                    _("%(subject)s must include %(part)s")
                    % {"subject": self._subject(), "part": names[missing[0]]},
                    code="incomplete",
                )
        result = super().to_python(value)
        if result is not None and result > timezone.localdate():
            raise forms.ValidationError(
                _("%(subject)s must be this month or in the past") % {"subject": self._subject()},
                code="future",
            )
        return result


class AdoptionReportForm(forms.Form):
    """A member's report (new or updated). Organisation: typed, their profile's by default;
    an existing organisation is matched by name, a new one is created."""

    part = forms.ChoiceField(label=_("Which part of the guide"), choices=())
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("The public body or organisation using the guide."),
        error_messages={"required": _("Enter the name of your organisation")},
    )
    stage = forms.ChoiceField(
        label=_("How far has your organisation gone?"),
        choices=AdoptionStage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you are considering, piloting or using it")},
    )
    purpose = forms.ChoiceField(
        label=_("What is it used for?"),
        choices=AdoptionPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what the guide is used for")},
    )
    purpose_detail = forms.CharField(
        label=_("Describe it in a few words (optional)"),
        help_text=_("For example, “procuring a benefits triage tool”."),
        max_length=200,
        required=False,
    )
    since = MonthYearField(
        label=_("Since when?"),
        subject=_("The month it started"),
        error_messages={"required": _("Enter the month it started")},
    )
    public_link = forms.URLField(
        label=_("Public link (optional)"),
        help_text=_("A web page about this work, such as a published plan or report."),
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": _("Enter a web address in the correct format, like https://www.example.org")
        },
    )
    account = forms.CharField(
        label=_("A short account (optional)"),
        help_text=_(
            "What you did with the guide and what you learnt; what the next version should "
            "answer. Editors read it; it may be shown with your report."
        ),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    may_name = forms.BooleanField(
        label=_("Our organisation may be named publicly"),
        help_text=_("If not, the report counts in totals but your organisation is never named."),
        required=False,
    )

    def __init__(self, *args, chapters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [
            ("", _("The whole guide")),
            *[(str(chapter.pk), chapter.title) for chapter in chapters],
        ]
        self.fields["part"].required = False
        self.chapters = {str(chapter.pk): chapter for chapter in chapters}

    @property
    def chapter(self):
        return self.chapters.get(self.cleaned_data.get("part") or "")

    REPORT_FIELDS = (
        "stage",
        "purpose",
        "purpose_detail",
        "since",
        "public_link",
        "account",
        "may_name",
    )

    def report_values(self) -> dict:
        """What a report is made or updated with (adoption_report_create / _update's keywords,
        but for the member, guide and organisation, which the view resolves)."""
        values = {name: self.cleaned_data[name] for name in self.REPORT_FIELDS}
        return {**values, "chapter": self.chapter}


class AdoptionReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AdoptionReview.APPROVED, _("Approve: it may be shown publicly")),
            (AdoptionReview.MORE_INFORMATION, _("Ask for more information")),
            (AdoptionReview.DECLINED, _("Decline")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select approve, ask for more information or decline")},
    )
    note = forms.CharField(
        label=_("Note to the member (required unless approving)"),
        help_text=_("Sent in the email that tells them the decision."),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == AdoptionReview.DECLINED and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Give a reason when you decline a report"))
        if decision == AdoptionReview.MORE_INFORMATION and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say what more information you need"))
        return cleaned
