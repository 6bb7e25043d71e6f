"""Sending e-mail to members. Every e-mail of a kind a member can switch off carries RFC 8058
one-click unsubscribe headers pointing at /unsubscribe/<token>/ (a signed, expiring token).

    send_member_email(user=..., kind=EmailKind.MEETING_REMINDERS,
                      subject=gettext_lazy("Reminder: %(title)s, %(when)s"),
                      subject_params={"title": meeting.title, "when": uk_time_display_lazy(...)},
                      template="events/emails/reminder", context={...},
                      attachments=[("event.ics", ics_bytes, "text/calendar; method=REQUEST")])

renders the subject, ``<template>.txt`` and ``<template>.html`` in the member's language and returns
the sent message, or None when the member has switched that kind off. Errors from the mail backend
propagate (Celery tasks decide whether to retry).

The member's language is known only here, so the subject must be a *lazy* translation
(``gettext_lazy``) and every language-dependent value in ``subject_params`` or ``context`` (dates,
"in 1 day") must be lazy too (``django.utils.functional.lazy``): they are all evaluated inside
``translation.override(member's language)``. A plain ``str`` subject is refused with TypeError,
because it would already be in whatever language the sending process happened to be in.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from core.http import absolute_url, site_origin
from core.i18n import HREFLANG

# ledger_message_id: the Message-ID of a ledger row's e-mail, for send_member_email(message_id=...);
# defined with the ledger abstraction (EmailLedger) and importable from here as before.
from .email_delivery import ledger_message_id  # noqa: F401
from .enums import EmailKind
from .selectors import email_preferences_for

UNSUBSCRIBE_SALT = "community.unsubscribe"
# A token kind meaning "every optional e-mail": used on account e-mails (verification, sign-in
# codes, password reset, approval decisions), which cannot themselves be switched off.
ALL_OPTIONAL = "all"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 90  # 90 days


def unsubscribe_token(*, user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """Return (user_id, kind); raises signing.BadSignature (or SignatureExpired) when invalid."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    kind = data.get("k")
    if kind not in [*EmailKind.values, ALL_OPTIONAL] or not isinstance(data.get("u"), int):
        raise signing.BadSignature("unknown e-mail kind")
    return data["u"], kind


def unsubscribe_url(*, user, kind: str) -> str:
    token = unsubscribe_token(user=user, kind=kind)
    path = reverse("community:unsubscribe", kwargs={"token": token})
    return absolute_url(path)


def unsubscribe_headers(*, user, kind: str | None) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers for an e-mail to ``user`` (kind None = all optional e-mail)."""
    url = unsubscribe_url(user=user, kind=kind or ALL_OPTIONAL)
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def single_line(text: str) -> str:
    """Collapse CR/LF and other control characters so member-written text can't inject headers."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def email_kind_enabled(*, user, kind: str) -> bool:
    return email_preferences_for(user=user).allows(kind)


def send_member_email(
    *,
    user,
    kind: str | None,
    subject: Promise,
    template: str,
    subject_params: Mapping | None = None,
    context: dict | None = None,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
    force: bool = False,
    message_id: str | None = None,
):
    """Send one personal e-mail. kind=None is an account e-mail, always sent; its unsubscribe
    headers switch off every optional kind. force=True sends even if the member switched the
    kind off (use only for notices they must get). ``message_id`` (a ledger row's ``message_id``,
    see ``community.email_delivery.EmailLedger``) is the Message-ID of an e-mail recorded on a
    ledger row; without it the backend makes one."""
    message = member_email_build(
        user=user,
        kind=kind,
        subject=subject,
        template=template,
        subject_params=subject_params,
        context=context,
        attachments=attachments,
        force=force,
        message_id=message_id,
    )
    if message is not None:
        message.send()
    return message


def member_email_build(
    *,
    user,
    kind: str | None,
    subject: Promise,
    template: str,
    subject_params: Mapping | None = None,
    context: dict | None = None,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
    force: bool = False,
    message_id: str | None = None,
) -> EmailMultiAlternatives | None:
    """The e-mail ``send_member_email`` would send (same arguments), built but not sent, or None
    when it would send nothing. Previews show exactly this (an organiser's message before it
    goes out)."""
    if not isinstance(subject, Promise):
        raise TypeError(
            "send_member_email() needs a lazy subject (gettext_lazy) so that it is translated "
            "into the member's language; put the values in subject_params."
        )
    if not user.is_active or not user.email:
        return None
    if kind and not force and not email_kind_enabled(user=user, kind=kind):
        return None
    language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    ctx = {
        "user": user,
        "site_url": site_origin(),
        # <html lang> of the HTML part (BCP 47, as for the pages' hreflang).
        "html_lang": HREFLANG.get(language, HREFLANG[settings.LANGUAGE_CODE]),
        **(context or {}),
    }
    with translation.override(language):
        headers = unsubscribe_headers(user=user, kind=kind)  # the link in the member's language
        ctx["unsubscribe_url"] = headers["List-Unsubscribe"][1:-1]
        text_body = render_to_string(f"{template}.txt", ctx)
        html_body = render_to_string(f"{template}.html", ctx)
        subject_text = str(subject)
        if subject_params is not None:
            subject_text %= {key: str(value) for key, value in subject_params.items()}
        subject_line = single_line(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject_text}")
    if message_id:
        headers["Message-ID"] = message_id
    message = EmailMultiAlternatives(
        subject=subject_line,
        body=text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers=headers,
    )
    message.attach_alternative(html_body, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message
