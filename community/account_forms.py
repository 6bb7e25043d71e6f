"""allauth's account forms with sentence-case labels and GOV.UK-style error messages ("Enter
your email address", "Enter an email address in the correct format, like name@example.com")
instead of "This field is required." (issue 19 item 5). Registered in ``ACCOUNT_FORMS``
(settings/base.py).

The wording lives in ``community/form_messages.py``; our own forms (the profile, the "complete
your profile" step) use it too.
"""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

from .form_messages import govuk_messages


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self, new_password=True)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self, new_password=True)


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self, new_password=True)


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)
        self.fields["email"].label = _("New email address")


class ChangeEmailForm(allauth_forms.ChangeEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)
        self.fields["email"].label = _("New email address")


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)


class ConfirmLoginCodeForm(allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_messages(self)
