"""URLs for browser tests: the portal's, plus MEDIA served by Django so that the live server can
deliver uploaded pictures (DEBUG is off in tests, and production leaves media to nginx or S3).
Used only through the `settings` fixture; production URLs are unchanged."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from portal.urls import handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *portal_urlpatterns]
