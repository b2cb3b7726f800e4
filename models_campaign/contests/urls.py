from django.urls import path

from models_campaign.contests import views

app_name = "contests"

urlpatterns = [
    path("", views.ContestListView.as_view(), name="list"),
    path("<slug:slug>/", views.ContestDetailView.as_view(), name="detail"),
    path("<slug:slug>/ket-qua/", views.ResultsView.as_view(), name="results"),
    path("<slug:slug>/du-lieu-ca-nhan/", views.OwnDataView.as_view(), name="own_data"),
    path("<slug:slug>/vong-<int:number>/", views.RoundView.as_view(), name="round"),
    path("<slug:slug>/vong-<int:number>/bai-thi/<str:token>/", views.AttemptView.as_view(),
         name="attempt"),
    path("<slug:slug>/vong-<int:number>/xac-nhan/<str:token>/", views.ReceiptView.as_view(),
         name="receipt"),
]  # fmt: skip
