from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "wiredesk.stories"
    label = "stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wiredesk.articles.publish import announce_saves
        from wiredesk.stories.models import Story

        # a story's title shows on its page and in lists, not on its articles' pages
        announce_saves(Story, lambda story: [])
