from django.urls import path

from wiredesk.site import views

app_name = "site"
urlpatterns = [
    path("", views.network_index, name="index"),
    path("<slug:edition>/", views.front_page, name="front"),
    path("<slug:edition>/more/", views.more_news, name="more"),
    path("<slug:edition>/a/<int:article_id>/<slug:slug>/", views.article_page, name="article"),
]
