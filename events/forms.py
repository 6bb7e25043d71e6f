"""Forms for events: RSVP, filters, organiser actions and the Wagtail admin forms."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .enums import MeetingKind
from .models import Meeting, MeetingSeries
from .recurrence import parse_date_list, parse_rrule, series_time_problems
from .reminders.services.sending import offset_label
from .selectors import meeting_free_slug
from .timezones import LONDON, LocalTimeError, london_to_utc


class MeetingFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("Show"),
        choices=[("upcoming", _("Upcoming events")), ("past", _("Past events"))],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[("", _("All kinds")), *MeetingKind.choices],
        required=False,
    )

    def cleaned_filters(self) -> dict:
        if not self.is_valid():
            return {"when": "upcoming", "kind": ""}
        return {
            "when": self.cleaned_data.get("when") or "upcoming",
            "kind": self.cleaned_data.get("kind") or "",
        }


class RegisterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Register for"),
        choices=[
            ("meeting", _("This meeting only")),
            ("series", _("All future meetings in this series")),
        ],
        initial="meeting",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        if not meeting.series_id:
            self.fields["scope"].choices = [("meeting", _("This meeting"))]
            self.fields["scope"].widget = forms.HiddenInput()


class CancelRegistrationForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[("meeting", "meeting"), ("series", "series")],
        initial="meeting",
        widget=forms.HiddenInput,
    )


def _local_datetime(day: dt.date, time: dt.time, field: str) -> dt.datetime:
    try:
        return london_to_utc(dt.datetime.combine(day, time))
    except LocalTimeError as error:
        raise ValidationError({field: str(error)}) from error


class MoveMeetingForm(forms.Form):
    date = forms.DateField(
        label=_("New date"),
        help_text=_("For example 2025-04-09."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # HTML wants ISO
    )
    start_time = forms.TimeField(
        label=_("Starts (UK time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Ends (UK time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        starts_at = _local_datetime(data["date"], data["start_time"], "start_time")
        ends_at = _local_datetime(data["date"], data["end_time"], "end_time")
        if ends_at <= starts_at:
            raise ValidationError({"end_time": _("The end must be after the start.")})
        if starts_at <= timezone.now():
            raise ValidationError({"date": _("Choose a date and time in the future.")})
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        return data


class OrganiserMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
    include_waitlist = forms.BooleanField(
        label=_("Also send to people on the waiting list"), required=False
    )


class FeedTokenForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("create", "create"), ("regenerate", "regenerate"), ("revoke", "revoke")]
    )


# --- Wagtail admin forms -----------------------------------------------------------------------

# Reminder times offered as tick boxes (minutes before the start); a series or meeting that has
# another value keeps it as one more box.
ADMIN_REMINDER_CHOICES = (10080, 2880, 1440, 180, 60, 30, 15)


def reminder_offsets_text(offsets) -> str:
    """[10080, 1440, 60] -> "1 week, 1 day and 1 hour before" (never raw JSON)."""
    minutes = sorted({int(m) for m in offsets or []}, reverse=True)
    if not minutes:
        return _("No reminders")
    labels = [str(offset_label(m)) for m in minutes]
    return _("%(times)s before") % {"times": get_text_list(labels, _("and"))}


class ReminderOffsetsField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, **kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return []
        return [item for item in super().to_python(value) if item != ""]

    def offer(self, current) -> None:
        """Tick boxes for the usual times and for any other time already chosen."""
        values = sorted(
            {*ADMIN_REMINDER_CHOICES, *(int(m) for m in current or [] if str(m).isdigit())},
            reverse=True,
        )
        self.choices = [(m, _("%(time)s before") % {"time": offset_label(m)}) for m in values]


def _formfield(db_field, **kwargs):
    """Model form fields, with https assumed for links typed without a scheme."""
    from django.db import models

    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class MeetingSeriesForm(WagtailAdminModelForm):
    reminder_offsets = ReminderOffsetsField(
        label=_("Reminders"),
        help_text=_("Registered members get an e-mail this long before each meeting starts."),
    )
    exception_dates_text = forms.CharField(
        label=_("Skipped dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date per line (YYYY-MM-DD) on which no meeting is held."),
    )
    extra_dates_text = forms.CharField(
        label=_("Extra dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date per line (YYYY-MM-DD) with a meeting the rule does not give."),
    )

    class Meta:
        model = MeetingSeries
        formfield_callback = _formfield
        fields = [
            "title",
            "slug",
            "description",
            "host",
            "agenda",
            "kind",
            "rrule",
            "first_date",
            "start_time",
            "duration_minutes",
            "default_capacity",
            "mode",
            "venue",
            "join_url",
            "reminder_offsets",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reminder_offsets"].offer(self.instance.reminder_offsets)
        self.initial["reminder_offsets"] = list(self.instance.reminder_offsets or [])
        if self.instance.pk:
            self.fields["exception_dates_text"].initial = "\n".join(
                self.instance.exception_dates or []
            )
            self.fields["extra_dates_text"].initial = "\n".join(self.instance.extra_dates or [])

    @staticmethod
    def _dates(text: str) -> list[str]:
        values = [line.strip() for line in (text or "").splitlines() if line.strip()]
        return [day.isoformat() for day in sorted(set(parse_date_list(values)))]

    def clean_exception_dates_text(self):
        return self._dates(self.cleaned_data.get("exception_dates_text"))

    def clean_extra_dates_text(self):
        return self._dates(self.cleaned_data.get("extra_dates_text"))

    def clean_rrule(self):
        value = (self.cleaned_data.get("rrule") or "").strip()
        parse_rrule(value, dtstart=dt.datetime(2025, 1, 1, 12, 0))
        return value

    def clean_reminder_offsets(self):
        return sorted(set(self.cleaned_data.get("reminder_offsets") or []), reverse=True)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        first_date, start_time = data.get("first_date"), data.get("start_time")
        if (
            not self.instance.pk
            and first_date
            and first_date < timezone.now().astimezone(LONDON).date()
        ):
            self.add_error("first_date", _("A new series cannot start in the past."))
            return data
        problems = series_time_problems(
            rule=data["rrule"],
            first_date=first_date,
            start_time=start_time,
            until=first_date + dt.timedelta(days=366 * 2),
            extras=data.get("extra_dates_text") or [],
        )
        if problems:
            self.add_error("start_time", problems[0])
        return data

    def save(self, commit=True):
        self.instance.exception_dates = self.cleaned_data.get("exception_dates_text") or []
        self.instance.extra_dates = self.cleaned_data.get("extra_dates_text") or []
        return super().save(commit=commit)


class MeetingForm(WagtailAdminModelForm):
    """Times are entered as UK wall-clock time; times that don't exist or happen twice on a
    clock-change day are refused."""

    reminder_offsets = ReminderOffsetsField(
        label=_("Reminders"),
        help_text=_(
            "Registered members get an e-mail this long before the start. Tick none to use the "
            "series' reminders (or the usual 1 week, 1 day and 1 hour)."
        ),
    )
    date = forms.DateField(label=_("Date"), help_text=_("For example 2025-04-09."))
    start_time = forms.TimeField(label=_("Starts (UK time)"), help_text=_("For example 14:00."))
    end_time = forms.TimeField(label=_("Ends (UK time)"), help_text=_("For example 15:15."))

    class Meta:
        model = Meeting
        formfield_callback = _formfield
        fields = [
            "title",
            "slug",
            "kind",
            "series",
            "status",
            "topic",
            "description",
            "host",
            "agenda",
            "speakers",
            "mode",
            "venue",
            "join_url",
            "capacity",
            "publish_from",
            "chatham_house",
            "notes",
            "recording_url",
            "reminder_offsets",
            "case_studies",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.starts_at:
            start = self.instance.starts_at.astimezone(LONDON)
            end = self.instance.ends_at.astimezone(LONDON)
            self.fields["date"].initial = start.date()
            self.fields["start_time"].initial = start.time().replace(tzinfo=None)
            self.fields["end_time"].initial = end.time().replace(tzinfo=None)
        self.fields["reminder_offsets"].offer(self.instance.reminder_offsets)
        self.initial["reminder_offsets"] = list(self.instance.reminder_offsets or [])
        self.fields["capacity"].widget.attrs["min"] = 0
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make one from the title and date.")
        self._show_inherited_texts()

    def _show_inherited_texts(self) -> None:
        """An occurrence's empty description, host and agenda show the series' text they use."""
        series = self.instance.series if self.instance.series_id else None
        for name in ("description", "host", "agenda"):
            inherited = getattr(series, name, "") if series else ""
            if inherited:
                self.fields[name].widget.attrs["placeholder"] = inherited
                self.fields[name].help_text = _(
                    "Leave empty to use the series' text, shown greyed out here."
                )

    def clean_capacity(self):
        value = self.cleaned_data.get("capacity")
        if value is not None and value < 0:
            raise ValidationError(_("Capacity cannot be negative. Leave it empty for unlimited."))
        return value

    def clean_reminder_offsets(self):
        value = sorted(set(self.cleaned_data.get("reminder_offsets") or []), reverse=True)
        return value or None

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day is None or start is None or end is None:
            return data
        try:
            starts_at = london_to_utc(dt.datetime.combine(day, start))
        except LocalTimeError as error:
            self.add_error("start_time", str(error))
            return data
        try:
            ends_at = london_to_utc(dt.datetime.combine(day, end))
        except LocalTimeError as error:
            self.add_error("end_time", str(error))
            return data
        if ends_at <= starts_at:
            self.add_error("end_time", _("The end must be after the start."))
            return data
        is_new = not self.instance.pk
        if (is_new or starts_at != self.instance.starts_at) and starts_at <= timezone.now():
            self.add_error("date", _("A new or moved meeting must be in the future."))
            return data
        self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
        if not data.get("slug"):
            data["slug"] = meeting_free_slug(title=data.get("title") or "", starts_at=starts_at)
        return data
