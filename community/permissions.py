"""Role checks and view mixins shared by every app.

Roles: anonymous; member (signed in); approved member (may RSVP, propose, vote); organiser
(permission community.organise, given to the "Organisers" group); editor (Wagtail "Editors"
group); admin (superuser).
"""

from django.contrib.auth.mixins import AccessMixin
from django.utils.translation import gettext as _

from .enums import ApprovalStatus

ORGANISERS_GROUP = "Organisers"
EDITORS_GROUP = "Editors"


def user_is_organiser(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("community.organise"))


def participation_refusal(user) -> str | None:
    """Why this person may not RSVP, propose or vote, or None if they may."""
    if not user.is_authenticated:
        return _("Sign in or join the community to take part.")
    if user.approval_status == ApprovalStatus.PENDING:
        return _(
            "Your membership is waiting for an organiser's approval. You can edit your profile "
            "meanwhile; you can register for events, propose and vote once you are approved."
        )
    if user.approval_status == ApprovalStatus.DECLINED:
        return _("Your membership request was declined, so you cannot take part in this.")
    return None


class OrganiserRequiredMixin(AccessMixin):
    """Anonymous -> log-in redirect; signed in without the organiser permission -> 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_is_organiser(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
