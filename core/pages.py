"""What a Wagtail page shows besides its own fields: context builders registered by the apps.

Page models must not import their app's selectors or forms (selectors import models: the
classic models <-> selectors cycle, docs/decisions.md "Page context"). So a page's extra template
context is built in the app's ``page_contexts.py``, above models in the app's import order,
and registered for the page class::

    @page_context(CaseStudyIndexPage)
    def case_study_index(page, request, *args, **kwargs) -> dict:
        return {"results": case_studies_search(...)}

``BasePage.get_context`` calls every builder registered for the page's class (and its bases),
in registration order; each returns a dict merged into the context (later keys win). Each app
imports its ``page_contexts`` module in ``AppConfig.ready()``.

Builders return context only (they may raise ``Http404``); a page that redirects or answers
differently does that in ``serve()`` on the model."""

from collections.abc import Callable

ContextBuilder = Callable[..., dict]

_builders: dict[type, list[ContextBuilder]] = {}


def page_context(*page_classes: type) -> Callable[[ContextBuilder], ContextBuilder]:
    """Register the decorated function as a context builder for ``page_classes``."""

    def register(builder: ContextBuilder) -> ContextBuilder:
        for page_class in page_classes:
            builders = _builders.setdefault(page_class, [])
            if builder not in builders:
                builders.append(builder)
        return builder

    return register


def page_context_build(page, request, *args, **kwargs) -> dict:
    """The extra context for ``page``: the builders of its class and of its bases (base
    classes first), merged in order."""
    context: dict = {}
    for page_class in reversed(type(page).__mro__):
        for builder in _builders.get(page_class, ()):
            context.update(builder(page, request, *args, **kwargs))
    return context


# --- Sub-views of routable pages ------------------------------------------------------------------
# A routable page's route that is a whole view (a form with GET and POST, redirects), such as a
# guide's "report your use" page at /guidance/<guide>/use/, is written with the app's views; the
# model's route names it and the app registers the view in AppConfig.ready() (the model never
# imports its views).

PageView = Callable[..., object]

_page_views: dict[tuple[type, str], PageView] = {}


def page_view(page_class: type, name: str) -> Callable[[PageView], PageView]:
    """Register the decorated ``view(request, page)`` as ``page_class``'s sub-view ``name``."""

    def register(view: PageView) -> PageView:
        _page_views[(page_class, name)] = view
        return view

    return register


def page_view_serve(page, name: str, request, *args, **kwargs):
    """Answer ``request`` with the sub-view ``name`` registered for the page's class (or a base)."""
    for page_class in type(page).__mro__:
        view = _page_views.get((page_class, name))
        if view is not None:
            return view(request, page, *args, **kwargs)
    raise LookupError(f"no page view {name!r} for {type(page).__name__}")
