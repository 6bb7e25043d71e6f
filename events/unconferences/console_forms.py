"""Forms of the organiser console: the rooms and time slots tables (formsets whose errors name
the row), the phase change and bulk moderation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Phase
from .models import Slot, Space, Topic
from .services import SlotRow, SpaceRow

UK = ZoneInfo("Europe/London")


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=Phase.choices)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p.value, p.label) for p in Phase if p.value in targets]
        self.fields["phase"].error_messages["invalid_choice"] = _(
            "The unconference cannot move to that phase from where it is now."
        )


class RowForm(forms.Form):
    """A row of an editable table: its id (blank for a new row) and a Delete box."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    DELETE = forms.BooleanField(required=False, label=_("Delete"))

    def __init__(self, *args, row_number=0, table=None, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_number, self.table, self.queryset = row_number, table, queryset

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not data.get("id") and not self.has_changed()

    def clean_id(self):
        pk = self.cleaned_data.get("id")
        if pk and not self.queryset.filter(pk=pk).exists():
            raise forms.ValidationError(_("This row no longer exists: reload the page."))
        return pk

    def row_label(self) -> str:
        return _("%(table)s, row %(number)s") % {"table": self.table, "number": self.row_number}


class SpaceRowForm(RowForm):
    name = forms.CharField(
        label=_("Room name"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Room name must be 100 characters or fewer")},
    )
    capacity = forms.IntegerField(
        label=_("Capacity (people)"),
        min_value=1,
        max_value=10000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--short"}),
        error_messages={
            "invalid": _("Capacity must be a whole number, like 20"),
            "min_value": _("Capacity must be 1 or more"),
            "max_value": _("Capacity must be 10,000 or fewer"),
        },
    )

    def clean(self):
        data = super().clean()
        if self.errors or data.get("DELETE") or (not data.get("id") and not self.has_changed()):
            return data
        if not (data.get("name") or "").strip():
            self.add_error("name", _("Enter a room name"))
        if data.get("capacity") is None:
            self.add_error("capacity", _("Enter how many people the room holds"))
        return data

    def describe(self) -> str:
        obj = self.queryset.filter(pk=self.cleaned_data.get("id")).first()
        return _("room “%(name)s”") % {"name": obj.name if obj else self.cleaned_data.get("name")}

    def to_row(self) -> SpaceRow:
        d = self.cleaned_data
        return SpaceRow(
            pk=d.get("id"),
            name=(d.get("name") or "").strip(),
            capacity=d.get("capacity") or 1,
            delete=bool(d.get("DELETE")),
        )


class SlotRowForm(RowForm):
    start = forms.TimeField(
        label=_("Starts"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a start time like 10:30")},
    )
    end = forms.TimeField(
        label=_("Ends"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter an end time like 11:15")},
    )
    label = forms.CharField(
        label=_("Label (optional)"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Label must be 100 characters or fewer")},
    )

    def __init__(self, *args, day: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day

    def clean(self):
        data = super().clean()
        if self.errors or data.get("DELETE") or (not data.get("id") and not self.has_changed()):
            return data
        if data.get("start") is None:
            self.add_error("start", _("Enter a start time like 10:30"))
        if data.get("end") is None:
            self.add_error("end", _("Enter an end time like 11:15"))
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end time must be after the start time"))
        return data

    def _at(self, t: dt.time) -> dt.datetime:
        return dt.datetime.combine(self.day, t, tzinfo=UK)

    def describe(self) -> str:
        obj = self.queryset.filter(pk=self.cleaned_data.get("id")).first()
        if obj is None:
            return ""
        start = timezone.localtime(obj.starts_at, UK).strftime("%H:%M")
        end = timezone.localtime(obj.ends_at, UK).strftime("%H:%M")
        return _("time slot %(start)s to %(end)s") % {"start": start, "end": end}

    def to_row(self) -> SlotRow:
        d = self.cleaned_data
        starts = self._at(d["start"]) if d.get("start") else None
        ends = self._at(d["end"]) if d.get("end") else None
        return SlotRow(
            pk=d.get("id"),
            starts_at=starts,
            ends_at=ends,
            label=(d.get("label") or "").strip(),
            delete=bool(d.get("DELETE")),
        )


class RowsTable:
    """A small formset: numbered rows (existing ones first, then ``extra`` blank ones) posted
    with a ``<prefix>-rows`` count. Errors name the table and the row."""

    form_class: type[RowForm] = RowForm
    prefix = ""
    title = ""

    def __init__(self, data=None, *, unconference, extra: int = 2):
        self.unconference = unconference
        self.data = data
        self.queryset = self.get_queryset()
        if data is not None:
            try:
                count = min(int(data.get(f"{self.prefix}-rows", 0)), 200)
            except ValueError:
                count = 0
            initials = [{}] * count
        else:
            initials = [self.initial_for(obj) for obj in self.queryset] + [{}] * extra
        self.forms = [
            self.form_class(
                data,
                prefix=f"{self.prefix}-{i}",
                initial=initial,
                row_number=i + 1,
                table=self.title,
                queryset=self.queryset,
                **self.form_kwargs(),
            )
            for i, initial in enumerate(initials)
        ]
        self.table_errors: list[str] = []

    def form_kwargs(self) -> dict:
        return {}

    def get_queryset(self):
        raise NotImplementedError

    def initial_for(self, obj) -> dict:
        raise NotImplementedError

    def used_forms(self) -> list[RowForm]:
        return [f for f in self.forms if not f.is_blank()]

    def is_valid(self) -> bool:
        valid = all([f.is_valid() for f in self.forms])  # every row, for every error
        self.clean_repeated_ids()
        self.clean()  # adds errors to the rows it names
        return valid and not self.table_errors and all(not f.errors for f in self.forms)

    def clean_repeated_ids(self) -> None:
        """One row per room or slot: a posted table naming the same one twice (a tampered or
        doubled form) would edit and delete it in one save."""
        seen: dict[int, int] = {}
        for form in self.used_forms():
            pk = form.cleaned_data.get("id")
            if not pk:
                continue
            if pk in seen:
                form.add_error(
                    "id",
                    _("This row repeats row %(row)s: reload the page.") % {"row": seen[pk]},
                )
            seen.setdefault(pk, form.row_number)

    def clean(self) -> None:
        pass

    def rows(self):
        return [f.to_row() for f in self.used_forms()]

    def deleted(self) -> list[RowForm]:
        return [
            f
            for f in self.used_forms()
            if f.cleaned_data.get("DELETE") and f.cleaned_data.get("id")
        ]

    def errors(self) -> list[tuple[str, str]]:
        """(message naming the row, anchor id) for the error summary."""
        found = []
        for form in self.forms:
            for name, errors in form.errors.items():
                anchor = form[name].id_for_label if name in form.fields else ""
                for error in errors:
                    found.append((f"{form.row_label()}: {error}", anchor))
        found.extend((message, f"{self.prefix}-table") for message in self.table_errors)
        return found


class SpacesTable(RowsTable):
    form_class = SpaceRowForm
    prefix = "rooms"
    title = _("Rooms")

    def get_queryset(self):
        return Space.objects.filter(unconference=self.unconference)

    def initial_for(self, obj) -> dict:
        return {"id": obj.pk, "name": obj.name, "capacity": obj.capacity}

    def clean(self) -> None:
        seen: dict[str, int] = {}
        for form in self.used_forms():
            if form.cleaned_data.get("DELETE"):
                continue
            name = (form.cleaned_data.get("name") or "").strip().casefold()
            if not name:
                continue
            if name in seen:
                form.add_error(
                    "name",
                    _("Room name is the same as row %(row)s: give each room its own name")
                    % {"row": seen[name]},
                )
            seen.setdefault(name, form.row_number)


class SlotsTable(RowsTable):
    form_class = SlotRowForm
    prefix = "slots"
    title = _("Time slots")

    def form_kwargs(self) -> dict:
        return {"day": timezone.localtime(self.unconference.starts_at, UK).date()}

    def get_queryset(self):
        return Slot.objects.filter(unconference=self.unconference)

    def initial_for(self, obj) -> dict:
        return {
            "id": obj.pk,
            "start": timezone.localtime(obj.starts_at, UK).time(),
            "end": timezone.localtime(obj.ends_at, UK).time(),
            "label": obj.label,
        }

    def clean(self) -> None:
        seen: dict[dt.time, int] = {}
        for form in self.used_forms():
            if form.cleaned_data.get("DELETE"):
                continue
            start = form.cleaned_data.get("start")
            if start is None:
                continue
            if start in seen:
                form.add_error(
                    "start",
                    _("Another slot (row %(row)s) starts at %(time)s: change one of them")
                    % {"row": seen[start], "time": start.strftime("%H:%M")},
                )
            seen.setdefault(start, form.row_number)


class BulkModerationForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(),
        label=_("Topics"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one topic"),
            "invalid_choice": _("Select topics from this board"),
            "invalid_pk_value": _("Select topics from this board"),
        },
    )
    action = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline")), ("merge", _("Merge"))],
        error_messages={"required": _("Choose accept, decline or merge")},
    )
    reason = forms.CharField(
        label=_("Reason for declining (emailed to each proposer)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        error_messages={"max_length": _("Reason must be 1,000 characters or fewer")},
    )
    target = forms.ModelChoiceField(
        queryset=Topic.objects.none(),
        label=_("Merge the selected topics into"),
        required=False,
        empty_label=_("Choose a topic"),
        error_messages={"invalid_choice": _("Select a proposed or accepted topic to merge into")},
    )

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(board=board)
        self.fields["target"].queryset = Topic.objects.filter(
            board=board, status__in=("proposed", "accepted")
        ).order_by("title")

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Enter a reason for declining"))
        if action == "merge":
            target = data.get("target")
            if target is None and "target" not in self.errors:
                self.add_error("target", _("Select the topic to merge into"))
            topics = data.get("topics") or []
            if target is not None and [t.pk for t in topics] == [target.pk]:
                self.add_error(
                    "target",
                    _("Select a different topic to merge into: a topic cannot merge into itself"),
                )
        return data
