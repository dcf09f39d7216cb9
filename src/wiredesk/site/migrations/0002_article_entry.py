"""Narrow dates table for lists; fills it, the search index and topics for existing articles."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """Index what was stored before the site kept its own read models."""
    from wiredesk.site.topics import topics_of

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO site_articleentry (article_id, "when", republished_at) '
            "SELECT id, coalesce(published_at, republished_at), republished_at "
            "FROM articles_article"
        )
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM site_search")
            cursor.execute(
                "INSERT INTO site_search (rowid, headline, body) "
                "SELECT id, headline, body_text FROM articles_article"
            )
    Article = apps.get_model("articles", "Article")
    ArticleTopic = apps.get_model("site", "ArticleTopic")
    ArticleTopic.objects.all().delete()
    ArticleTopic.objects.bulk_create(
        [
            ArticleTopic(article_id=pk, slug=t.slug, name=t.name)
            for pk, categories in Article.objects.values_list("pk", "categories").iterator()
            for t in topics_of(categories or [])
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_initial"),
        ("site", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="site_entry",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                (
                    "when",
                    models.DateTimeField(
                        db_index=True, help_text="Original date, else republication."
                    ),
                ),
                ("republished_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
