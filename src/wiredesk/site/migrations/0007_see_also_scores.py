"""Each kept "See also" keeps the words its neighbours were matched on and their scores.

A new article is then scored against each of its nearest neighbours' lists alone and slotted
in (site.search.see_also), instead of those lists being dropped and remade on their page's
next view. Both fields are nullable so that adding them is a plain ALTER TABLE on SQLite
and PostgreSQL alike; a null says the list was kept before, and it is remade whole the
first time a new article would join it.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("site", "0006_postgres_keywords"),
    ]

    operations = [
        migrations.AddField(
            model_name="seealso",
            name="scores",
            field=models.JSONField(help_text="The score of each id, higher nearer.", null=True),
        ),
        migrations.AddField(
            model_name="seealso",
            name="terms",
            field=models.TextField(
                help_text="The words matched on, space-separated; null: kept before 0007.",
                null=True,
            ),
        ),
    ]
