from django.contrib import admin

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.editions.models import Placement
from wiredesk.editions.placing import route_article


class CountryInline(admin.TabularInline):
    """An editor's correction of the countries: kept when the article is tagged again."""

    model = ArticleCountry
    extra = 1
    fields = ["country", "score", "is_main", "by_editor"]
    readonly_fields = ["by_editor"]


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

    def save_formset(self, request, form, formset, change):
        """Countries an editor adds or changes are theirs; the article is then routed again."""
        if formset.model is ArticleCountry:
            for country_form in formset.forms:
                if country_form.has_changed() and country_form.instance.country:
                    country_form.instance.by_editor = True
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        main = article.countries.filter(is_main=True).values_list("country", flat=True).first()
        if main is not None and main != article.main_country:
            article.main_country = main
            article.save(update_fields=["main_country"])
        route_article(article)


@admin.register(ArticleCountry)
class ArticleCountryAdmin(admin.ModelAdmin):
    list_display = ["article", "country", "score", "is_main", "by_editor"]
    list_filter = ["country", "is_main", "by_editor"]
    raw_id_fields = ["article"]
