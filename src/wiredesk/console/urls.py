from django.urls import path

from wiredesk.console import views

app_name = "console"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("intake/", views.intake_view, name="intake"),
    path("queue/", views.queue, name="queue"),
    path("flags/", views.flags_view, name="flags"),
    path("newsletters/", views.newsletters, name="newsletters"),
    path("audit/", views.audit, name="audit"),
    path("articles/<int:article_id>/", views.article_view, name="article"),
    path(
        "articles/<int:article_id>/countries/",
        views.correct_countries,
        name="correct_countries",
    ),
    path("articles/<int:article_id>/hide/", views.hide_article, name="hide_article"),
    path("articles/<int:article_id>/duplicate/", views.decide_duplicate, name="duplicate"),
    path("placements/<int:placement_id>/pin/", views.pin, name="pin"),
    path("placements/<int:placement_id>/hide/", views.hide_placement, name="hide_placement"),
    path("placements/<int:placement_id>/move/", views.move, name="move"),
]
