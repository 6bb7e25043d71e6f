from django.urls import path  # noqa: F401 - routes are added as the events issue lands

app_name = "events"

urlpatterns: list = []
