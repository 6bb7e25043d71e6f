from django.urls import path  # noqa: F401 - routes are added as the unconferences issue lands

app_name = "unconferences"

urlpatterns: list = []
