"""Django's password validators' help texts and errors, listed here so that ``makemessages``
puts them in our catalogue: Django ships a Welsh catalogue without them, so the sign-up,
password reset and password change forms showed the rules in English on Welsh pages.

The msgids must stay exactly as Django writes them (django/contrib/auth/password_validation.py,
including the curly apostrophes): Django looks them up at run time, and our catalogue
(``LOCALE_PATHS``) takes precedence over Django's own. Nothing imports this module's values;
tests/i18n/test_welsh_crawl.py checks the sign-up page shows the rules in Welsh.
"""

# ruff: noqa: RUF001 - the msgids keep Django's curly apostrophes, or they would not match.

from django.utils.translation import gettext_noop, ngettext_lazy

PASSWORD_RULES = (
    # UserAttributeSimilarityValidator
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    # CommonPasswordValidator
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is too common."),
    # NumericPasswordValidator
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is entirely numeric."),
)

# MinimumLengthValidator (settings.AUTH_PASSWORD_VALIDATORS sets the length).
PASSWORD_LENGTH_RULES = (
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)
