"""PostgreSQL's indexes for search and tag pages: a GIN index on the weighted document that
apps.streaming.search.stream_vector() builds (the same expression, so its queries can use it), and
one on the tags for `tags @> '["dunks"]'`. SQLite searches by contains and gets neither; they are
kept out of the models' state so that a table SQLite rebuilds never tries to make them."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# apps.streaming.search.SEARCH_CONFIG and stream_vector(), as they were when this index was made.
DOCUMENT = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("tags", weight="B", config="english")
    + SearchVector("description", weight="C", config="english")
)
INDEXES = [
    GinIndex(DOCUMENT, name="stream_search_document"),
    GinIndex(fields=["tags"], opclasses=["jsonb_path_ops"], name="stream_tags"),
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.add_index(apps.get_model("streaming", "Stream"), index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.remove_index(apps.get_model("streaming", "Stream"), index)


class Migration(migrations.Migration):
    dependencies = [("streaming", "0007_stream_category_key")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
