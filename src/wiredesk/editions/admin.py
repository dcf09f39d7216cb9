from django.contrib import admin

from wiredesk.editions.models import Edition, Placement, RetagRun


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


@admin.register(RetagRun)
class RetagRunAdmin(admin.ModelAdmin):
    """Passes of `wiredesk geotag --rerun`: written by the command, read here."""

    list_display = ["tagger", "started_at", "finished_at", "articles", "last_article_id"]
    readonly_fields = ["tagger", "started_at", "finished_at", "articles", "last_article_id"]

    def has_add_permission(self, request) -> bool:
        return False
