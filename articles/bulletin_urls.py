from django.urls import path

from articles import bulletin_views

app_name = "bulletins"

urlpatterns = [
    path("", bulletin_views.BulletinListView.as_view(), name="list"),
    path("<slug:slug>/", bulletin_views.BulletinDetailView.as_view(), name="detail"),
    path("<slug:slug>/ban-in.pdf", bulletin_views.bulletin_pdf, name="pdf"),
]
