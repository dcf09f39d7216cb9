from django.contrib import admin

from wiredesk.ingest.models import ItemError


@admin.register(ItemError)
class ItemErrorAdmin(admin.ModelAdmin):
    list_display = ["url", "feed", "message", "attempts", "last_at"]
    list_filter = ["feed"]
