"""Production: every secret and host name comes from the environment; nothing has a default
that would be unsafe on the internet. Missing SECRET_KEY, ALLOWED_HOSTS or SITE_URL stops the
start-up."""

import ipaddress
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

from .base import *  # noqa: F403
from .base import SITE_NAME, env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)


def _site_url(value: str, *, https: bool) -> str:
    """The site's public origin ("https://tuyengiao.example.vn"), checked: e-mails link to it."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"SITE_URL must be the site's address, such as "
                                   f"https://tuyengiao.example.vn (got {value!r}).")  # fmt: skip
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ImproperlyConfigured("SITE_URL is the scheme and host only, without a path.")
    if https and parts.scheme != "https":
        raise ImproperlyConfigured("SITE_URL must start with https:// (the site redirects to "
                                   "HTTPS; SECURE_SSL_REDIRECT is on).")  # fmt: skip
    return f"{parts.scheme}://{parts.netloc}"


def _mail_domain(host: str) -> str:
    """The domain part of an address at `host` (an IP address is written in brackets)."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return f"[{host}]"


# No default: links in e-mails to staff must point at this site, never at 127.0.0.1.
SITE_URL = _site_url(env("SITE_URL"), https=SECURE_SSL_REDIRECT)
# The sender defaults to a no-reply address at the site's host; set a mailbox the mail relay
# accepts for this domain.
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL",
    default=f"{SITE_NAME} <no-reply@{_mail_domain(urlsplit(SITE_URL).hostname)}>",
)
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
for _name, _sender in (("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL), ("SERVER_EMAIL", SERVER_EMAIL)):
    try:
        validate_email(parseaddr(_sender)[1])
    except ValidationError:
        raise ImproperlyConfigured(f"{_name} is not an e-mail address: {_sender!r}.") from None
# Only `make serve` (a local try of the production configuration over plain HTTP) turns these
# off; a real deployment keeps the defaults.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
# Production runs behind nginx: one proxy in front unless PROXY_COUNT says otherwise.
PROXY_COUNT = env.int("PROXY_COUNT", default=1)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
