"""Seed the four audiences; let the Editors and Moderators groups (and nobody else) view feedback."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUDIENCES = ["commissioners", "statistics-producers", "service-designers", "data-sharers"]
GROUPS = ["Editors", "Moderators"]


def forwards(apps, schema_editor):
    GuideAudience = apps.get_model("guidance", "GuideAudience")
    for order, slug in enumerate(AUDIENCES):
        GuideAudience.objects.get_or_create(slug=slug, defaults={"sort_order": order})

    # Permissions are normally created after all migrations; make them now so they can be granted.
    app_config = apps.get_app_config("guidance")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(
        content_type__app_label="guidance", codename="view_guidefeedback"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(view)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(
        content_type__app_label="guidance", codename="view_guidefeedback"
    ).first()
    if view is not None:
        for group in Group.objects.filter(name__in=GROUPS):
            group.permissions.remove(view)


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
