"""Site-wide HTTP hardening: the CSP split between public and staff pages, and the headers
Django's SecurityMiddleware does not set."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import QueryDict


class PortalCSPMiddleware(CSPMiddleware):
    """Public pages get CONTENT_SECURITY_POLICY; staff pages get STAFF_CONTENT_SECURITY_POLICY."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.STAFF_PATH_PREFIXES):
            parts.config = parts.config or settings.STAFF_CONTENT_SECURITY_POLICY
        return parts


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; staff pages may be framed by themselves only
    (CKEditor's dialogs and upload use same-origin frames), public pages never."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path_info.startswith(settings.STAFF_PATH_PREFIXES):
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class NullByteQueryMiddleware:
    """Drop NUL characters from query parameters before any view sees them.

    A NUL can be typed into a URL (`?linh-vuc=%00`) but cannot be sent to PostgreSQL in a
    query; it never means anything to the portal, so it is removed rather than refused.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.GET.urlencode() or "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class HeadWithoutBodyMiddleware:
    """A HEAD answer carries the GET answer's headers (Content-Length included) and no body.

    Django renders the body for HEAD too; under gunicorn that body is dropped with a log line
    for every request, so a HEAD flood would also be a log flood.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
