"""One wording for length errors on every form of the site (GOV.UK style), instead of Django's
"Ensure this value has at most 600 characters (it has 601)."

Django's forms and model fields check lengths with ``MaxLengthValidator`` and
``MinLengthValidator``, whose message is a class attribute read when the error is raised. Setting
it once, when the project starts (``CoreConfig.ready``), gives every form the same message -
members' profiles, topics, messages, reports, the admin - without a mixin that one new form could
forget. The error summary (templates/components/error_summary.html) puts the field's label in
front: "Bio: Enter 600 characters or fewer. You entered 601."
"""

from django.core import validators
from django.utils.translation import ngettext_lazy

MAX_LENGTH_MESSAGE = ngettext_lazy(
    "Enter %(limit_value)d character or fewer. You entered %(show_value)d.",
    "Enter %(limit_value)d characters or fewer. You entered %(show_value)d.",
    "limit_value",
)
MIN_LENGTH_MESSAGE = ngettext_lazy(
    "Enter at least %(limit_value)d character. You entered %(show_value)d.",
    "Enter at least %(limit_value)d characters. You entered %(show_value)d.",
    "limit_value",
)


def use_plain_length_messages() -> None:
    validators.MaxLengthValidator.message = MAX_LENGTH_MESSAGE
    validators.MinLengthValidator.message = MIN_LENGTH_MESSAGE
