"""The role groups and their permissions, in one place.

``roles_ensure()`` is used by the data migration (with the migration's historical ``apps``) and at
run time by the demo loader and tests (a live-server test flushes every table, groups included).
Other apps add their own model permissions to these groups in their own data migrations:

    Group.objects.get(name="Organisers").permissions.add(...)
"""

from django.apps import apps as django_apps

from .permissions import EDITORS_GROUP, ORGANISERS_GROUP

# (app_label, model, codename, name) for every permission the Organisers group holds.
ORGANISER_PERMISSIONS = [
    ("community", "user", "organise", "Can organise events, unconferences and approve members"),
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("community", "organisation", "add_organisation", "Can add organisation"),
    ("community", "organisation", "change_organisation", "Can change organisation"),
    ("community", "organisation", "delete_organisation", "Can delete organisation"),
    ("community", "organisation", "view_organisation", "Can view organisation"),
]
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
]


def _permission(apps, app_label: str, model: str, codename: str, name: str):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def roles_ensure(apps=None) -> dict:
    """Create (or complete) the Organisers and Editors groups; return them by name."""
    apps = django_apps if apps is None else apps
    group_model = apps.get_model("auth", "Group")
    groups = {}
    for group_name, permissions in (
        (ORGANISERS_GROUP, ORGANISER_PERMISSIONS),
        (EDITORS_GROUP, EDITOR_PERMISSIONS),
    ):
        group, _ = group_model.objects.get_or_create(name=group_name)
        group.permissions.add(*[_permission(apps, *spec) for spec in permissions])
        groups[group_name] = group
    return groups
