from django.urls import path  # noqa: F401 - routes are added as the casestudies issue lands

app_name = "casestudies"

urlpatterns: list = []
