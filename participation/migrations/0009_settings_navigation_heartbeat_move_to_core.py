"""Site settings, navigation and the heartbeat moved to the ground app ``core`` (core 0001):
they leave this app's state only; their tables and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("participation", "0008_welsh_site_name_footer_navigation_labels_plural_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="Heartbeat",
                ),
                migrations.RemoveField(
                    model_name="navigationsettings",
                    name="site",
                ),
                migrations.RemoveField(
                    model_name="sitesettings",
                    name="site",
                ),
                migrations.DeleteModel(
                    name="NavigationLink",
                ),
                migrations.DeleteModel(
                    name="NavigationSettings",
                ),
                migrations.DeleteModel(
                    name="SiteSettings",
                ),
            ],
            database_operations=[],
        ),
    ]
