"""Site read models, and the full-text index: SQLite FTS5 table or PostgreSQL GIN index."""

import django.db.models.deletion
from django.db import migrations, models

# unicode61 without stemming: the network is multilingual, and an English stemmer would mangle
# Portuguese or Russian words; remove_diacritics lets "Sao Paulo" find "São Paulo".
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE site_search USING fts5("
    "headline, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE site_search_vocab USING fts5vocab(site_search, 'row')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS site_search_vocab", "DROP TABLE IF EXISTS site_search"]
POSTGRES_CREATE = [
    "CREATE INDEX IF NOT EXISTS site_article_fts ON articles_article USING gin "
    "((setweight(to_tsvector('simple', coalesce(headline, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(body_text, '')), 'B')))"
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS site_article_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0002_initial")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name="ArticleTopic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                ("name", models.CharField(max_length=200)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="site_topics",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["slug", "article"], name="site_articl_slug_41136b_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "slug"), name="one_row_per_article_topic"
                    )
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
