"""Dates typed the GOV.UK way: day, month and year in three boxes, hint "For example, 27 3 2027".

`DatePartsField` reads `<name>_day`, `<name>_month` and `<name>_year`. A form posted by an older
client (or a test) with one `<name>` value such as "2027-03-27" is still read, so nothing that
posts the single value breaks. Error messages follow the GOV.UK date input pattern: say which part
is missing, or that the date must be a real date.
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PARTS = ("day", "month", "year")


def date_hint_example(day: dt.date | None = None) -> str:
    """ "For example, 27 3 2027": the hint that matches what the three boxes take."""
    day = day or dt.date(2027, 3, 27)
    return _("For example, %(day)s %(month)s %(year)s") % {
        "day": day.day,
        "month": day.month,
        "year": day.year,
    }


class DatePartsWidget(forms.Widget):
    """Three labelled number boxes inside the field's fieldset (GOV.UK date input)."""

    template_name = "core/widgets/date_parts.html"
    use_fieldset = True
    date_parts = True  # templates render a fieldset with a legend for this widget

    def format_value(self, value):
        if isinstance(value, dt.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, dict):
            return {part: value.get(part) or "" for part in PARTS}
        if isinstance(value, str) and value:
            try:
                return self.format_value(dt.date.fromisoformat(value))
            except ValueError:
                return {"day": "", "month": "", "year": ""}
        return {"day": "", "month": "", "year": ""}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = self.format_value(value)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        context["widget"]["parts"] = [
            {
                "name": f"{name}_{part}",
                # The day box carries the field's own id, so an error summary's link to the
                # field (#id_date) lands in the first box, as on GOV.UK.
                "id": base_id if part == "day" else f"{base_id}_{part}",
                "label": labels[part],
                "value": values[part],
                "size": "year" if part == "year" else "short",
                "autocomplete": {"day": "bday-day", "month": "bday-month", "year": "bday-year"}[
                    part
                ]
                if self.attrs.get("data-birthday")
                else "off",
            }
            for part in PARTS
        ]
        # Where the page around the widget gives no fieldset (the Wagtail admin), the widget
        # brings its own, with the field's label as a visually hidden legend.
        context["widget"]["legend"] = self.attrs.get("data-legend", "")
        return context

    def id_for_label(self, id_):
        return id_

    def value_from_datadict(self, data, files, name):
        parts = {part: (data.get(f"{name}_{part}") or "").strip() for part in PARTS}
        if any(f"{name}_{part}" in data for part in PARTS):
            return parts
        return data.get(name)  # one value, as the old single date box posted it

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{part}" in data for part in PARTS)


class DatePartsField(forms.Field):
    """A date from day, month and year boxes, with GOV.UK-style messages.

    `subject` names the date in messages, e.g. "The new date" -> "The new date must include a
    month". Years must have four digits.
    """

    widget = DatePartsWidget

    def __init__(self, *, subject=None, **kwargs):
        kwargs.setdefault("help_text", date_hint_example())
        super().__init__(**kwargs)
        self.subject = subject or self.label or _("The date")

    def _subject(self) -> str:
        return str(self.subject)

    def to_python(self, value):
        if value in (None, "") or value == {"day": "", "month": "", "year": ""}:
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            return self._from_text(value)
        missing = [part for part in PARTS if not value.get(part)]
        if missing:
            names = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
            if len(missing) == 1:
                message = _("%(subject)s must include %(part)s")
                params = {"subject": self._subject(), "part": names[missing[0]]}
            else:
                message = _("%(subject)s must include %(first)s and %(second)s")
                params = {
                    "subject": self._subject(),
                    "first": names[missing[0]],
                    "second": names[missing[1]],
                }
            raise ValidationError(message % params, code="incomplete")
        if not all(value[part].isdigit() for part in PARTS):
            raise ValidationError(
                _("%(subject)s must be a real date, in numbers") % {"subject": self._subject()},
                code="invalid",
            )
        if len(value["year"]) != 4:
            raise ValidationError(_("Year must include 4 numbers, like 2027"), code="invalid_year")
        try:
            return dt.date(int(value["year"]), int(value["month"]), int(value["day"]))
        except ValueError as error:
            raise ValidationError(
                _("%(subject)s must be a real date") % {"subject": self._subject()},
                code="invalid",
            ) from error

    def _from_text(self, value: str) -> dt.date:
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValidationError(_("Enter a valid date, for example 27 3 2027."), code="invalid")

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(
                _("Enter %(subject)s") % {"subject": self._subject_lower()}, code="required"
            )

    def _subject_lower(self) -> str:
        text = self._subject()
        return text[:1].lower() + text[1:]

    def widget_attrs(self, widget):
        return {}
