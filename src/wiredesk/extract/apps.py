from django.apps import AppConfig


class ExtractConfig(AppConfig):
    name = "wiredesk.extract"
    label = "extract"
    default_auto_field = "django.db.models.BigAutoField"
