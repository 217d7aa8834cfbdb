from django.urls import path

from qpdp.people import views

app_name = "people"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("them/", views.PersonFormView.as_view(), name="create"),
    # The list's export under its own address too (bookmarks, scripts): ?format=xlsx|csv.
    path("xuat/", views.PersonListView.as_view(export_only=True), name="export"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="detail"),
    path("<int:pk>/sua/", views.PersonFormView.as_view(), name="update"),
    path("<int:pk>/xoa/", views.PersonDeleteView.as_view(), name="delete"),
]
