"""A stored, indexed search document per case study (issue 18, docs/performance.md).

``casestudies_casestudysearchdocument.document`` holds ``title || body`` of the case study's
``wagtailsearch_indexentry`` row: the vector Wagtail's database backend matches on. On
PostgreSQL a trigger on the index table keeps it in step with every write Wagtail makes there
(publishing or editing a case study, ``update_index``, deleting a page), so the library matches
a word with one GIN lookup instead of concatenating ``title || body`` and re-checking it for
every case study (about 150 ms for a word in all of 3,000 case studies; 1 ms from this index).

The GIN index's column has no planner statistics (``SET STATISTICS 0``): with them PostgreSQL
knows a word like "participation" is in every document and reads the whole table instead of the
index, detoasting and re-checking every vector (46 ms against 0.6 ms at 3,000). New documents
wait in the GIN index's pending list until the next VACUUM (autovacuum, or after a bulk load:
docs/performance.md); while that list is long the planner prefers reading the table, which is
still right, only slower.

SQLite (the embedded default) gets the empty table only; the library keeps the backend's
fallback there.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

TABLE = "casestudies_casestudysearchdocument"
INDEX = "casestudies_search_document_gin"
FUNCTION = "casestudies_search_document_sync"
TRIGGER = "casestudies_search_document_sync"

# Module constants only are interpolated below (no input reaches this SQL).
CREATE = [
    f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
DECLARE
    case_study_type integer := (
        SELECT id FROM django_content_type
        WHERE app_label = 'casestudies' AND model = 'casestudypage'
    );
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.content_type_id = case_study_type THEN
        IF TG_OP = 'DELETE' OR NEW.content_type_id <> OLD.content_type_id
                OR NEW.object_id <> OLD.object_id THEN
            DELETE FROM {TABLE} WHERE page_id = OLD.object_id::integer;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.content_type_id = case_study_type THEN
        INSERT INTO {TABLE} (page_id, document)
        SELECT page_ptr_id, NEW.title || NEW.body
        FROM casestudies_casestudypage WHERE page_ptr_id = NEW.object_id::integer
        ON CONFLICT (page_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql""",  # noqa: S608
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON wagtailsearch_indexentry",
    f"""CREATE TRIGGER {TRIGGER}
    AFTER INSERT OR DELETE OR UPDATE OF title, body, object_id, content_type_id
    ON wagtailsearch_indexentry
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()""",
    f"""INSERT INTO {TABLE} (page_id, document)
SELECT p.page_ptr_id, e.title || e.body
FROM wagtailsearch_indexentry e
JOIN django_content_type t ON t.id = e.content_type_id
    AND t.app_label = 'casestudies' AND t.model = 'casestudypage'
JOIN casestudies_casestudypage p ON p.page_ptr_id::text = e.object_id
ON CONFLICT (page_id) DO UPDATE SET document = EXCLUDED.document""",  # noqa: S608
    # After the backfill, so the index starts without a pending list (see above).
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING GIN (document)",
    f"ALTER TABLE {TABLE} ALTER COLUMN document SET STATISTICS 0",
    f"ANALYZE {TABLE}",
]

DROP = [
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON wagtailsearch_indexentry",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    f"DROP INDEX IF EXISTS {INDEX}",
]


def create_sync(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_sync(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0004_plural_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseStudySearchDocument",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="casestudies.casestudypage",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RunPython(create_sync, drop_sync, elidable=False),
    ]
