"""Give the Organisers group the model permissions for unconferences, spaces and slots (and the
rest of this app's models), so they can manage them in the Wagtail admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    "unconference",
    "space",
    "slot",
    "session",
    "topicboard",
    "topic",
    "registration",
    "schedulerelease",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("unconferences")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Organisers")
    codenames = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    perms = Permission.objects.filter(content_type__app_label="unconferences", codename__in=codenames)
    group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("unconferences", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
