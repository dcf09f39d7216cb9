"""PostgreSQL only: each article's text search vector, stored, for "See also".

Ranking an expression index's matches computes each match's tsvector again (about half a
millisecond an article); finding an article's neighbours on each save did that for
hundreds of rows, which made PostgreSQL the limit of a Celery ingest. Stored, a vector
is computed once, when its article is indexed. Nothing changes on SQLite (FTS5).
"""

from django.db import migrations

DOCUMENT = (
    "setweight(to_tsvector('simple', coalesce(headline, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(body_text, '')), 'B')"
)
CREATE = [
    # No foreign key: a test database's flush truncates the articles table, which one would
    # block; an article's delete removes its row (site.search.unindex_article).
    "CREATE TABLE site_document (article_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX site_document_gin ON site_document USING gin (document)",
    f"INSERT INTO site_document (article_id, document) SELECT id, {DOCUMENT} FROM articles_article",
]
DROP = ["DROP TABLE IF EXISTS site_document"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("site", "0004_article_stamp")]

    operations = [migrations.RunPython(create, drop)]
