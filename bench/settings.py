"""Settings for the gunicorn servers that bench/load.py starts: production, with static files
served from static/ (no collectstatic step) and every host name of the bench allowed."""

import os

os.environ.setdefault("SITE_URL", "https://bench.invalid")  # required; the bench mails no one
from portal.settings.production import *  # noqa: F403
from portal.settings.production import env

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
