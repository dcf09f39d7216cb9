"""The site's URLs: the network's pages, then each edition's under its /<slug>/ prefix.

An edition served on its own host name (site.hosting) gets the same routes without the
prefix, from EDITION_ROUTES, so the two can never drift apart.
"""

from django.urls import URLPattern, path

from wiredesk.site import feeds, images, sitemaps, views

app_name = "site"

# (route after the edition's prefix, view, name)
EDITION_ROUTES = [
    ("", views.front_page, "front"),
    ("robots.txt", sitemaps.robots_txt, "edition_robots"),
    ("more/", views.more_news, "more"),
    ("search/", views.search_page, "search"),
    ("a/<int:article_id>/<slug:slug>/", views.article_page, "article"),
    ("story/<int:story_id>/", views.story_page, "story"),
    ("country/<str:code>/", views.country_page, "country"),
    ("topic/<slug:topic>/", views.topic_page, "topic"),
    ("archive/", views.archive_index, "archive"),
    ("archive/<int:year>/<int:month>/", views.archive_month, "archive_month"),
    ("archive/<int:year>/<int:month>/<int:day>/", views.archive_day, "archive_day"),
    ("feed/<str:fmt>/", feeds.feed, "feed"),
    ("topic/<slug:topic>/feed/<str:fmt>/", feeds.topic_feed, "topic_feed"),
    ("country/<str:code>/feed/<str:fmt>/", feeds.country_feed, "country_feed"),
    ("sitemap.xml", sitemaps.sitemap_index, "sitemap_index"),
    ("sitemap-<slug:section>.xml", sitemaps.sitemap, "sitemap"),
    ("news-sitemap.xml", sitemaps.news_sitemap, "news_sitemap"),
]


def edition_patterns(prefix: str) -> list[URLPattern]:
    """Every edition route after `prefix`, which captures the `edition` argument."""
    return [path(prefix + route, view, name=name) for route, view, name in EDITION_ROUTES]


urlpatterns = [
    path("", views.network_index, name="index"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("search/", views.network_search, name="network_search"),
    path("img/", images.image, name="image"),  # partner images (site.images)
    *edition_patterns("<slug:edition>/"),
]
