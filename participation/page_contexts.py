"""What the roof's pages show besides their own fields (core.pages, docs/decisions.md
"Page context: models never import selectors"). Imported in ParticipationConfig.ready()."""

from django.core.paginator import Paginator

from core.pages import page_context

from .enums import UpdateKind
from .forms import UpdatesFilterForm
from .home import home_context
from .models import HomePage, UpdatesIndexPage
from .selectors import update_tags_in_use, updates_list


@page_context(HomePage)
def home(page, request, *args, **kwargs) -> dict:
    """The sections composed from the apps' selectors (participation/home.py)."""
    return home_context(request=request, page=page)


@page_context(UpdatesIndexPage)
def updates_index(page, request, *args, **kwargs) -> dict:
    """The filter form (kind, tag), the requested page of updates and the tags in use."""
    form = UpdatesFilterForm(request.GET)
    filters = form.cleaned_filters()
    updates = updates_list(index=page, kind=filters["kind"], tag=filters["tag"])
    page_obj = Paginator(updates, page.per_page).get_page(request.GET.get("page"))
    return {
        "filter_form": form,
        "filters": filters,
        "page_obj": page_obj,
        "updates": page_obj.object_list,
        "tags": update_tags_in_use(index=page),
        "kinds": UpdateKind.choices,
    }
