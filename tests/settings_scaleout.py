"""Production settings for the app servers started by tests/portal/test_scale_out.py.

Only the static files differ: the test checks state shared between processes, not hashed
file names, so it serves static/ directly instead of running collectstatic first.
"""

from portal.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test creates its staff user with the test settings' fast hasher.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
