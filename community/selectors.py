from django.db.models import QuerySet

from .enums import ApprovalStatus, Visibility
from .models import EmailPreferences, ExpertiseTag, InterestTag, MemberProfile, User


def email_preferences_for(*, user) -> EmailPreferences:
    """The member's preferences, or an unsaved default (all on except the digest)."""
    try:
        return user.email_preferences
    except EmailPreferences.DoesNotExist:
        return EmailPreferences(user=user)


def profile_for(*, user) -> MemberProfile | None:
    try:
        return user.profile
    except MemberProfile.DoesNotExist:
        return None


def visibilities_for(*, viewer) -> list[str]:
    """Which profile visibilities this viewer may see (hidden profiles: nobody)."""
    if viewer.is_authenticated:
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


def directory_profiles(
    *,
    viewer,
    q: str = "",
    sector: str = "",
    region: str = "",
    organisation_kind: str = "",
    interest: str = "",
    expertise: str = "",
) -> QuerySet[MemberProfile]:
    """Approved, active members' profiles this viewer may see, filtered, in name order.

    The query count does not grow with the number of rows: users and organisations are joined,
    interests and expertise prefetched.
    """
    profiles = MemberProfile.objects.filter(
        user__is_active=True,
        user__approval_status=ApprovalStatus.APPROVED,
        visibility__in=visibilities_for(viewer=viewer),
    )
    if q:
        profiles = profiles.filter(user__name__icontains=q)
    if sector:
        profiles = profiles.filter(sector=sector)
    if region:
        profiles = profiles.filter(region=region)
    if organisation_kind:
        profiles = profiles.filter(organisation__kind=organisation_kind)
    if interest:
        profiles = profiles.filter(tagged_interests__tag__slug=interest)
    if expertise:
        profiles = profiles.filter(tagged_expertise__tag__slug=expertise)
    return (
        profiles.select_related("user", "organisation")
        .prefetch_related("interests", "expertise")
        .order_by("user__name", "pk")
    )


def directory_interest_tags(*, viewer) -> QuerySet[InterestTag]:
    """Interests used on profiles this viewer may see (for the directory's filter)."""
    return (
        InterestTag.objects.filter(
            tagged_profiles__content_object__in=directory_profiles(viewer=viewer).values("pk")
        )
        .distinct()
        .order_by("name")
    )


def directory_expertise_tags(*, viewer) -> QuerySet[ExpertiseTag]:
    return (
        ExpertiseTag.objects.filter(
            tagged_profiles__content_object__in=directory_profiles(viewer=viewer).values("pk")
        )
        .distinct()
        .order_by("name")
    )


def member_profile_visible(*, viewer, user_id: int) -> MemberProfile | None:
    """The profile at /members/<user_id>/ if this viewer may see it (its owner always may)."""
    profile = (
        MemberProfile.objects.select_related("user", "organisation")
        .prefetch_related("interests", "expertise")
        .filter(user_id=user_id, user__is_active=True)
        .first()
    )
    if profile is None:
        return None
    if viewer.is_authenticated and viewer.pk == profile.user_id:
        return profile
    if profile.user.approval_status != ApprovalStatus.APPROVED:
        return None
    if profile.visibility not in visibilities_for(viewer=viewer):
        return None
    return profile


def members_pending() -> QuerySet[User]:
    return (
        User.objects.filter(approval_status=ApprovalStatus.PENDING, is_active=True)
        .select_related("profile__organisation")
        .order_by("date_joined", "pk")
    )
