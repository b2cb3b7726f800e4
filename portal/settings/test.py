"""Settings for the pytest suite (`make test`). Uses DATABASE_URL when set, SQLite otherwise."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploaded files of the suite never touch the project's media folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING_CONFIG = None
# Serve static files straight from static/ without collectstatic (WhiteNoise reads the finders).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # CI creates a UTF-8-locale database and names it here, so the test database inherits it.
    DATABASES["default"]["TEST"] = {"TEMPLATE": env("DATABASE_TEST_TEMPLATE", default=None)}
else:
    # A file, not ":memory:": the browser tests' live server answers from other threads, and an
    # in-memory SQLite connection cannot be shared between threads.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3")
    }

# Views are written only when a test asks (articles.viewcounts.counter.flush()), so query counts
# of the article page do not depend on the clock.
VIEW_COUNT_FLUSH_EVERY = 10**9
VIEW_COUNT_FLUSH_SECONDS = 10**9
