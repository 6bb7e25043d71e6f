import csv
import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django_ratelimit.decorators import ratelimit

from community.permissions import participation_refusal
from core.http import absolute_url

from .citation import CITATION_FORMATS
from .forms import SuggestCaseStudyForm
from .models import Method, OpenDataSettings
from .opendata import COLUMNS, CSV_HEADER, case_study_csv_row, case_study_record
from .selectors import (
    case_studies_dataset_date,
    case_studies_export_records,
    case_studies_for_method,
    case_studies_latest,
    case_studies_select_for_export,
    case_study_citation,
    case_study_index,
    case_study_live_by_slug,
    case_study_query_from_params,
)
from .services import case_study_suggest


def _crumbs(request, *trail):
    """Breadcrumbs for the library's plain views: home, the library, then ``trail``."""
    crumbs = [(_("Home"), "/")]
    index = case_study_index()
    if index is not None:
        crumbs.append((index.title, index.get_url(request)))
    return crumbs + list(trail)


def _dataset_info(request) -> dict:
    settings = OpenDataSettings.for_request(request)
    updated = case_studies_dataset_date()
    return {
        "licence": settings.licence_name,
        "licence_short_name": settings.licence_short_name,
        "licence_url": settings.licence_url,
        "attribution": settings.attribution,
        "version": settings.dataset_version,
        "updated": updated.isoformat() if updated else None,
    }


class CaseStudyFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("New case studies")
    subtitle = gettext_lazy(
        "Case studies of public participation in public-sector data and AI decisions."
    )

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self, request):
        index = case_study_index()
        return absolute_url(index, request=request) if index else absolute_url("/")

    def feed_url(self, request):
        # Absolute URLs from SITE_URL: Django's Feed would otherwise prefix the request's Host.
        return absolute_url(request.path)

    def items(self, request):
        pages = case_studies_latest(limit=50)
        for page in pages:
            page.feed_url = absolute_url(page, request=request)
        return pages

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.feed_url

    def item_guid(self, item):
        return item.feed_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.organisation.name if item.organisation else None


class _SelectionMixin:
    def selection(self, request):
        query = case_study_query_from_params(params=request.GET)
        # The exports read every match in display order; no facet counts, no page of ids.
        return case_studies_select_for_export(query=query, index=case_study_index())


class DataCsvView(_SelectionMixin, View):
    """The current filtered selection (same parameters as the index) as CSV."""

    page_cacheable = True  # anonymous repeats come from core/page_cache.py

    def get(self, request):
        selection = self.selection(request)
        # Plain values, no page objects (issue 18): pages only where no library URL exists.
        records = case_studies_export_records(selection=selection, request=request)
        pages = records if records is not None else selection.pages()
        # Written to one string, then encoded once: 1,000 response.write() calls each looked up
        # the charset and encoded a row (issue 18); the bytes are the same.
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(CSV_HEADER)
        for page in pages:
            writer.writerow(case_study_csv_row(page=page, request=request))
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="case-studies.csv"'
        return response


class DataJsonView(_SelectionMixin, View):
    """The current filtered selection as JSON, with the dataset's licence and version."""

    page_cacheable = True  # anonymous repeats come from core/page_cache.py

    def get(self, request):
        selection = self.selection(request)
        records = case_studies_export_records(selection=selection, request=request)
        pages = records if records is not None else selection.pages()
        data = {
            "dataset": {
                **_dataset_info(request),
                "generated": timezone.now().isoformat(),
                "count": len(pages),
                "query": {"q": selection.query.q, **dict(selection.query.selected)},
                "data_dictionary": absolute_url(reverse("casestudies:data_dictionary")),
            },
            "case_studies": [case_study_record(page=page, request=request) for page in pages],
        }
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Access-Control-Allow-Origin"] = "*"
        return response


class DataDictionaryView(TemplateView):
    template_name = "casestudies/data_dictionary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = [
            {
                "name": column.name,
                "type": column.type,
                "meaning": column.meaning,
                "allowed": column.allowed() if column.allowed else None,
            }
            for column in COLUMNS
        ]
        context["dataset"] = _dataset_info(self.request)
        context["breadcrumbs"] = _crumbs(self.request, (_("Open data"), None))
        return context


class MethodListView(TemplateView):
    template_name = "casestudies/method_list.html"

    def get_context_data(self, **kwargs):
        from django.db.models import Count, Q

        context = super().get_context_data(**kwargs)
        context["methods"] = Method.objects.annotate(
            case_study_count=Count("case_studies", filter=Q(case_studies__live=True), distinct=True)
        )
        context["breadcrumbs"] = _crumbs(self.request, (_("Participation methods"), None))
        return context


class MethodDetailView(TemplateView):
    template_name = "casestudies/method_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        method = get_object_or_404(Method, slug=kwargs["slug"])
        context["method"] = method
        context["case_studies"] = case_studies_for_method(method=method)
        context["breadcrumbs"] = _crumbs(
            self.request,
            (_("Participation methods"), Method.list_url()),
            (method.name, None),
        )
        return context


@method_decorator(ratelimit(key="user_or_ip", rate="10/h", method="POST", block=True), name="post")
class SuggestView(LoginRequiredMixin, FormView):
    """Members suggest a case study: it becomes a draft in the moderation workflow."""

    template_name = "casestudies/suggest.html"
    form_class = SuggestCaseStudyForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            refusal = participation_refusal(request.user)
            if refusal:
                return TemplateResponse(
                    request,
                    "casestudies/suggest_refused.html",
                    {"refusal": refusal, "breadcrumbs": self.breadcrumbs()},
                    status=403,
                )
        return super().dispatch(request, *args, **kwargs)

    def breadcrumbs(self):
        return _crumbs(self.request, (_("Suggest a case study"), None))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.breadcrumbs()
        return context

    def form_valid(self, form):
        if case_study_index() is None:
            form.add_error(None, _("The case study library is not open for suggestions yet."))
            return self.form_invalid(form)
        case_study_suggest(member=self.request.user, **form.cleaned_data)
        messages.success(
            self.request,
            _(
                "Thank you. Your suggestion is now with the editors for review. You can follow "
                "its progress on your account page."
            ),
        )
        return redirect("community:account")


class CitationView(View):
    """A case study's citation as a file reference managers import: /case-studies/<slug>/cite.bib,
    cite.ris, cite.json (casestudies/citation.py). Anonymous repeats come from the page cache,
    which a publication makes out of date, as for the page itself."""

    page_cacheable = True  # anonymous repeats come from core/page_cache.py
    file_format = "bib"

    def get(self, request, slug: str):
        page = case_study_live_by_slug(slug=slug)
        if page is None:
            raise Http404
        writer, media_type = CITATION_FORMATS[self.file_format]
        citation = case_study_citation(page=page, request=request)
        response = HttpResponse(writer(citation), content_type=f"{media_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{page.slug}.{self.file_format}"'
        return response
