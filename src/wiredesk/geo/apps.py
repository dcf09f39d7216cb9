from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "wiredesk.geo"
    label = "geo"
    default_auto_field = "django.db.models.BigAutoField"
