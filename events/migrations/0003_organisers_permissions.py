"""Give the "Organisers" group add/change/delete/view on meeting series and meetings."""

from django.db import migrations


def grant(apps, schema_editor):
    from events.roles import events_permissions_ensure

    events_permissions_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_email_ledger_and_messages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
