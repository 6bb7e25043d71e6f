"""The ground's four concrete models were created by the ``participation`` app (its migrations
0001-0008). They keep their tables: this migration only adds them to ``core``'s state (the tables
already exist, named by ``db_table``), and relabels their content types in place, so every row,
id and permission (Editors may change the site settings) stays as it was. ``participation``
0009 removes them from its state. docs/decisions.md, "Moving models between apps"."""

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("heartbeat", "navigationsettings", "navigationlink", "sitesettings")


def relabel_content_types(from_app: str, to_app: str):
    def relabel(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in MOVED_MODELS:
            if content_type.objects.filter(app_label=to_app, model=model).exists():
                continue
            content_type.objects.filter(app_label=from_app, model=model).update(app_label=to_app)

    return relabel


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0008_welsh_site_name_footer_navigation_labels_plural_names"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Heartbeat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=50, unique=True)),
                        ('last_seen', models.DateTimeField()),
                    ],
                    options={
                        'db_table': 'participation_heartbeat',
                    },
                ),
                migrations.CreateModel(
                    name='NavigationSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'navigation',
                        'db_table': 'participation_navigationsettings',
                    },
                ),
                migrations.CreateModel(
                    name='NavigationLink',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('label', models.CharField(max_length=60)),
                        ('label_cy', models.CharField(blank=True, help_text='Shown on Welsh pages (/cy/). Leave blank to show the English label.', max_length=60, verbose_name='label in Welsh')),
                        ('link_url', models.CharField(blank=True, help_text='A path on this site in English (/events/; Welsh pages link to /cy/events/) or a full URL.', max_length=255)),
                        ('link_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                        ('settings', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='main_links', to='core.navigationsettings')),
                    ],
                    options={
                        'db_table': 'participation_navigationlink',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('organisation_name', models.CharField(default='Public participation community', max_length=120)),
                        ('organisation_name_cy', models.CharField(blank=True, help_text='Shown on Welsh pages (/cy/). Leave blank to show the English name.', max_length=120, verbose_name='organisation name in Welsh')),
                        ('tagline', models.CharField(blank=True, max_length=200)),
                        ('footer_text', wagtail.fields.RichTextField(blank=True)),
                        ('footer_text_cy', wagtail.fields.RichTextField(blank=True, help_text='Shown on Welsh pages (/cy/). Leave blank to show the English text.', verbose_name='footer text in Welsh')),
                        ('contact_email', models.EmailField(blank=True, max_length=254)),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'site settings',
                        'db_table': 'participation_sitesettings',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            relabel_content_types("participation", "core"),
            relabel_content_types("core", "participation"),
        ),
    ]
