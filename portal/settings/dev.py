"""Local development: `make run`. Never use in production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files straight from static/ without collectstatic (WhiteNoise reads the finders).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
