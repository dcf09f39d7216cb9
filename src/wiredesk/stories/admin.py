from django.contrib import admin

from wiredesk.stories.models import Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "first_seen", "last_seen", "closed"]
    raw_id_fields = ["lead"]
