from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "wiredesk.newsletter"
    label = "newsletter"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wiredesk.newsletter import checks  # noqa: F401  (registers the deploy checks)
