"""The officer's API token pages, under the account pages."""

from django.urls import path

from qpdp.api.views import tokens

app_name = "api_tokens"
urlpatterns = [
    path("", tokens.TokenListView.as_view(), name="list"),
    path("<int:pk>/thu-hoi/", tokens.TokenRevokeView.as_view(), name="revoke"),
]
