"""Editors may translate pages (simple_translation's "Translate" action; docs/welsh.md)."""

from django.db import migrations


def grant(apps, schema_editor):
    from community.roles import _permission

    group_model = apps.get_model("auth", "Group")
    permission = _permission(
        apps,
        "simple_translation",
        "simpletranslation",
        "submit_translation",
        "Can submit translations",
    )
    group, _created = group_model.objects.get_or_create(name="Editors")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0005_home_page_sections"),
        ("simple_translation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
