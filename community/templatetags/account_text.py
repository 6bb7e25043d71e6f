"""``sentence_case``: allauth's English headings and buttons ("Sign In", "Change Password",
"Email Addresses") in sentence case, as GOV.UK writes them ("Sign in", "Change password").

Used by the allauth element and layout overrides (templates/allauth/); other languages are left
as their catalogue wrote them (we do not edit allauth's translations).
"""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Whole words allauth writes that are not just capitals ("Signup" is the noun, not the action).
_WHOLE = {"Signup": "Sign up"}


def _word(word: str) -> str:
    # "I", acronyms ("ICS") and anything with a digit keep their capitals.
    if word == "I" or (len(word) > 1 and word.isupper()) or any(c.isdigit() for c in word):
        return word
    return word[:1].lower() + word[1:] if word[:1].isupper() else word


@register.filter
def sentence_case(value):
    """Every word after the first in lower case (English only; whitespace kept)."""
    if not (get_language() or "en").startswith("en"):
        return value
    text = str(value)
    for title, sentence in _WHOLE.items():
        text = text.replace(title, sentence)
    parts = text.split(" ")
    seen_first = False
    for i, part in enumerate(parts):
        if not part.strip():
            continue
        if seen_first:
            parts[i] = "-".join(_word(piece) for piece in part.split("-"))
        seen_first = True
    result = " ".join(parts)
    # Only letter case changes: markup stays exactly as safe as it came in.
    return mark_safe(result) if isinstance(value, SafeString) else result  # noqa: S308
