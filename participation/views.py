from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core import search
from core.http import absolute_url

from .forms import SEARCH_QUERY_MAX_LENGTH, SearchForm


def robots_txt(request: HttpRequest):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /account/",
        "Disallow: /accounts/",
        "Disallow: /unsubscribe/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class SearchView(TemplateView):
    """/search/?q=...: every kind grouped (top results of each); ?kind=... pages through one."""

    template_name = "participation/search.html"
    http_method_names = ["get", "head", "options"]
    per_page = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET or None)
        query, kind, groups, page_obj, selected = "", "", [], None, None
        if form.is_valid():
            query = form.cleaned_data["q"]
            kind = form.cleaned_data["kind"] or ""
            groups = search.site_search(query=query)
            selected = next((group for group in groups if group.kind == kind), None)
            if selected is not None:
                page_obj = Paginator(selected.results, self.per_page).get_page(
                    self.request.GET.get("page")
                )
            else:
                search.load_previews(groups)  # every group's first results in one query
        context.update(
            form=form,
            query=query,
            groups=groups,
            selected=selected,
            page_obj=page_obj,
            total=sum(group.count for group in groups),
            max_length=SEARCH_QUERY_MAX_LENGTH,
            breadcrumbs=[(_("Home"), "/"), (_("Search"), None)],
        )
        return context


def admin_login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Wagtail's and Django's admin log-in pages have no rate limit: send people to allauth's
    (rate-limited) log-in page, keeping where they were going."""
    next_url = request.GET.get("next") or "/admin/"
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
