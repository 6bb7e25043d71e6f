"""A people picker that scales: one text field instead of a multi-select of every member.

Without JavaScript a person types names or e-mail addresses separated by commas; the field finds
each one among the members the viewer may see (``selectors.users_visible_to``, the one
visibility rule) and names the one it could not find. With JavaScript
(``static/js/member-picker.js``) the same field suggests members as you type, from
``/members/search.json`` (signed-in people only; the same rule; never e-mail addresses).

    from community.pickers import MemberPickerField
    co_facilitators = MemberPickerField(label=_("Co-facilitators"), max_people=3)
    ...
    form.fields["co_facilitators"].set_viewer(request.user, exclude_self=True)
"""

import re

from django import forms
from django.db.models import Count, Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import User
from .selectors import users_visible_to

# "Name (#12)": how a suggestion names one of two members with the same name.
_WITH_ID = re.compile(r"^(?P<name>.*?)\s*\(#(?P<id>\d+)\)$")
_SEPARATORS = re.compile(r"[,;\n]+")
SEARCH_LIMIT = 10
MAX_ID_DIGITS = 18  # beyond a bigint: "not found", never a database error


def picker_label(user: User, *, ambiguous: bool = False) -> str:
    """What the field shows for a chosen person: the name, with the id when two share it."""
    name = user.name or _("Member")
    return f"{name} (#{user.pk})" if ambiguous else str(name)


class MemberPickerWidget(forms.TextInput):
    """A text input that the picker script turns into a search-as-you-type combobox."""

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "data-member-picker": "",
            "data-source": reverse_lazy("community:member_search"),
            "class": "member-picker__input",
            # What the script says (translated here: the script has no strings of its own).
            "data-list-label": _("Suggested members"),
            "data-one": _("1 suggestion. Use the up and down arrows to choose."),
            "data-many": _("{count} suggestions. Use the up and down arrows to choose."),
            "data-none": _("No members found. Check the spelling or use their email address."),
            "data-added": _("Added {name}."),
        }
        super().__init__({**defaults, **(attrs or {})})

    class Media:
        js = ["js/member-picker.js"]

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        people = list(value)
        if people and not isinstance(people[0], User):
            people = list(User.objects.filter(pk__in=people).order_by("name", "pk"))
        if not people:
            return None
        # A name someone else also has is shown with the id, so posting it back finds the same
        # person (one query; counted over all members, a superset of those the viewer sees).
        shared = set(
            User.objects.filter(name__in=[p.name for p in people])
            .order_by()
            .values("name")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values_list("name", flat=True)
        )
        return ", ".join(
            picker_label(person, ambiguous=person.name in shared or not person.name)
            for person in people
        )

    def value_from_datadict(self, data, files, name):
        # Older forms and scripts post ids as a list; typed text arrives as one value.
        if hasattr(data, "getlist"):
            values = [v for v in data.getlist(name) if v is not None]
            if len(values) > 1:
                return ", ".join(str(v) for v in values)
            return values[0] if values else None
        return data.get(name)


class MemberPickerField(forms.Field):
    """Comma-separated names, e-mail addresses (or ids) -> a list of visible members."""

    widget = MemberPickerWidget
    default_error_messages = {
        "not_found": _(
            "No member called “%(name)s” was found. Check the spelling or use their email "
            "address: you can only name members whose profile you can see."
        ),
        "ambiguous": _(
            "More than one member is called “%(name)s”. Choose one from the suggestions or "
            "enter their email address."
        ),
    }

    def __init__(self, *, max_people: int | None = None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.max_people = max_people
        self.queryset = User.objects.none()
        self.viewer_pk = None

    def set_viewer(self, viewer, *, exclude_self: bool = False) -> None:
        """Offer only the people this viewer may see (and never themself, if asked)."""
        queryset = users_visible_to(viewer=viewer) if viewer is not None else User.objects.none()
        if viewer is not None and exclude_self:
            queryset = queryset.exclude(pk=viewer.pk)
        self.queryset = queryset
        self.viewer_pk = getattr(viewer, "pk", None)
        if exclude_self:
            self.widget.attrs["data-exclude-self"] = "true"

    def to_python(self, value) -> list[str]:
        if value in self.empty_values:
            return []
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        if "\x00" in str(value):
            raise forms.ValidationError(
                _("Enter names or email addresses, separated by commas."), code="null"
            )
        tokens = []
        for token in _SEPARATORS.split(str(value)):
            token = " ".join(token.split())
            if token and token.lower() not in {t.lower() for t in tokens}:
                tokens.append(token)
        return tokens

    def validate(self, value):
        super().validate(value)
        if self.max_people is not None and len(value) > self.max_people:
            raise forms.ValidationError(
                ngettext(
                    "Enter no more than %(count)s person.",
                    "Enter no more than %(count)s people.",
                    self.max_people,
                )
                % {"count": self.max_people},
                code="too_many",
            )

    def clean(self, value):
        tokens = super().clean(value)
        if not tokens:
            return []
        people = []
        for token in tokens:
            person = self._find(token)
            if person.pk not in {p.pk for p in people}:
                people.append(person)
        return people

    def _find(self, token: str) -> User:
        match = _WITH_ID.match(token)
        if token.isdigit() and len(token) <= MAX_ID_DIGITS:
            found = list(self.queryset.filter(pk=int(token))[:2])
        elif match and len(match["id"]) <= MAX_ID_DIGITS:
            found = list(self.queryset.filter(pk=int(match["id"]))[:2])
        elif "@" in token:
            found = list(self.queryset.filter(email__iexact=token)[:2])
        else:
            found = list(self.queryset.filter(name__iexact=token)[:2])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise forms.ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"name": token}
            )
        shown = match["name"] if match else token
        raise forms.ValidationError(
            self.error_messages["not_found"], code="not_found", params={"name": shown}
        )

    def has_changed(self, initial, data):
        return self.widget.format_value(initial) != (data or None)


def member_suggestions(*, viewer, q: str, exclude_self: bool = False) -> list[dict]:
    """At most SEARCH_LIMIT members this viewer may see whose name contains ``q`` (or whose
    organisation's name does), for the picker's suggestions. Never an e-mail address."""
    q = " ".join((q or "").replace("\x00", "").split())
    if len(q) < 2:
        return []
    queryset = users_visible_to(viewer=viewer)
    if exclude_self:
        queryset = queryset.exclude(pk=viewer.pk)
    people = list(
        queryset.filter(Q(name__icontains=q) | Q(profile__organisation__name__icontains=q))
        .select_related("profile__organisation")
        .only("pk", "name", "profile__organisation__name")[:SEARCH_LIMIT]
    )
    # Two visible members with one name: the suggestion carries the id ("Name (#12)").
    same_name = set(
        users_visible_to(viewer=viewer)
        .filter(name__in=[p.name for p in people])
        .order_by()
        .values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )
    results = []
    for person in people:
        organisation = getattr(getattr(person, "profile", None), "organisation", None)
        results.append(
            {
                "id": person.pk,
                "name": person.name,
                "organisation": organisation.name if organisation else "",
                "value": picker_label(person, ambiguous=person.name in same_name),
            }
        )
    return results
