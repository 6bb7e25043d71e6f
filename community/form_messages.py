"""GOV.UK-style labels and error messages for the account forms: "Enter your name", "Enter an
email address in the correct format, like name@example.com", never "This field is required."
(issue 19 item 5). Used by community/account_forms.py (allauth's forms) and community/forms.py
(profile, "complete your profile"). No allauth import here: allauth's form module imports
community.forms (ACCOUNT_SIGNUP_FORM_CLASS).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

_DEFAULT_REQUIRED = forms.Field.default_error_messages["required"]
EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")

# field name -> (label or None to keep, "required" message)
_FIELDS = {
    "name": (None, _("Enter your name")),
    "login": (_("Email address"), _("Enter your email address")),
    "email": (_("Email address"), _("Enter your email address")),
    "password": (_("Password"), _("Enter your password")),
    "oldpassword": (_("Current password"), _("Enter your current password")),
    "code": (_("Code"), _("Enter the code from the email")),
    "organisation_kind": (None, _("Choose the kind of organisation")),
    "remember": (_("Remember me"), None),
}
_SIGNUP_PASSWORDS = {
    "password1": (_("Create a password"), _("Enter a password")),
    "password2": (_("Confirm your password"), _("Enter the password again")),
}
_NEW_PASSWORDS = {
    "password1": (_("New password"), _("Enter a new password")),
    "password2": (_("Confirm your new password"), _("Enter the new password again")),
}


def govuk_messages(form: forms.BaseForm, *, new_password: bool = False) -> forms.BaseForm:
    """Give ``form``'s fields their GOV.UK-style labels and messages (in place)."""
    table = {**_FIELDS, **(_NEW_PASSWORDS if new_password else _SIGNUP_PASSWORDS)}
    for name, field in form.fields.items():
        # GOV.UK: no placeholders (they repeat the label and vanish when you type).
        field.widget.attrs.pop("placeholder", None)
        label, required = table.get(name, (None, None))
        if label is not None:
            field.label = label
        if required is not None:
            field.error_messages["required"] = required
        elif (
            field.required
            and field.label
            and not isinstance(field, forms.BooleanField | forms.ChoiceField)
            and field.error_messages.get("required") == _DEFAULT_REQUIRED
        ):
            field.error_messages["required"] = _("Enter %(label)s") % {
                "label": str(field.label)[:1].lower() + str(field.label)[1:]
            }
        if isinstance(field, forms.EmailField):
            # Django puts a field's own message in place of its validator's (same code).
            field.error_messages["invalid"] = EMAIL_FORMAT
    return form
