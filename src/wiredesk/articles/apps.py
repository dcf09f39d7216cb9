from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "wiredesk.articles"
    label = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wiredesk.articles.models import Article, ArticleCountry
        from wiredesk.articles.publish import announce_saves

        announce_saves(Article, lambda article: [article.pk])
        announce_saves(ArticleCountry, lambda row: [row.article_id])
