from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import UpdateKind

SEARCH_QUERY_MAX_LENGTH = 200


class UpdatesFilterForm(forms.Form):
    """GET filters on /updates/. Unknown or hostile values are ignored, never an error page."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *UpdateKind.choices], required=False
    )
    tag = forms.SlugField(label=_("Tag"), max_length=100, required=False)

    def cleaned_filters(self) -> dict[str, str]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"kind": data.get("kind") or "", "tag": data.get("tag") or ""}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        max_length=SEARCH_QUERY_MAX_LENGTH,
        required=False,
        strip=True,
    )
    kind = forms.SlugField(max_length=100, required=False, widget=forms.HiddenInput)

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        # Control characters carry no meaning in a search and upset some backends.
        return " ".join("".join(ch if ch.isprintable() else " " for ch in query).split())
