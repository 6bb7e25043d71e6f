"""Organisers' permissions on the events models (used by migration 0003, the demo and tests)."""

from community.permissions import ORGANISERS_GROUP

MODELS = [("meetingseries", "meeting series"), ("meeting", "meeting")]
ACTIONS = ["add", "change", "delete", "view"]


def events_permissions_ensure(apps=None):
    """Create the Organisers group if needed and give it add/change/delete/view on series and
    meetings (plus Wagtail admin access). Returns the group."""
    if apps is None:
        from django.apps import apps
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    group, _created = group_model.objects.get_or_create(name=ORGANISERS_GROUP)
    permissions = []
    for model, label in MODELS:
        content_type, _ = content_type_model.objects.get_or_create(app_label="events", model=model)
        for action in ACTIONS:
            permission, _ = permission_model.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {label}"},
            )
            permissions.append(permission)
    admin_type, _ = content_type_model.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    access, _ = permission_model.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group.permissions.add(*permissions, access)
    return group
