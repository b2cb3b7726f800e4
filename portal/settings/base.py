"""Settings shared by every environment.

Values that differ between machines come from the environment (or a `.env` file in the project
folder) through django-environ; see `.env.example` and the README's configuration table.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default=None)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "axes",
    "ckeditor",
    "ckeditor_uploader",
    "import_export",
    "ninja",
    "corsheaders",
    "portal",
    "articles",
    "models_campaign",
]

MIDDLEWARE = [
    # Outermost: HEAD answers lose their body after every other middleware has seen it.
    "portal.middleware.HeadWithoutBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.NullByteQueryMiddleware",
    # Before anything costly: a client past its budget gets a 429 at once.
    "portal.ratelimit.RateLimitMiddleware",
    # A cached page for a reader without a session is answered here, before the rest
    # (portal.cache.EarlyPageCacheMiddleware); everything below still runs for other requests.
    "portal.cache.EarlyPageCacheMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Lets the audit log name who changed an account, a role or a permission.
    "portal.audit.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # ETag and 304 answers for every page, cached or not.
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.cache.AnonymousPageCacheMiddleware",
    # Last, as django-axes asks: locks out repeated failed staff logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite file in the project folder unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses to even check a password while the user or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]
# The project's own Vietnamese for what Django and the admin's libraries leave in English or word
# badly; it takes precedence over their catalogues (portal/locale/vi, compiled by `make messages`).
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Let Django itself serve MEDIA_ROOT when DEBUG is off: only for `make serve`; in production
# nginx (or S3) serves media.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- pictures (portal/images.py) ------------------------------------------------------------
# Uploads above these limits are refused before they are decoded.
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=50_000_000)

# S3-compatible object storage for uploads (AWS S3, MinIO, Ceph, Viettel/FPT/CMC cloud storage...)
# when S3_BUCKET is set; the local MEDIA_ROOT otherwise. See README "Pictures".
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", default="") or None
    S3_CUSTOM_DOMAIN = env("S3_CUSTOM_DOMAIN", default="") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL,
            "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            "custom_domain": S3_CUSTOM_DOMAIN,
            # MinIO and most S3-compatible servers want bucket names in the path.
            "addressing_style": env("S3_ADDRESSING_STYLE", default="")
            or ("path" if S3_ENDPOINT_URL else None),
            # Pictures are public: plain URLs (no signatures that expire in cached pages).
            "querystring_auth": False,
            # Names are random and renditions are rewritten on purpose: never rename on save.
            "file_overwrite": True,
            # Originals never change (random names); renditions change only when remade by
            # `image_renditions` after a change of widths or quality: a month of caching.
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }
    # Pages and the body sanitiser take URLs from the storage itself (storage.url); MEDIA_URL
    # only says where the pictures are for people reading the settings.
    if S3_CUSTOM_DOMAIN:
        MEDIA_URL = f"https://{S3_CUSTOM_DOMAIN}/"
    elif S3_ENDPOINT_URL:
        MEDIA_URL = f"{S3_ENDPOINT_URL.rstrip('/')}/{S3_BUCKET}/"


# Local memory by default; Redis (django-redis) when REDIS_URL is set, which every app server
# must share: the page cache, its invalidation and (then) the sessions live there. A Redis
# that cannot be reached makes every lookup a miss, so the site serves uncached pages.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Anonymous readers' pages: kept this long at most in the server's cache (content changes
# invalidate them at once). Browsers revalidate on every view (no-cache + ETag: a 304 costs
# nothing); a shared cache (CDN) in front may keep a page PAGE_CACHE_SHARED_SECONDS (s-maxage),
# 0 by default: a CDN that keeps pages must be purged when content changes (README).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_SHARED_SECONDS = env.int("PAGE_CACHE_SHARED_SECONDS", default=0)
# Each app process also keeps the pages it served last in its own memory, for the current
# content generation only; a new generation is announced to every process at once (Redis
# pub/sub), and the local copy is trusted at most PAGE_CACHE_LOCAL_SECONDS without asking
# Redis (portal.cache.LocalState). 0 entries: every hit asks Redis.
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", default=5.0)
PAGE_CACHE_LOCAL_ENTRIES = env.int("PAGE_CACHE_LOCAL_ENTRIES", default=1000)

LOGIN_URL = "admin:login"

# --- security headers and sessions --------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# Staff sessions end after this long without a request (only staff have sessions).
SESSION_COOKIE_AGE = env.int("STAFF_IDLE_TIMEOUT_SECONDS", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp). Public pages: nothing inline, nothing from elsewhere.
# Staff pages (/admin/, /ckeditor/) get STAFF_CONTENT_SECURITY_POLICY instead (see
# portal.middleware.PortalCSPMiddleware): CKEditor 4 needs inline script and style there.
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
        "frame-src": ["'none'"],
    }
}
STAFF_CONTENT_SECURITY_POLICY = {
    "default-src": [_SELF],
    "script-src": [_SELF, "'unsafe-inline'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:"],
    "font-src": [_SELF, "data:"],
    "connect-src": [_SELF],
    "object-src": ["'none'"],
    "base-uri": [_SELF],
    "form-action": [_SELF],
    "frame-ancestors": [_SELF],
    "frame-src": [_SELF],
}
STAFF_PATH_PREFIXES = ("/admin/", "/ckeditor/")
if S3_BUCKET:
    # Pictures in object storage come from the bucket's (or its CDN's) origin: pages may load
    # images from there, and only images.
    if S3_CUSTOM_DOMAIN:
        _MEDIA_ORIGINS = [f"https://{S3_CUSTOM_DOMAIN}"]
    elif S3_ENDPOINT_URL:
        _MEDIA_ORIGINS = ["/".join(S3_ENDPOINT_URL.split("/")[:3])]  # scheme://host[:port]
    else:
        _MEDIA_ORIGINS = ["https://s3.amazonaws.com", "https://*.amazonaws.com"]
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
        *_MEDIA_ORIGINS,
    ]
    STAFF_CONTENT_SECURITY_POLICY["img-src"] = [
        *STAFF_CONTENT_SECURITY_POLICY["img-src"],
        *_MEDIA_ORIGINS,
    ]

# --- the client's address and failed staff logins ------------------------------------------
# How many proxies that append to X-Forwarded-For stand in front of the app (nginx: 1; a load
# balancer or CDN and nginx: 2). 0 means clients reach the app directly. portal/clientip.py;
# README "Security" shows both set-ups.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# django-axes, with the rules of portal/loginguard.py: a lock per account *and* address
# together, and a slower limit per account over every address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_USERNAME_FAILURE_LIMIT = env.int("LOGIN_USERNAME_FAILURE_LIMIT", default=20)
AXES_HANDLER = "portal.loginguard.PortalAxesHandler"
AXES_CLIENT_IP_CALLABLE = "portal.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.loginguard.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = True

# Per-client budgets for expensive requests (portal/ratelimit.py): so many requests per window
# of so many seconds for each address; past it, a Vietnamese 429 page until the window ends.
RATE_LIMITS = [
    {"name": "search", "prefix": "/tim-kiem/", "limit": env.int("RATE_LIMIT_SEARCH", 30),
     "seconds": 60, "what": "tìm kiếm"},
    {"name": "filters", "prefix": "/mo-hinh/", "limit": env.int("RATE_LIMIT_FILTERS", 60),
     "seconds": 60, "what": "lọc danh sách mô hình", "only_with_query": True},
    {"name": "sitemap", "prefix": "/sitemap.xml", "limit": 30, "seconds": 60,
     "what": "tải sơ đồ trang"},
    {"name": "login", "prefix": "/admin/login/", "limit": env.int("RATE_LIMIT_LOGIN", 20),
     "seconds": 300, "what": "đăng nhập", "methods": ("POST",)},
    {"name": "upload", "prefix": "/ckeditor/upload/", "limit": 120, "seconds": 600,
     "what": "tải ảnh lên", "methods": ("POST",)},
]  # fmt: skip

# Site identity shown in templates (portal.context_processors.site).
SITE_NAME = env("SITE_NAME", default="Ban Tuyên giáo Thành ủy")
SITE_TAGLINE = env("SITE_TAGLINE", default="Cổng thông tin điện tử Ban Tuyên giáo Thành ủy")

ARTICLES_PER_PAGE = 12

# --- e-mail (portal.editorial.notifications) ---------------------------------------------------
# The site's public address, scheme and host only: links in e-mails are built from it (an e-mail
# has no request to take the host from). Required in production (portal.settings.production).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The sender of the workflow e-mails, and of the error reports Django mails to ADMINS.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Radio: the largest audio file accepted for an article (articles.audio).
AUDIO_MAX_BYTES = env.int("AUDIO_MAX_BYTES", default=50 * 1024 * 1024)

# --- JSON API (/api/v1/, portal.api) ------------------------------------------------------------
# Web origins allowed to call the API from a browser (the city's app, a Zalo mini app).
CORS_ALLOWED_ORIGINS: list[str] = env.list("API_CORS_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="120/min")  # per client address
# Signed preview links for people without an account stop working after this many days.
PREVIEW_LINK_DAYS = env.int("PREVIEW_LINK_DAYS", default=7)

# --- django-taggit -------------------------------------------------------------------------
TAGGIT_CASE_INSENSITIVE = True
# Tags get the same Vietnamese-aware slugs as articles (taggit's default drops "đ").
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

# --- django-ckeditor -------------------------------------------------------------------------
CKEDITOR_UPLOAD_PATH = "uploads/"
# Editor uploads go through portal/images.py (portal/uploads.py), not django-ckeditor's backend.
CKEDITOR_ALLOW_NONIMAGE_FILES = False
# Each staff member's uploads live in uploads/<user id>/ and the browser shows only those
# (superusers see every folder). See portal/uploads.py.
CKEDITOR_RESTRICT_BY_USER = "pk"
CKEDITOR_BROWSE_SHOW_DIRS = False
CKEDITOR_CONFIGS = {
    "default": {
        "language": "vi",
        "height": 420,
        "width": "100%",
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Underline", "Strike", "RemoveFormat"],
            ["NumberedList", "BulletedList", "Blockquote", "Outdent", "Indent"],
            ["JustifyLeft", "JustifyCenter", "JustifyRight", "JustifyBlock"],
            ["Link", "Unlink", "Image", "Table", "HorizontalRule"],
            ["Undo", "Redo", "Maximize", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        # image2 keeps a caption with the picture (<figure><figcaption>) and asks for alt text;
        # uploadimage sends pictures pasted or dropped into the text (several at once, with a
        # progress notification) to the same upload view as the image dialog (portal/uploads.py,
        # through portal/images.py).
        "extraPlugins": "image2,uploadimage",
        "uploadUrl": "/ckeditor/upload/?responseType=json",
        "imageUploadUrl": "/ckeditor/upload/?responseType=json",
        "removePlugins": "image,preview,docprops,codesnippetgeshi",
        "image2_captionedClass": "image-captioned",
        "disallowedContent": "script; style; *[on*]",
        # Uploads from the image dialog go by XMLHttpRequest too, which carries the CSRF token
        # that static/js/ckeditor-config.js adds to every upload request.
        "filebrowserUploadMethod": "xhr",
        "customConfig": STATIC_URL + "js/ckeditor-config.js",
    }
}
# CKEditor 4 (bundled by django-ckeditor) is end-of-life; its check ckeditor.W001 says so.
# The editor is kept because the user chose it; it only runs on staff pages, and every body it
# produces is sanitised on the server by portal.richtext before it is stored. See README "Security".
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- search ----------------------------------------------------------------------------------
# What /tim-kiem/ searches: one portal.search.SearchSource per kind of content.
SEARCH_SOURCES = [
    "articles.search.ARTICLE_SOURCE",
    "models_campaign.search.SHOWCASE_SOURCE",
    "articles.search_documents.DOCUMENT_SOURCE",
]
# Largest file attached to a document ("văn bản"), in bytes (articles/attachments.py).
DOCUMENT_ATTACHMENT_MAX_BYTES = env.int("DOCUMENT_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Each source ranks at most this many of its newest matches (see portal.search.hits).
SEARCH_MAX_RESULTS = env.int("SEARCH_MAX_RESULTS", default=300)

# Article views are added up in memory and written in batches (articles/viewcounts.py).
VIEW_COUNT_FLUSH_EVERY = env.int("VIEW_COUNT_FLUSH_EVERY", default=50)
VIEW_COUNT_FLUSH_SECONDS = env.int("VIEW_COUNT_FLUSH_SECONDS", default=30)
# One client counts at most one view of an article in this many seconds.
VIEW_COUNT_WINDOW_SECONDS = env.int("VIEW_COUNT_WINDOW_SECONDS", default=6 * 60 * 60)

# Showcase spreadsheets (models_campaign/resources.py): files beyond these are refused before
# they are parsed, with a Vietnamese message, and nothing is imported.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=2000)
IMPORT_MAX_COLUMNS = 50
IMPORT_MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # an .xlsx's members, unpacked, all together
IMPORT_MAX_ZIP_RATIO = 100  # unpacked / packed size of any member over 1 MB
IMPORT_MAX_ZIP_MEMBERS = 500

# Where `manage.py backup` writes when no --output is given.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "backups")))
# Signs every backup's manifest (HMAC-SHA256); restore refuses an archive it did not sign.
# Defaults to SECRET_KEY: keep the old value (or set this) to restore archives made before a
# SECRET_KEY rotation.
BACKUP_SIGNING_KEY = env("BACKUP_SIGNING_KEY", default="")

# --- contests (models_campaign.contests) --------------------------------------------------------
# Participants' personal data is anonymised this many months after their contest ends.
CONTEST_PERSONAL_DATA_MONTHS = env.int("CONTEST_PERSONAL_DATA_MONTHS", default=12)
# Starting an attempt: at most this many per address and per phone in the window (shared cache).
CONTEST_RATE_PER_ADDRESS = env.int("CONTEST_RATE_PER_ADDRESS", default=60)
CONTEST_RATE_PER_PHONE = env.int("CONTEST_RATE_PER_PHONE", default=10)
CONTEST_RATE_WINDOW_SECONDS = env.int("CONTEST_RATE_WINDOW_SECONDS", default=600)
# Seconds accepted past the time limit, for the network between the click and the server.
CONTEST_SUBMIT_GRACE_SECONDS = env.int("CONTEST_SUBMIT_GRACE_SECONDS", default=20)
