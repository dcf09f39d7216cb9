"""PostgreSQL only: "See also" matches each article's 30 most frequent content words.

Migration 0005 kept each article's whole text vector; ranking a pool of them cost most of
a save at a few thousand articles (see site.search.postgres). The table now
keeps a small vector of keywords instead, made in Python (site.search.keywords), so the
rows are filled here in batches. Nothing changes on SQLite (FTS5).
"""

from importlib import import_module

from django.db import migrations

CREATE = [
    "DROP TABLE IF EXISTS site_document",
    # No foreign key, as in 0005: a test database's flush truncates the articles table.
    "CREATE TABLE site_document (article_id bigint PRIMARY KEY, keywords tsvector NOT NULL)",
    "CREATE INDEX site_document_gin ON site_document USING gin (keywords)",
]
BATCH = 2000


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from wiredesk.site.search import keywords

    for sql in CREATE:
        schema_editor.execute(sql)
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, headline, body_text FROM articles_article WHERE id > %s "
                "ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                "INSERT INTO site_document (article_id, keywords) "
                "VALUES (%s, to_tsvector('simple', %s))",
                [(pk, keywords(headline, text)) for pk, headline, text in rows],
            )
            last = rows[-1][0]


def back(apps, schema_editor):
    """Back to 0005's whole-text vectors."""
    if schema_editor.connection.vendor != "postgresql":
        return
    before = import_module("wiredesk.site.migrations.0005_postgres_documents")
    schema_editor.execute("DROP TABLE IF EXISTS site_document")
    for sql in before.CREATE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("site", "0005_postgres_documents"), ("articles", "0004_article_enriched_at")]

    operations = [migrations.RunPython(create, back)]
