from django.urls import path

from wiredesk.console import views

app_name = "console"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
