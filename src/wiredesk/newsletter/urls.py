from django.urls import path

from wiredesk.newsletter import views

app_name = "newsletter"
urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/<slug:edition>/", views.unsubscribe, name="unsubscribe"),
    path("preview/<slug:edition>/", views.preview, name="preview"),
    path("<slug:edition>/", views.signup, name="signup"),
    path("<slug:edition>/check-your-inbox/", views.check_inbox, name="check_inbox"),
]
