"""Organisations get a unique slug (their page at /organisations/<slug>/), filled from the name
for existing rows, and a new kind: statistics producer (issue 21)."""

from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Organisation = apps.get_model("community", "Organisation")
    taken: set[str] = set()
    for organisation in Organisation.objects.order_by("pk").only("pk", "name"):
        base = slugify(organisation.name)[:200] or "organisation"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        Organisation.objects.filter(pk=organisation.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("community", "0005_account_email")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(
                blank=True, db_index=False, max_length=220, null=True, verbose_name="slug"
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="slug",
            field=models.SlugField(blank=True, max_length=220, unique=True, verbose_name="slug"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("local_authority", "Local authority"),
                    ("nhs_body", "NHS body"),
                    ("central_government", "Central government"),
                    ("regulator", "Regulator"),
                    ("statistics_producer", "Statistics producer"),
                    ("devolved_government", "Devolved government"),
                    ("charity", "Charity or civil society"),
                    ("union", "Trade union"),
                    ("academic", "Academic"),
                    ("company", "Company"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=30,
            ),
        ),
    ]
