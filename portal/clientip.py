"""The client's address, as the trusted proxies in front of the app saw it.

Every proxy that follows the usual convention (nginx's `$proxy_add_x_forwarded_for`, most load
balancers and CDNs) *appends* the address of the peer it received the request from to
`X-Forwarded-For`. Whatever the client wrote itself stays on the left. With `PROXY_COUNT`
proxies in front of the app, the right-most `PROXY_COUNT` entries were written by our proxies,
and the entry the outermost of them appended -- the `PROXY_COUNT`-th from the right -- is the
client's address. Nothing to the left of it is ever read: it is whatever the client chose.

- `PROXY_COUNT=0`: the app is reached directly; `REMOTE_ADDR` is the client.
- `PROXY_COUNT=1`: nginx on the app host (or one load balancer); the last entry.
- `PROXY_COUNT=2`: a load balancer or CDN, then nginx; the second entry from the right.

A request that carries fewer entries than there are proxies did not come through all of them
(a misconfigured hop, or someone reaching the app server directly): its `REMOTE_ADDR` is used,
never a header value.

Used by django-axes (`AXES_CLIENT_IP_CALLABLE`), the rate limits, view counting and the audit
log, so they all agree on who the client is.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:5123"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address (normalised), or None when there is no usable one."""
    if request is None:
        return None
    meta = request.META
    cached = meta.get("portal.client_ip")
    if cached is not None:
        return cached or None
    proxies = max(0, int(getattr(settings, "PROXY_COUNT", 0)))
    found = None
    if proxies:
        header = meta.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop for hop in (part.strip() for part in header.split(",")) if hop]
        if len(hops) >= proxies:
            found = _valid(hops[-proxies])
    if found is None:
        found = _valid(meta.get("REMOTE_ADDR", "") or "")
    meta["portal.client_ip"] = found or ""
    return found
