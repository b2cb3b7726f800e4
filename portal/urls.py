from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from portal import guide, views
from portal.api.views import api
from portal.editorial.admin_views import preview_by_link, review_queue
from portal.feeds import CategoryFeed, LatestArticlesFeed
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tim-kiem/", views.SearchView.as_view(), name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("rss/chuyen-muc/<slug:slug>/", CategoryFeed(), name="category_feed"),
    path("admin/cho-duyet/", admin.site.admin_view(review_queue), name="review_queue"),
    # Before the admin's own URLs: only published objects get "Xem trên trang" redirects.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(views.admin_view_on_site),
        name="admin_view_on_site",
    ),
    *guide.urls(),  # the staff guide, before the admin's catch-all
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("xem-truoc/<str:token>/", preview_by_link, name="preview_link"),
    path("ckeditor/", include("portal.uploads")),
    path("", include("articles.urls")),
    path("mo-hinh/", include("models_campaign.urls")),
    path("ban-tin/", include("articles.bulletin_urls")),
    path("phat-thanh/", include("articles.radio_urls")),
    path("cuoc-thi/", include("models_campaign.contests.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA:
    # Only for `make serve` (trying the production configuration without nginx).
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler500 = "portal.views.server_error"
