"""Writes for guidance: storing and erasing reader feedback."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from .models import GuideFeedback, GuidePage


@transaction.atomic
def feedback_submit(
    *,
    guide: GuidePage,
    page: Page,
    version: str,
    useful: bool,
    comment: str = "",
    contact_email: str = "",
    user=None,
) -> GuideFeedback:
    """Store a reader's answer with the guide version they read. Anonymous is allowed."""
    feedback = GuideFeedback(
        guide=guide,
        page=page,
        version=version,
        useful=useful,
        comment=comment.strip(),
        contact_email=contact_email.strip(),
        user=user if user is not None and user.is_authenticated else None,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def feedback_erase_for_user(*, user) -> None:
    """Account deletion: drop the member's contact e-mail from feedback and unlink them.

    Matches feedback given while signed in and anonymous feedback that left the member's
    e-mail address. The answers and comments stay, anonymous, in the editors' counts.
    """
    GuideFeedback.objects.filter(user=user).update(user=None, contact_email="")
    if user.email:
        GuideFeedback.objects.filter(contact_email__iexact=user.email).update(contact_email="")
