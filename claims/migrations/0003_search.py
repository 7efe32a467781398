"""PostgreSQL only: full-text search over claim quotes (german) and trigram similarity.

The index expression is the one Django's SearchVector("quote", config="german") produces, so the
candidate ranking's text match uses it. On SQLite this migration does nothing.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FTS_INDEX = (
    "CREATE INDEX IF NOT EXISTS claims_claim_quote_german ON claims_claim "
    "USING gin (to_tsvector('german'::regconfig, COALESCE((quote)::text, ''::text)))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FTS_INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claims_claim_quote_german")


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_workspace")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
