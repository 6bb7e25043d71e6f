from django.db import migrations


def create_welsh_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="cy")


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_update_related_case_studies_and_guides"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_welsh_locale, migrations.RunPython.noop)]
