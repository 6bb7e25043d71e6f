from django.urls import path
from django.views.generic import TemplateView

app_name = "community"

urlpatterns = [
    path(
        "code-of-conduct/",
        TemplateView.as_view(template_name="community/code_of_conduct.html"),
        name="code_of_conduct",
    ),
]
