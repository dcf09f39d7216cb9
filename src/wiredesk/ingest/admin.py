from django.contrib import admin

from wiredesk.ingest.models import FailedTask, ItemError


@admin.register(ItemError)
class ItemErrorAdmin(admin.ModelAdmin):
    list_display = ["url", "feed", "message", "attempts", "last_at"]
    list_filter = ["feed"]


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ["task", "error", "failed_at", "resolved"]
    list_filter = ["task", "resolved"]
