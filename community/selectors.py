from .models import EmailPreferences


def email_preferences_for(*, user) -> EmailPreferences:
    """The member's preferences, or an unsaved default (all on except the digest)."""
    try:
        return user.email_preferences
    except EmailPreferences.DoesNotExist:
        return EmailPreferences(user=user)
