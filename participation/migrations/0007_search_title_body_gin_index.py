"""A GIN index on the expression Wagtail's PostgreSQL search filters on.

Wagtail's database search backend matches ``(title || body) @@ to_tsquery(...)`` on
``wagtailsearch_indexentry``. Indexes on ``title`` and ``body`` separately cannot serve that
expression, so PostgreSQL read every index entry (349 ms for a rare term at 10,000 case studies;
27 ms with this index: docs/performance.md). PostgreSQL only; nothing on SQLite. Built
CONCURRENTLY so a deploy does not lock the search index table.
"""

from django.db import migrations

INDEX = "participation_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # An interrupted CONCURRENTLY build leaves an INVALID index that IF NOT EXISTS would keep.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND NOT i.indisvalid",
            [INDEX],
        )
        invalid = cursor.fetchone() is not None
    if invalid:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} "
        "ON wagtailsearch_indexentry USING GIN ((title || body))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("participation", "0006_editors_translate"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
