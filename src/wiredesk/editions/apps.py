from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "wiredesk.editions"
    label = "editions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wiredesk.articles.publish import announce_saves
        from wiredesk.editions.models import Placement

        announce_saves(Placement, lambda row: [row.article_id])
