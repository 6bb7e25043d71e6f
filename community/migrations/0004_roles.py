"""Role groups: Organisers (community.organise, Wagtail admin access, Organisation snippets) and
Editors (created by Wagtail with page permissions; made sure of here)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from community.roles import roles_ensure

    roles_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_member_profile"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
