from django.urls import path  # noqa: F401 - routes are added as the reminders issue lands

app_name = "reminders"

urlpatterns: list = []
