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
# Each benchmark database gets its own cache namespace: values kept per content generation
# (section counts, the category tree, anchors) must never cross from one database to another
# when several share one Redis database.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = env(  # noqa: F405
        "CACHE_KEY_PREFIX",
        default=f"bench-{DATABASES['default']['NAME']}",  # noqa: F405
    )
