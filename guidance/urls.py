from django.urls import path  # noqa: F401 - routes are added as the guidance issue lands

app_name = "guidance"

urlpatterns: list = []
