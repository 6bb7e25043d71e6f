"""The Organisers group's permissions on this app's models (so they can manage unconferences,
spaces, slots and topic boards in the Wagtail admin).

Migration 0002 grants them once; ``organiser_permissions_ensure()`` does the same at run time for
the demo loader and for tests (a live-server test flushes every table, group permissions included).
"""

from community.permissions import ORGANISERS_GROUP

ORGANISER_MODELS = [
    "unconference",
    "space",
    "slot",
    "session",
    "topicboard",
    "topic",
    "registration",
    "schedulerelease",
]
ACTIONS = ("add", "change", "delete", "view")


def organiser_permissions_ensure():
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    codenames = [f"{action}_{model}" for model in ORGANISER_MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="unconferences", codename__in=codenames)
    )
    return group
