from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import i18n
from core import views as core_views

from . import views, views_bench

# Not translated: machine endpoints, admin, and signed links that are already in e-mails.
urlpatterns = [
    path("", include("participation.urls_root")),  # sitemap.xml, admin log-in -> allauth
    path("healthz", core_views.healthz, name="healthz"),
    path("language/", i18n.switch_language, name="switch_language"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.BENCH_BARE_VIEW:  # only for bench/run.py's server (docs/performance.md)
    urlpatterns.insert(0, path("bench/bare/", views_bench.bare, name="bench_bare"))

# Pages people read: English at /, Welsh at /cy/ (prefix_default_language=False keeps
# every English URL exactly as documented).
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("participation.urls_site")),  # search, updates feed
    path("", include("community.urls")),
    path("", include("casestudies.urls")),
    path("", include("guidance.urls")),
    path("", include("events.urls")),
    path("", include("events.reminders.urls")),
    path("", include("events.unconferences.urls")),
    path("", include("impact.urls")),
    path("", include(wagtail_urls)),  # Wagtail's catch-all comes last
    prefix_default_language=False,
)

# Every PermissionDenied renders the site's 403 page (templates/403.html, core/errors.py).
handler403 = "core.errors.permission_denied"
# A 500 shows the request's reference to quote (X-Request-ID; core/request_id.py).
handler500 = "core.errors.server_error"

# django-debug-toolbar: development settings only (participation/settings/dev.py).
if "debug_toolbar" in settings.INSTALLED_APPS:
    urlpatterns = [path("__debug__/", include("debug_toolbar.urls")), *urlpatterns]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
