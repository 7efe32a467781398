"""PostgreSQL only: the quote's german tsvector stored in a generated column, with its index.

Ranking candidates reads the stored vector instead of computing to_tsvector for every row that
matches (0003's expression index made the match fast, not the ranking). The column is not a
model field: PostgreSQL fills it, and only the PostgreSQL ranking reads it.
"""

from django.db import migrations


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS claims_claim_quote_german")
    schema_editor.execute(
        "ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS quote_search tsvector "
        "GENERATED ALWAYS AS (to_tsvector('german'::regconfig, quote)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS claims_claim_quote_search ON claims_claim "
        "USING gin (quote_search)"
    )


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE claims_claim DROP COLUMN IF EXISTS quote_search")


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_search")]

    operations = [migrations.RunPython(add_column, drop_column)]
