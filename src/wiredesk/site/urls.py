from django.urls import path

from wiredesk.site import feeds, sitemaps, views

app_name = "site"
urlpatterns = [
    path("", views.network_index, name="index"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("search/", views.network_search, name="network_search"),
    path("<slug:edition>/", views.front_page, name="front"),
    path("<slug:edition>/robots.txt", sitemaps.robots_txt, name="edition_robots"),
    path("<slug:edition>/more/", views.more_news, name="more"),
    path("<slug:edition>/search/", views.search_page, name="search"),
    path("<slug:edition>/a/<int:article_id>/<slug:slug>/", views.article_page, name="article"),
    path("<slug:edition>/story/<int:story_id>/", views.story_page, name="story"),
    path("<slug:edition>/country/<str:code>/", views.country_page, name="country"),
    path("<slug:edition>/topic/<slug:topic>/", views.topic_page, name="topic"),
    path("<slug:edition>/archive/", views.archive_index, name="archive"),
    path(
        "<slug:edition>/archive/<int:year>/<int:month>/", views.archive_month, name="archive_month"
    ),
    path(
        "<slug:edition>/archive/<int:year>/<int:month>/<int:day>/",
        views.archive_day,
        name="archive_day",
    ),
    path("<slug:edition>/feed/<str:fmt>/", feeds.feed, name="feed"),
    path("<slug:edition>/topic/<slug:topic>/feed/<str:fmt>/", feeds.topic_feed, name="topic_feed"),
    path(
        "<slug:edition>/country/<str:code>/feed/<str:fmt>/",
        feeds.country_feed,
        name="country_feed",
    ),
    path("<slug:edition>/sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("<slug:edition>/sitemap-<slug:section>.xml", sitemaps.sitemap, name="sitemap"),
    path("<slug:edition>/news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
]
