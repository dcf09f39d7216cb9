from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "wiredesk.site"
    label = "site"
    default_auto_field = "django.db.models.BigAutoField"
