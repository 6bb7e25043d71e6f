from django.db.models import Q, QuerySet

from .enums import ApprovalStatus, Visibility
from .models import EmailPreferences, ExpertiseTag, InterestTag, MemberProfile, User
from .permissions import user_is_organiser


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
    """Which profile visibilities this viewer may see in other people's profiles.

    Approved members (and organisers) see public and members-only profiles; everyone else
    (anonymous visitors, members still waiting for approval, declined members) sees public ones
    only. Hidden profiles: nobody. The table is in docs/community.md.
    """
    if viewer.is_authenticated and (viewer.is_approved or user_is_organiser(viewer)):
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


def profiles_visible_to(*, viewer) -> QuerySet[MemberProfile]:
    """THE rule for whose profile a viewer may see, used by every page that shows people: the
    directory, the profile page, the co-facilitator picker (through ``users_visible_to``).

    Other people's profiles: active, approved members whose visibility is in
    ``visibilities_for(viewer=...)``. The viewer's own profile: always (whatever its visibility
    or their approval status).
    """
    rule = Q(user__approval_status=ApprovalStatus.APPROVED) & Q(
        visibility__in=visibilities_for(viewer=viewer)
    )
    if viewer.is_authenticated:
        rule |= Q(user_id=viewer.pk)
    return MemberProfile.objects.filter(rule, user__is_active=True)


def users_visible_to(*, viewer) -> QuerySet[User]:
    """The people whose profile this viewer may see (the same rule), in name order: what a
    picker of people (such as co-facilitators) may offer. Includes the viewer themself: pickers
    that must not offer them exclude them."""
    return User.objects.filter(
        pk__in=profiles_visible_to(viewer=viewer).values("user_id")
    ).order_by("name", "pk")


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
    """The profiles this viewer may see (``profiles_visible_to``), filtered, in name order.

    The query count does not grow with the number of rows: users and organisations are joined,
    interests and expertise prefetched.
    """
    profiles = profiles_visible_to(viewer=viewer)
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
    """The profile at /members/<user_id>/ if this viewer may see it (``profiles_visible_to``)."""
    return (
        profiles_visible_to(viewer=viewer)
        .select_related("user", "organisation")
        .prefetch_related("interests", "expertise")
        .filter(user_id=user_id)
        .first()
    )


def members_pending() -> QuerySet[User]:
    return (
        User.objects.filter(approval_status=ApprovalStatus.PENDING, is_active=True)
        .select_related("profile__organisation")
        .order_by("date_joined", "pk")
    )
