"""Site-wide HTTP hardening: the CSP split between public and staff pages, and the headers
Django's SecurityMiddleware does not set."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


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
