from django.urls import path
from django.views.generic import TemplateView

from . import views

app_name = "community"

urlpatterns = [
    path(
        "code-of-conduct/",
        TemplateView.as_view(template_name="community/code_of_conduct.html"),
        name="code_of_conduct",
    ),
    path("account/", views.AccountView.as_view(), name="account"),
    path("account/welcome/", views.WelcomeView.as_view(), name="welcome"),
    path(
        "account/email-preferences/",
        views.EmailPreferencesView.as_view(),
        name="email_preferences",
    ),
    path("account/my-data.json", views.DataExportView.as_view(), name="data_export"),
    path("account/delete/", views.AccountDeleteView.as_view(), name="account_delete"),
    path("members/", views.DirectoryView.as_view(), name="directory"),
    path("members/search.json", views.MemberSearchView.as_view(), name="member_search"),
    path("members/approvals/", views.ApprovalQueueView.as_view(), name="approvals"),
    path(
        "members/approvals/<int:pk>/",
        views.ApprovalDecisionView.as_view(),
        name="approval_decision",
    ),
    path("members/<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
