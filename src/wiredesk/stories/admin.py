from django.contrib import admin

from wiredesk.stories.models import LinkLock, MergedStory, RelinkCursor, Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "first_seen", "last_seen", "closed"]
    raw_id_fields = ["lead"]


@admin.register(LinkLock)
class LinkLockAdmin(admin.ModelAdmin):
    """The linking lock row: nothing to edit, shown so operators can see it exists."""

    list_display = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RelinkCursor)
class RelinkCursorAdmin(admin.ModelAdmin):
    """Where `wiredesk relink_stories` stopped: read-only, so operators can see a run's progress."""

    list_display = ["name", "processed", "started_at", "finished_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MergedStory)
class MergedStoryAdmin(admin.ModelAdmin):
    """Stories merged into others (their pages redirect): read-only, written by linking."""

    list_display = ["merged_id", "into"]
    raw_id_fields = ["into"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
