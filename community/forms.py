from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


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
