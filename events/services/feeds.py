"""Personal calendar feed tokens: create, regenerate (the old URL stops working), revoke."""

from django.db import transaction

from ..models import CalendarFeedToken, new_feed_token


@transaction.atomic
def calendar_feed_token_get_or_create(*, user) -> CalendarFeedToken:
    token, _created = CalendarFeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_feed_token_regenerate(*, user) -> CalendarFeedToken:
    """A new secret; the old feed URL stops working at once."""
    token, created = CalendarFeedToken.objects.get_or_create(user=user)
    if not created:
        token.token = new_feed_token()
        token.save(update_fields=["token", "updated_at"])
    return token


@transaction.atomic
def calendar_feed_token_revoke(*, user) -> None:
    CalendarFeedToken.objects.filter(user=user).delete()
