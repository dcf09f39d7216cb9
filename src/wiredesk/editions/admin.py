from django.contrib import admin

from wiredesk.editions.models import Edition, Placement


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "host", "countries", "threshold", "language", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["article", "edition", "reason", "score", "pinned", "hidden", "placed_at"]
    list_filter = ["edition", "reason", "pinned", "hidden"]
    list_editable = ["pinned", "hidden"]
    raw_id_fields = ["article"]
