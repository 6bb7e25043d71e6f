"""Writes for the community app: profiles, organisations, approval, preferences, data rights."""

import logging

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from core import data_rights
from core.queue import enqueue_on_commit

from .emails import ALL_OPTIONAL
from .enums import ApprovalStatus, EmailKind, OrganisationKind
from .models import EmailPreferences, MemberProfile, Organisation, User
from .selectors import email_preferences_for

logger = logging.getLogger(__name__)


@transaction.atomic
def profile_get_or_create(*, user) -> MemberProfile:
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def organisation_get_or_create(*, name: str, kind: str = OrganisationKind.OTHER) -> Organisation:
    """The organisation with this name (case-insensitive), created with ``kind`` if new."""
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    organisation = Organisation(name=name, kind=kind or OrganisationKind.OTHER)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def profile_update(
    *,
    profile: MemberProfile,
    name: str,
    organisation_name: str = "",
    organisation_kind: str = "",
    interests: list[str],
    expertise: list[str],
) -> MemberProfile:
    """Save a member's profile (its fields already set on ``profile``), their name, and the
    organisation they named (found case-insensitively, or created with ``organisation_kind``),
    in one transaction: a failure anywhere leaves no new organisation and no half-saved
    profile."""
    user = profile.user
    profile.organisation = (
        organisation_get_or_create(name=organisation_name, kind=organisation_kind)
        if organisation_name.strip()
        else None
    )
    profile.full_clean()
    profile.save()
    profile.interests.set(interests, clear=True)
    profile.expertise.set(expertise, clear=True)
    user.name = " ".join(name.split())
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name"])
    return profile


@transaction.atomic
def member_signup_complete(*, user: User) -> MemberProfile:
    """After sign-up (allauth's adapter has saved the user): the member's empty profile, and,
    when they wait for approval, a notice to the organisers once the sign-up commits."""
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    if user.approval_status == ApprovalStatus.PENDING:
        enqueue_on_commit("community.send_member_pending_notices", member_id=user.pk)
    return profile


@transaction.atomic
def member_approve(*, member: User, by: User) -> User:
    member.approval_status = ApprovalStatus.APPROVED
    member.full_clean(exclude=["password"])
    member.save(update_fields=["approval_status"])
    logger.info("member approved", extra={"member": member.pk, "by": by.pk})
    enqueue_on_commit(
        "community.send_member_decision",
        member_id=member.pk,
        decision=ApprovalStatus.APPROVED.value,
    )
    return member


@transaction.atomic
def member_decline(*, member: User, by: User, reason: str) -> User:
    member.approval_status = ApprovalStatus.DECLINED
    member.full_clean(exclude=["password"])
    member.save(update_fields=["approval_status"])
    logger.info("member declined", extra={"member": member.pk, "by": by.pk})
    enqueue_on_commit(
        "community.send_member_decision",
        member_id=member.pk,
        decision=ApprovalStatus.DECLINED.value,
        reason=reason,
    )
    return member


@transaction.atomic
def email_preferences_update(
    *, preferences: EmailPreferences, reminder_offsets_off: list[int]
) -> EmailPreferences:
    """Save the member's e-mail preferences (the kinds already set on ``preferences``) with the
    reminder offsets, in minutes, they do not want."""
    preferences.reminder_offsets_off = list(reminder_offsets_off)
    preferences.full_clean()
    preferences.save()
    return preferences


@transaction.atomic
def email_preferences_unsubscribe(*, user: User, kind: str) -> EmailPreferences:
    """Switch off one kind of e-mail, or every optional kind for ALL_OPTIONAL."""
    preferences = email_preferences_for(user=user)
    kinds = EmailKind.values if kind == ALL_OPTIONAL else [kind]
    for each in kinds:
        setattr(preferences, each, False)
    preferences.full_clean()
    preferences.save()
    return preferences


def account_export(*, user: User) -> dict:
    """Everything the platform holds about this member, one key per registered exporter."""
    data = {"exported_at": timezone.now().isoformat()}
    for name, exporter in sorted(data_rights.exporters().items()):
        data[name] = exporter(user)
    return data


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Run every app's eraser (they delete or anonymise), then delete the user row."""
    for _name, eraser in sorted(data_rights.erasers().items()):
        eraser(user=user)
    logger.info("account deleted", extra={"member": user.pk})
    user.delete()


# --- community's own parts of "download my data" -----------------------------------------------


def export_user(user: User) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "approval_status": user.approval_status,
        "preferred_language": user.preferred_language,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def export_profile(user: User) -> dict | None:
    profile = MemberProfile.objects.filter(user=user).select_related("organisation").first()
    if profile is None:
        return None
    return {
        "pronouns": profile.pronouns,
        "organisation": profile.organisation.name if profile.organisation else None,
        "job_title": profile.job_title,
        "sector": profile.sector,
        "region": profile.region,
        "interests": sorted(tag.name for tag in profile.interests.all()),
        "expertise": sorted(tag.name for tag in profile.expertise.all()),
        "bio": profile.bio,
        "visibility": profile.visibility,
        "updated_at": profile.updated_at.isoformat(),
    }


def export_preferences(user: User) -> dict:
    preferences = email_preferences_for(user=user)
    return {
        **{kind: preferences.allows(kind) for kind in EmailKind.values},
        "reminder_offsets_off_minutes": list(preferences.reminder_offsets_off or []),
    }


def export_consent(user: User) -> dict:
    agreed = user.code_of_conduct_agreed_at
    return {
        "code_of_conduct_version": user.code_of_conduct_version,
        "code_of_conduct_agreed_at": agreed.isoformat() if agreed else None,
    }


def erase_profile(*, user: User) -> None:
    MemberProfile.objects.filter(user=user).delete()
    EmailPreferences.objects.filter(user=user).delete()


def register_data_rights() -> None:
    data_rights.register_exporter("account", export_user)
    data_rights.register_exporter("profile", export_profile)
    data_rights.register_exporter("email_preferences", export_preferences)
    data_rights.register_exporter("consent", export_consent)
    data_rights.register_eraser("community_profile", erase_profile)
