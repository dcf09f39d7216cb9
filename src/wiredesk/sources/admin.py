from django.contrib import admin

from wiredesk.sources.models import Feed, Licence, Source


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "all_editions", "embargo", "valid_until"]
    filter_horizontal = ["editions"]


class FeedInline(admin.TabularInline):
    model = Feed
    fields = ["url", "active", "poll_interval", "last_success_at", "error_count", "last_error"]
    readonly_fields = ["last_success_at", "error_count", "last_error"]
    extra = 0


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "licence", "active", "tags_countries"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeedInline]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "active", "last_success_at", "error_count", "last_error"]
    list_filter = ["source", "active"]
    search_fields = ["url", "title"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "error_count",
    ]
