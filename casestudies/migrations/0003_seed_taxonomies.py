"""Seed the fixed starting vocabularies (editors can add more as snippets)."""

from django.db import migrations

from casestudies.enums import DATA_KINDS, LIFECYCLE_STAGES, SYSTEM_KINDS


def seed(apps, schema_editor):
    for model_name, terms in (
        ("LifecycleStage", LIFECYCLE_STAGES),
        ("DataKind", DATA_KINDS),
        ("SystemKind", SYSTEM_KINDS),
    ):
        model = apps.get_model("casestudies", model_name)
        for order, (slug, name) in enumerate(terms):
            model.objects.get_or_create(slug=slug, defaults={"name": str(name), "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0002_sector_choices")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
