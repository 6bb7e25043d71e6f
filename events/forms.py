"""Forms for events: RSVP, filters, organiser actions and the Wagtail admin forms."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorDict
from django.utils import dateformat, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from core.date_input import DatePartsField

from .enums import MeetingKind
from .models import Meeting, MeetingSeries
from .recurrence import (
    END_AFTER,
    END_NEVER,
    END_ON,
    MAX_COUNT,
    MAX_WEEKS_INTERVAL,
    ORDINALS,
    PATTERN_MONTHLY_DAY,
    PATTERN_MONTHLY_WEEKDAY,
    PATTERN_WEEKLY,
    PATTERNS,
    RepeatPicker,
    clock_words,
    next_dates,
    parse_date_list,
    parse_rrule,
    picker_from_rrule,
    rule_in_words,
    series_time_problems,
    weekday_name,
)
from .reminders.services.sending import offset_label
from .selectors import meeting_free_slug
from .timezones import LONDON, LocalTimeError, local_time_problem, london_to_utc


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


def uk_time_field(*, label, hint, required, invalid) -> forms.TimeField:
    """A time typed as hours and minutes in a text box, with its hint "For example, 14:00".
    A text box: a native time box shows "02:00 PM" in some browsers, not the hint's 14:00."""
    return forms.TimeField(
        label=label,
        help_text=hint,
        widget=forms.TimeInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input--time"},
            format="%H:%M",
        ),
        error_messages={"required": required, "invalid": invalid},
    )


class MoveMeetingForm(forms.Form):
    """The new date in day, month and year boxes (GOV.UK date input); times in UK time."""

    date = DatePartsField(label=_("New date"), subject=_("The new date"))
    start_time = uk_time_field(
        label=_("Starts (UK time)"),
        hint=_("For example, 14:00"),
        required=_("Enter the start time"),
        invalid=_("Enter the start time as hours and minutes, like 14:00"),
    )
    end_time = uk_time_field(
        label=_("Ends (UK time)"),
        hint=_("For example, 15:15"),
        required=_("Enter the end time"),
        invalid=_("Enter the end time as hours and minutes, like 15:15"),
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

# Reminder times offered as tick boxes (minutes before the start): 1 week, 1 day and 1 hour. A
# series or meeting that has another time (or one added with "Add another reminder") keeps it as
# one more box.
ADMIN_REMINDER_CHOICES = (10080, 1440, 60)
REMINDER_UNITS = {"minutes": 1, "hours": 60, "days": 1440, "weeks": 10080}
MAX_REMINDER_MINUTES = 4 * 10080


def reminder_offsets_text(offsets) -> str:
    """[10080, 1440, 60] -> "1 week, 1 day and 1 hour before" (never raw JSON)."""
    minutes = sorted({int(m) for m in offsets or []}, reverse=True)
    if not minutes:
        return _("No reminders")
    labels = [str(offset_label(m)) for m in minutes]
    return _("%(times)s before") % {"times": get_text_list(labels, _("and"))}


class ReminderOffsetsField(forms.TypedMultipleChoiceField):
    """Tick boxes of reminder times. Any whole number of minutes up to 4 weeks is accepted, so a
    time added with "Add another reminder" (then offered as a box) can be posted back."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, **kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return []
        return [item for item in super().to_python(value) if item != ""]

    def valid_value(self, value):
        text = str(value)
        return text.isdigit() and 1 <= int(text) <= MAX_REMINDER_MINUTES

    def offer(self, *currents) -> None:
        """Tick boxes for the usual times and for any other time already chosen."""
        values = sorted(
            {
                *ADMIN_REMINDER_CHOICES,
                *(
                    int(m)
                    for current in currents
                    for m in current or []
                    if str(m).isdigit() and self.valid_value(m)
                ),
            },
            reverse=True,
        )
        self.choices = [(m, _("%(time)s before") % {"time": offset_label(m)}) for m in values]


REMINDER_FIELDS = ("reminder_offsets", "reminder_other_number", "reminder_other_unit")


class ReminderChoicesMixin(forms.Form):
    """Reminders as tick boxes (1 week, 1 day, 1 hour before) plus "add another": a number and a
    unit. Never JSON."""

    reminder_other_number = forms.CharField(
        label=_("Another reminder: how long before"),
        required=False,
        help_text=_("For example, 2 and then choose days. Leave empty if you do not need one."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    reminder_other_unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[
            ("minutes", _("minutes before")),
            ("hours", _("hours before")),
            ("days", _("days before")),
            ("weeks", _("weeks before")),
        ],
        initial="hours",
        required=False,
    )

    def offer_reminders(self, instance_offsets) -> None:
        posted = self.data.getlist(self.add_prefix("reminder_offsets")) if self.is_bound else []
        initial = self.initial.get("reminder_offsets")
        if initial is None:
            initial = list(instance_offsets or [])
            self.initial["reminder_offsets"] = initial
        self.fields["reminder_offsets"].offer(instance_offsets, posted, initial)

    def clean_reminder_other_number(self):
        text = (self.cleaned_data.get("reminder_other_number") or "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError(_("Enter the reminder time as a whole number, like 2"))
        if int(text) < 1:
            raise ValidationError(_("The reminder time must be 1 or more"))
        return int(text)

    def other_reminder_minutes(self) -> int | None:
        number = self.cleaned_data.get("reminder_other_number")
        unit = self.cleaned_data.get("reminder_other_unit") or "hours"
        if not number:
            return None
        minutes = number * REMINDER_UNITS[unit]
        if minutes > MAX_REMINDER_MINUTES:
            self.add_error(
                "reminder_other_number", _("A reminder must be 4 weeks before the start or less")
            )
            return None
        return minutes

    def label_date_groups(self, *names) -> None:
        """In the admin the day, month and year boxes bring their own fieldset and legend."""
        for name in names:
            self.fields[name].widget.attrs["data-legend"] = str(self.fields[name].label)

    def keep_errors(self, names) -> None:
        """Keep only the errors of these fields (a preview re-render, not a save)."""
        self._errors = ErrorDict(
            {name: errors for name, errors in self.errors.items() if name in names}
        )

    def chosen_reminders(self) -> list[int]:
        """The ticked times and the one typed in "add another", longest first, no repeats."""
        chosen = set(self.cleaned_data.get("reminder_offsets") or [])
        other = self.other_reminder_minutes()
        if other:
            chosen.add(other)
        return sorted(chosen, reverse=True)


def _formfield(db_field, **kwargs):
    """Model form fields, with https assumed for links typed without a scheme."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


REPEAT_ADVANCED = "advanced"
REPEAT_FIELDS = (
    "first_date",
    "start_time",
    "repeat",
    "repeat_weeks",
    "repeat_weekday",
    "repeat_ordinal",
    "repeat_month_day",
    "repeat_end",
    "repeat_until",
    "repeat_count",
    "rrule",
    "exception_dates_text",
    "extra_dates_text",
)


def _whole_number(text, *, low: int, high: int, missing, wrong):
    value = (text or "").strip()
    if not value:
        raise ValidationError(missing)
    if not value.isdigit() or not low <= int(value) <= high:
        raise ValidationError(wrong)
    return int(value)


class MeetingSeriesForm(ReminderChoicesMixin, WagtailAdminModelForm):
    """The series form: date and time first, then a plain-language repeat picker that writes the
    RRULE (kept as an advanced field for rules the picker cannot say), then the rest.

    "Show the dates" (a submit button; see wagtail_hooks) re-renders the form with the next six
    dates in UK time, keeping everything typed."""

    first_date = DatePartsField(label=_("First meeting date"), subject=_("The first meeting date"))
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        widget=forms.RadioSelect,
        choices=[
            (PATTERN_WEEKLY, _("Every week, or every few weeks, on a weekday")),
            (PATTERN_MONTHLY_WEEKDAY, _("Every month on a weekday, like the second Wednesday")),
            (PATTERN_MONTHLY_DAY, _("Every month on a day of the month, like the 15th")),
            (REPEAT_ADVANCED, _("Advanced: a repeat rule (RRULE) typed below")),
        ],
        required=False,
    )
    repeat_weeks = forms.CharField(
        label=_("Weekly: how many weeks apart"),
        help_text=_("1 for every week, 2 for every other week."),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
    )
    repeat_weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        coerce=int,
        choices=[(day, weekday_name(day)) for day in range(7)],
        required=False,
    )
    repeat_ordinal = forms.TypedChoiceField(
        label=_("Monthly on a weekday: which one in the month"),
        coerce=int,
        choices=[
            (1, _("First")),
            (2, _("Second")),
            (3, _("Third")),
            (4, _("Fourth")),
            (-1, _("Last")),
        ],
        required=False,
    )
    repeat_month_day = forms.CharField(
        label=_("Monthly on a day of the month: which day"),
        help_text=_("A number from 1 to 31. Months without that day have no meeting."),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
    )
    repeat_end = forms.ChoiceField(
        label=_("Ends"),
        widget=forms.RadioSelect,
        choices=[
            (END_NEVER, _("Never")),
            (END_ON, _("On a date")),
            (END_AFTER, _("After a number of meetings")),
        ],
        required=False,
    )
    repeat_until = DatePartsField(
        label=_("Date of the last meeting"),
        subject=_("The date of the last meeting"),
        required=False,
    )
    repeat_count = forms.CharField(
        label=_("Number of meetings"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    reminder_offsets = ReminderOffsetsField(
        label=_("Reminders"),
        help_text=_("Registered members get an email this long before each meeting starts."),
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
            "first_date",
            "start_time",
            "duration_minutes",
            "rrule",
            "title",
            "slug",
            "description",
            "host",
            "agenda",
            "kind",
            "default_capacity",
            "mode",
            "venue",
            "join_url",
            "reminder_offsets",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_reminders(self.instance.reminder_offsets)
        self.label_date_groups("first_date", "repeat_until")
        rrule = self.fields["rrule"]
        rrule.required = False
        rrule.label = _("Advanced: repeat rule (RRULE)")
        rrule.help_text = _(
            "Only when “Advanced” is chosen above: an RFC 5545 rule without DTSTART, for example "
            "FREQ=MONTHLY;BYDAY=+2WE. The picker writes this for you."
        )
        self.fields["start_time"].help_text = _("UK time, for example 14:00.")
        if self.instance.pk:
            self.fields["exception_dates_text"].initial = "\n".join(
                self.instance.exception_dates or []
            )
            self.fields["extra_dates_text"].initial = "\n".join(self.instance.extra_dates or [])
        picker = picker_from_rrule(self.instance.rrule) if self.instance.pk else None
        if self.instance.pk and picker is None:
            initial = {"repeat": REPEAT_ADVANCED, "repeat_end": END_NEVER}
        else:
            picker = picker or RepeatPicker(PATTERN_MONTHLY_WEEKDAY, weekday=2, ordinal=2)
            initial = {
                "repeat": picker.pattern,
                "repeat_weeks": str(picker.interval),
                "repeat_weekday": picker.weekday,
                "repeat_ordinal": picker.ordinal,
                "repeat_month_day": str(picker.month_day)
                if picker.pattern == PATTERN_MONTHLY_DAY
                else "",
                "repeat_end": picker.end,
                "repeat_until": picker.until,
                "repeat_count": str(picker.count or ""),
            }
        for name, value in initial.items():
            self.initial.setdefault(name, value)

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
        if value or self._repeat_choice() == REPEAT_ADVANCED:
            if not value:
                raise ValidationError(
                    _("Enter a repeat rule, or choose how the meetings repeat above")
                )
            parse_rrule(value, dtstart=dt.datetime(2025, 1, 1, 12, 0))
        return value

    def _repeat_choice(self) -> str:
        """What the organiser chose; a post without the picker (older clients) means the
        advanced rule."""
        if self.add_prefix("repeat") not in self.data:
            return REPEAT_ADVANCED
        return self.data.get(self.add_prefix("repeat")) or REPEAT_ADVANCED

    def _picker(self) -> RepeatPicker | None:
        """The picker from the posted choices, with GOV.UK-style errors on the boxes."""
        data = self.cleaned_data
        pattern = data.get("repeat") or REPEAT_ADVANCED
        if pattern not in PATTERNS:
            return None
        values = {"pattern": pattern}
        try:
            if pattern == PATTERN_WEEKLY:
                values["interval"] = _whole_number(
                    data.get("repeat_weeks"),
                    low=1,
                    high=MAX_WEEKS_INTERVAL,
                    missing=_("Enter how many weeks apart the meetings are"),
                    wrong=_("The number of weeks must be a whole number from 1 to 52"),
                )
        except ValidationError as error:
            self.add_error("repeat_weeks", error)
            return None
        if pattern in (PATTERN_WEEKLY, PATTERN_MONTHLY_WEEKDAY):
            if data.get("repeat_weekday") in (None, ""):
                self.add_error("repeat_weekday", _("Choose the weekday"))
                return None
            values["weekday"] = data["repeat_weekday"]
        if pattern == PATTERN_MONTHLY_WEEKDAY:
            if data.get("repeat_ordinal") not in ORDINALS:
                self.add_error("repeat_ordinal", _("Choose which weekday in the month"))
                return None
            values["ordinal"] = data["repeat_ordinal"]
        if pattern == PATTERN_MONTHLY_DAY:
            try:
                values["month_day"] = _whole_number(
                    data.get("repeat_month_day"),
                    low=1,
                    high=31,
                    missing=_("Enter the day of the month, a number from 1 to 31"),
                    wrong=_("The day of the month must be a whole number from 1 to 31"),
                )
            except ValidationError as error:
                self.add_error("repeat_month_day", error)
                return None
        end = data.get("repeat_end") or END_NEVER
        values["end"] = end
        if end == END_ON:
            until = data.get("repeat_until")
            if "repeat_until" in self.errors:
                return None
            if until is None:
                self.add_error("repeat_until", _("Enter the date of the last meeting"))
                return None
            first = data.get("first_date")
            if first and until < first:
                self.add_error(
                    "repeat_until",
                    _("The date of the last meeting must be the same as or after the first date"),
                )
                return None
            values["until"] = until
        if end == END_AFTER:
            try:
                values["count"] = _whole_number(
                    data.get("repeat_count"),
                    low=1,
                    high=MAX_COUNT,
                    missing=_("Enter how many meetings there will be"),
                    wrong=_("The number of meetings must be a whole number from 1 to 500"),
                )
            except ValidationError as error:
                self.add_error("repeat_count", error)
                return None
        return RepeatPicker(**values).normalised()

    def clean(self):
        data = super().clean()
        if (data.get("repeat") or REPEAT_ADVANCED) in PATTERNS:
            picker = self._picker()
            if picker is not None:
                data["rrule"] = picker.to_rrule()
        elif not data.get("rrule") and "rrule" not in self.errors:
            self.add_error("rrule", _("Choose how the meetings repeat"))
        data["reminder_offsets"] = self.chosen_reminders()
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

    def repeat_preview(self, *, today: dt.date | None = None) -> dict:
        """The rule in words and the next six dates in UK time, or what to fix first.

        Only the date, time and repeat boxes count: a missing title does not stop the preview."""
        self.is_valid()
        problems = [str(error) for name in REPEAT_FIELDS for error in self.errors.get(name, [])]
        data = self.cleaned_data
        if problems or not data.get("rrule") or not data.get("first_date"):
            return {"problems": problems or [_("Enter the first meeting date and how it repeats")]}
        start_time = data.get("start_time")
        if start_time is None:
            return {"problems": [_("Enter the start time")]}
        today = today or timezone.now().astimezone(LONDON).date()
        dates = next_dates(
            rule=data["rrule"],
            first_date=data["first_date"],
            start_time=start_time,
            today=today,
            exceptions=data.get("exception_dates_text") or [],
            extras=data.get("extra_dates_text") or [],
        )
        rows = []
        for day in dates:
            local = dt.datetime.combine(day, start_time)
            problem = local_time_problem(local)
            zone = "BST" if local.replace(tzinfo=LONDON).dst() else "GMT"
            rows.append(
                {
                    "date": day,
                    "text": _("%(day)s, %(time)s UK time (%(zone)s)")
                    % {
                        "day": dateformat.format(day, "l j F Y"),
                        "time": clock_words(start_time),
                        "zone": zone,
                    },
                    "problem": problem,
                }
            )
        note = ""
        first = data["first_date"]
        if dates and first >= today and dates[0] != first:
            note = _(
                "%(first)s does not fit this rule, so the first meeting is on %(day)s. Change "
                "the first meeting date or the rule if that is not what you meant."
            ) % {
                "first": dateformat.format(first, "l j F Y"),
                "day": dateformat.format(dates[0], "l j F Y"),
            }
        return {
            "words": rule_in_words(data["rrule"], start_time=start_time),
            "rrule": data["rrule"],
            "dates": rows,
            "note": note,
        }

    def save(self, commit=True):
        self.instance.exception_dates = self.cleaned_data.get("exception_dates_text") or []
        self.instance.extra_dates = self.cleaned_data.get("extra_dates_text") or []
        return super().save(commit=commit)


class MeetingForm(ReminderChoicesMixin, WagtailAdminModelForm):
    """Times are entered as UK wall-clock time; times that don't exist or happen twice on a
    clock-change day are refused. The date is typed in day, month and year boxes."""

    reminder_offsets = ReminderOffsetsField(
        label=_("Reminders"),
        help_text=_(
            "Registered members get an email this long before the start. Tick none to use the "
            "series' reminders (or the usual 1 week, 1 day and 1 hour)."
        ),
    )
    date = DatePartsField(label=_("Date"), subject=_("The date"))
    start_time = forms.TimeField(label=_("Starts (UK time)"), help_text=_("For example, 14:00"))
    end_time = forms.TimeField(label=_("Ends (UK time)"), help_text=_("For example, 15:15"))

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
        self.offer_reminders(self.instance.reminder_offsets)
        self.label_date_groups("date")
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

    def clean(self):
        data = super().clean()
        data["reminder_offsets"] = self.chosen_reminders() or None
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
