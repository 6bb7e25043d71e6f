"""Site-wide pages inside i18n_patterns (English at /, Welsh under /cy/)."""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("updates/feed/", feeds.UpdatesFeed(), name="updates_feed"),
]
