from django.urls import path

from articles import document_views, views

app_name = "articles"

urlpatterns = [
    path("bai-viet/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("bai-viet/<slug:slug>/ban-in/", views.ArticlePrintView.as_view(), name="print"),
    path("bai-viet/<slug:slug>/anh-<str:shape>-<str:key>.jpg", views.share_card, name="card"),
    path("chuyen-muc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("the/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("tac-gia/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("luu-tru/", views.ArchiveIndexView.as_view(), name="archive"),
    path("luu-tru/<int:year>/<int:month>/", views.MonthArchiveView.as_view(), name="month"),
    # The documents registry ("Văn bản").
    path("van-ban/", document_views.DocumentListView.as_view(), name="document_list"),
    path("van-ban/rss/", document_views.DocumentFeed(), name="document_feed"),
    path(
        "van-ban/<slug:slug>/", document_views.DocumentDetailView.as_view(), name="document_detail"
    ),
    path("van-ban/<slug:slug>/tep/<int:pk>/", document_views.document_file, name="document_file"),
]
