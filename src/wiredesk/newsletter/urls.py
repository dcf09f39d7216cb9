
app_name = "newsletter"
urlpatterns: list = []  # sign-up, confirmation, preferences, one-click unsubscribe (issue 8)
