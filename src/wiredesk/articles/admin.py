from django.contrib import admin

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.editions.models import Placement


class CountryInline(admin.TabularInline):
    model = ArticleCountry
    extra = 1
    fields = ["country", "score", "is_main", "by_editor"]


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 1
    fields = ["edition", "reason", "score", "pinned", "hidden"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "source",
        "main_country",
        "published_at",
        "republished_at",
        "hidden",
    ]
    list_filter = ["source", "main_country", "hidden", "language"]
    search_fields = ["headline", "url", "guid"]
    date_hierarchy = "republished_at"
    raw_id_fields = ["story", "duplicate_of", "feed"]
    inlines = [CountryInline, PlacementInline]


@admin.register(ArticleCountry)
class ArticleCountryAdmin(admin.ModelAdmin):
    list_display = ["article", "country", "score", "is_main", "by_editor"]
    list_filter = ["country", "is_main", "by_editor"]
    raw_id_fields = ["article"]
