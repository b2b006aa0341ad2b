"""The database's own full-text search: a GIN index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX pcp_portal_searchdocument_vector_gin ON pcp_portal_searchdocument USING GIN (vector)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE pcp_portal_search_fts USING fts5(title, body, tokenize='porter unicode61')"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pcp_portal_searchdocument_vector_gin")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS pcp_portal_search_fts")


class Migration(migrations.Migration):
    dependencies = [("pcp_portal", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
