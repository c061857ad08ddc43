"""Settings for the campaign site.

Every value comes from the environment (or a `.env` file beside manage.py) through
django-environ. Local use gets safe defaults (SQLite, a file cache, DEBUG off); production
(`DEPLOYMENT=production`) has no default for anything secret or site-specific, so a
missing value stops start-up instead of running with a guess. The README lists every
variable.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Real environment variables win over the file (read_env only sets missing keys).
ENV_FILE = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE)

DEPLOYMENT = env.str("DEPLOYMENT", default="local")
if DEPLOYMENT not in {"local", "production"}:
    raise environ.ImproperlyConfigured("DEPLOYMENT must be 'local' or 'production'.")
PRODUCTION = DEPLOYMENT == "production"

# No default, ever: `make run` writes a random one into .env on first use.
SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)


def _example_values() -> set[str]:
    """Every value written in .env.example: placeholders that must never run in production."""
    example = BASE_DIR / ".env.example"
    if not example.is_file():
        return set()
    lines = (line.strip().lstrip("#").strip() for line in example.read_text().splitlines())
    return {line.partition("=")[2].strip() for line in lines if "=" in line}


if PRODUCTION:
    if DEBUG:
        raise environ.ImproperlyConfigured(
            "DEBUG is on, which shows code and settings to anyone who causes an error. "
            "Set DEBUG=false (or remove it) for production."
        )
    if len(SECRET_KEY) < 50 or SECRET_KEY in _example_values():
        raise environ.ImproperlyConfigured(
            "SECRET_KEY is too short or is the placeholder from .env.example. Set it to 50 or "
            "more random characters, for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )

if PRODUCTION:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Absolute address of the site, used for the sitemap and canonical links so that a
# forged Host header can never end up in a cached page.
# Locally it follows `make run HOST=... PORT=...`, so QR codes and canonical links made on
# another port point at that port.
_LOCAL_URL = f"http://{env.str('HOST', default='127.0.0.1')}:{env.int('PORT', default=8000)}"
SITE_URL = env.str("SITE_URL", default="" if PRODUCTION else _LOCAL_URL).rstrip("/")
if PRODUCTION and not SITE_URL.startswith("https://"):
    raise environ.ImproperlyConfigured("SITE_URL must be set to the https:// address in production.")

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    # Before the admin: it adds the translated fields (content/translation.py) before any
    # admin class is built, and registers the content models' history after them.
    "modeltranslation",
    # django.contrib.admin, with a site that demands a one-time code (content.staff_security).
    "content.admin_config.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "phonenumber_field",
    "simple_history",
    "content",
    "pages",
    "reach",
    "toolkit",
]

MIDDLEWARE = [
    # Outermost, so that every response, even a 400 for a forged Host raised further in,
    # gets the Content-Security-Policy and the rest of the header set, and every error a
    # person can reach is the site's own page with the helpline.
    "csp.middleware.CSPMiddleware",
    "pages.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts views of public pages (page and day only); outside the page cache so that
    # cache hits are counted too.
    "reach.middleware.ReachMiddleware",
    # Serves public pages from the worker's page cache before anything stateful runs, and
    # ignores any cookie sent to a public page.
    "pages.middleware.PublicPageMiddleware",
    # The language comes from the address alone (/ur/, /pa/, /pl/, /ro/; English has no
    # prefix): with prefix_default_language=False, Django never reads a cookie or the
    # Accept-Language header to choose it, and never redirects.
    "django.middleware.locale.LocaleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "campaign_site.urls"
WSGI_APPLICATION = "campaign_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Public pages get their content from the snapshot in the view, not from
            # context processors; these serve the admin.
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
if PRODUCTION:
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["NAME"] == str(VAR_DIR / "db.sqlite3"):
    # SQLite cannot create the directory its file lives in (and with Redis as the cache,
    # nothing else would either).
    VAR_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the server is gone: public pages never wait on it, and the admin
    # shows its "database unavailable" page within seconds.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
    # A server that vanishes mid-request (no reset, just silence) is given up on within
    # seconds too, instead of the operating system's many minutes.
    options.setdefault("keepalives", 1)
    options.setdefault("keepalives_idle", 5)
    options.setdefault("keepalives_interval", 2)
    options.setdefault("keepalives_count", 2)
    options.setdefault("tcp_user_timeout", 10_000)  # milliseconds
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# After a failed attempt, public pages leave the database alone this long (they serve the
# last snapshot meanwhile), so an outage never costs every request a connection attempt.
CONTENT_DB_RETRY_SECONDS = env.float("CONTENT_DB_RETRY_SECONDS", default=30)

# --- Cache ------------------------------------------------------------------
# Shared by every worker and instance. Redis when REDIS_URL (or CACHE_URL) is set; a
# file cache on this machine otherwise, so that `make run`'s several workers still see
# an admin save on the very next request.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": env.cache_url("REDIS_URL")}
else:
    CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
CACHES["default"].setdefault("KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="campaign"))
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A dead Redis must not hang a request: the site falls back to its in-process copy.
    CACHES["default"].setdefault("OPTIONS", {}).update({"socket_connect_timeout": 0.5, "socket_timeout": 0.5})
# Each worker's rendered public pages (pages.middleware): in its own memory, never shared,
# keyed by the content snapshot's version.
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}

# --- Staff sign-in ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 14},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ADMIN_PATH = env.str("ADMIN_PATH") if PRODUCTION else env.str("ADMIN_PATH", default="admin/")
ADMIN_PATH = ADMIN_PATH.strip("/") + "/"
if ADMIN_PATH == "/":
    raise environ.ImproperlyConfigured("ADMIN_PATH cannot be empty: the admin needs its own path.")
if PRODUCTION and ADMIN_PATH == "admin/":
    raise environ.ImproperlyConfigured("Choose an ADMIN_PATH other than admin/ in production.")
# One-time codes are required everywhere except where a developer turns them off
# locally (never in production).
ADMIN_REQUIRE_OTP = True if PRODUCTION else env.bool("ADMIN_REQUIRE_OTP", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Campaign site admin")
LOGIN_URL = f"/{ADMIN_PATH}login/"

SESSION_COOKIE_NAME = "staff_session"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 2)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_PATH = f"/{ADMIN_PATH}"
# The sign-in form's CSRF token is a cookie scoped to the staff path (so no public page ever
# receives it), rather than a session: looking at the sign-in page writes nothing to the
# database, and a session exists only after a successful sign-in.
CSRF_COOKIE_NAME = "staff_csrftoken"
CSRF_COOKIE_PATH = f"/{ADMIN_PATH}"
CSRF_COOKIE_AGE = None  # ends with the browser, like the session
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Admin messages ("Saved.") go in the staff session too: the messages framework would
# otherwise set a cookie on path /, which browsers would then send to public pages.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# django-axes: lock a username+address pair out after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no record of successful sign-ins with addresses
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Never store the password, the one-time code or the form token with a failed attempt.
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "otp_device", "csrfmiddlewaretoken"]
# Log lines say that a sign-in failed, never from which address or browser.
AXES_CLIENT_STR_CALLABLE = "content.staff_security.client_str"
# Behind the TLS proxy the client address is in X-Forwarded-For; trust only as many
# hops (counted from the right) as there are proxies we run. 0 = no proxy.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "content.staff_security.client_ip"
# Failed attempts (which hold an address) are deleted this long after the last one.
AXES_RECORD_RETENTION_HOURS = env.int("AXES_RECORD_RETENTION_HOURS", default=24)

# --- Security headers -------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("BEHIND_TLS_PROXY", default=PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Health checks come from the load balancer over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    if not SECURE_HSTS_PRELOAD:
        # `check --deploy` warns until `preload` is sent. Joining the browsers' preload
        # list binds the whole registrable domain (and every subdomain) to HTTPS for
        # months, so it is the domain owner's decision: SECURE_HSTS_PRELOAD=true.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content-Security-Policy (django-csp). Public pages: nothing inline, nothing from
# another host. The admin gets its own, looser policy in SecurityHeadersMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        # No connect-src, font-src or manifest-src: the pages fetch nothing, use the
        # system fonts and have no web-app manifest, so default-src 'none' blocks them.
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    # Django's admin widgets still use a few style attributes.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
    "encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), "
    "interest-cohort=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), "
    "sync-xhr=(), usb=(), xr-spatial-tracking=()"
)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-gb"
# English names here (the admin stays in English); the language links show each name in
# its own script (content.languages).
LANGUAGES = [
    ("en-gb", _("English")),
    ("ur", _("Urdu")),
    ("pa", _("Punjabi (Gurmukhi)")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
]
# django-modeltranslation: each translated field gets a column per language; an empty one
# falls back to English, field by field.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "GB"

# --- Static files and uploads -----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# A directory every instance can read (a shared volume), unless object storage is set.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
WHITENOISE_ALLOW_ALL_ORIGINS = False


def _static_file_headers(headers, path, url):
    """Static files get the same hardening as pages (whitenoise bypasses middleware)."""
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Referrer-Policy"] = "no-referrer"
    if path.endswith(".svg"):
        # An SVG opened on its own is a document that could run script: never here.
        headers["Content-Security-Policy"] = "default-src 'none'; sandbox"


WHITENOISE_ADD_HEADERS_FUNCTION = _static_file_headers
# Request bodies larger than this are refused (413) before Django reads them; the proxy
# in front should refuse them first (see README: client_max_body_size).
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=5 * 1024 * 1024)
# The same limit for staff pages (under ADMIN_PATH), where a print-quality logo is uploaded
# and made smaller: a signed-in editor's request may be this large.
MAX_STAFF_UPLOAD_BYTES = env.int("MAX_STAFF_UPLOAD_BYTES", default=25 * 1024 * 1024)
# Form fields other than files are refused beyond this. Files over FILE_UPLOAD_MAX_MEMORY_SIZE
# are written to a temporary file while the request is read, not held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Site behaviour ---------------------------------------------------------
QUICK_EXIT_URL = env.str("QUICK_EXIT_URL", default="https://www.bbc.co.uk/weather")
# First-party, aggregate-only counts of page views, help-link clicks and poster-code
# visits (the reach app). REACH_COUNTING=false turns all counting off.
REACH_COUNTING = env.bool("REACH_COUNTING", default=True)
# Each worker saves what it has counted at the end of a request at most this often.
REACH_FLUSH_SECONDS = env.float("REACH_FLUSH_SECONDS", default=10)
if REACH_COUNTING:
    # The helpline's tel: link reports a tap with <a ping>, which CSP governs as connect-src.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"] = ["'self'"]
# Longest a browser or CDN may reuse a public page (it is also cut to the next change
# of the helpline's open/closed status).
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=300)
# Longest a shared cache (the proxy in deploy/nginx, a CDN) may reuse a page (s-maxage): an
# admin save reaches every visitor within this, while a launch burst is still absorbed.
PUBLIC_PAGE_SHARED_MAX_AGE = env.int("PUBLIC_PAGE_SHARED_MAX_AGE", default=60)
PUBLIC_PAGE_STALE_IF_ERROR = env.int("PUBLIC_PAGE_STALE_IF_ERROR", default=86400)

# --- Logging ----------------------------------------------------------------
# No client addresses, user agents or query strings: Django's error e-mails (which
# copy request.META) are not used; errors go to stderr with the path only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "pages.logging.RedactFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["stderr"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": [], "propagate": False},
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
ADMINS = []
