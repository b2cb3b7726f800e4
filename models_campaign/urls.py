from django.urls import path

from models_campaign import views

app_name = "models_campaign"

urlpatterns = [
    path("", views.EntryListView.as_view(), name="list"),
    path("thong-ke/", views.StatsView.as_view(), name="stats"),
    path("chuyen-de/<int:year>/", views.ThemeView.as_view(), name="theme"),
    path("<slug:slug>/", views.EntryDetailView.as_view(), name="detail"),
]
