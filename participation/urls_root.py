"""Site-wide machine and admin endpoints outside i18n_patterns; included first in urls.py so
they take precedence over the admin includes."""

from django.urls import path

from core import sitemaps

from . import views

urlpatterns = [
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    # Both admin log-in forms go through allauth's rate-limited log-in (STACK-NOTES).
    path("admin/login/", views.admin_login_redirect, name="admin_login_redirect"),
    path("django-admin/login/", views.admin_login_redirect, name="django_admin_login_redirect"),
]
