from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "kind", "nation", "website"]
    list_filter = ["kind", "nation"]
    search_fields = ["name"]


register_snippet(OrganisationViewSet)
