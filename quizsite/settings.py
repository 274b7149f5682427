"""Settings, read from the environment.

Defaults give the embedded set-up (SQLite, in-memory channel layer, one
process) so `make run` works on a fresh machine. Production sets
``DJANGO_ENV=production`` and must then supply ``SECRET_KEY``,
``DATABASE_URL`` and ``ALLOWED_HOSTS``; it refuses to start without them.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


PRODUCTION = env("DJANGO_ENV") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",  # runserver serves the ASGI application with daphne, as `make run`; production: uvicorn (deploy/)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "quizsite.accounts",
    "questionbank",
    "competitions",
    "leaderboards",
    # Last: project-level commands that use every app (seed_demo).
    "quizsite",
]

MIDDLEWARE = [
    # First, so it also answers for the database errors of the middleware below (sessions, auth).
    "quizsite.database_unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "quizsite.database_unavailable.SessionMiddleware",
    "quizsite.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Sync only and innermost, so the chain runs in one thread under ASGI (quizsite/request_threads.py).
    "quizsite.request_threads.SyncMiddlewareChain",
]

ROOT_URLCONF = "quizsite.urls"
ASGI_APPLICATION = "quizsite.asgi.application"
WSGI_APPLICATION = "quizsite.wsgi.application"

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
                "django.template.context_processors.i18n",
                "quizsite.navigation.menu",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if PRODUCTION and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=env_int("DB_CONN_MAX_AGE", 0) > 0,
    )
}
# Each HTTP request's sync code runs on one of this many
# long-lived threads per process (quizsite/request_threads.py), so a process
# holds at most this many database connections and DB_CONN_MAX_AGE can reuse
# them; size PostgreSQL for processes × REQUEST_THREADS. 0: Django's default
# (a fresh thread per request; keep DB_CONN_MAX_AGE=0 then).
REQUEST_THREADS = env_int("REQUEST_THREADS", 8)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; the timeout lets
    # concurrent autosaves wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels -------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default, which
                # races the layer's own 5 s BZPOPMIN and tears idle consumers
                # down with close code 1011 (channels_redis#422); 15 s keeps a
                # dead Redis detectable.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                # The default capacity (100) silently drops messages when a
                # live round fans out to thousands of players.
                "capacity": 1500,
                "expiry": 60,
                "group_expiry": 86400,
                "prefix": env("CHANNEL_PREFIX", "quiz"),
            },
        }
    }
    # Redis is for speed only: while it is away the cache answers from this
    # process's memory (quizsite/resilient_cache.py) and pages go on.
    REDIS_CACHE = {
        "BACKEND": "quizsite.resilient_cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_PREFIX", "quizcache"),
        "OPTIONS": {
            # Under ASGI each request gets its own cache object: share one pool, not a connection per request.
            "pool_class": "quizsite.redis_pool.SharedConnectionPool",
            # A Redis that does not answer is given up on quickly, then not tried for retry_after
            # seconds. (Not the channel layer's: its blocking reads need the long timeout above.)
            "socket_connect_timeout": 0.5,
            "socket_timeout": 1.0,
            "retry_after": 1.5,
        },
    }
    CACHES = {
        "default": REDIS_CACHE,
        # The same Redis, but with no memory of its own while Redis is away: sessions then read
        # and write PostgreSQL only, so no process serves another's outdated copy.
        "sessions": {**REDIS_CACHE, "OPTIONS": {**REDIS_CACHE["OPTIONS"], "memory_fallback": False}},
    }
    # Sessions read from Redis on every request, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": 1500, "expiry": 60, "group_expiry": 86400},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "quizsite.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_PHONE_VERIFICATION_ENABLED = False  # no SMS gateway yet; see adapter
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True
# Members sign up on their own phones, often with help from the team leader;
# "this number is already registered" must be said plainly (without SMS
# verification, allauth's enumeration guard would send them to a dead end).
ACCOUNT_PREVENT_ENUMERATION = False
# The password-reset form, though, answers the same for a known and an unknown
# e-mail (its own form, not this setting, so sign-up keeps its plain words).
# No mail goes to an unknown address: most members have none, the page already
# says who helps a phone-only member, and it would let anyone make the site
# mail any address on earth under the site's name.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_FORMS = {
    "login": "quizsite.accounts.forms.LoginForm",
    "signup": "quizsite.accounts.forms.SignupForm",
    "reset_password": "quizsite.accounts.forms.ResetPasswordForm",
}
# The subject names the site itself (templates/account/email/), in the member's
# language; allauth's prefix would be "[quiz.example.vn] ".
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

# --- Sign-in limits ---------------------------------------------------------
# allauth's limits, counted in the cache (Redis in production). They protect
# each account, not a building (DESIGN §4): a community hall on one Wi-Fi, or
# a carrier's shared address, is one address for hundreds of people signing
# in within minutes. So the per-address limits only stop floods and password
# spraying, and each account has its own counter of wrong passwords (keyed on
# the account, whether named by phone or e-mail: see the adapter). The
# account's counter comes first, so a locked account's further tries do not
# eat the address's allowance. allauth's defaults were 30 sign-ins and 10 wrong
# passwords a minute per address, and 20 sign-ups.
ACCOUNT_RATE_LIMITS = {
    "login": "600/m/ip",
    "login_failed": "5/5m/key,100/m/ip",
    "signup": "300/10m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
if env_bool("DISABLE_RATE_LIMITS"):  # load scripts only, never production
    ACCOUNT_RATE_LIMITS = False
# Which address a request comes from. In production uvicorn sits behind nginx
# (deploy/nginx.conf), which sets X-Forwarded-For to the address it saw, so
# uvicorn's --proxy-headers (the last entry not from a trusted proxy) and
# allauth (the entry this many proxies from the end) both read the client's
# real address. With a load
# balancer in front that appends to the header, count it too: only the
# entries the proxies wrote are true, whatever comes before is the client's.
# Without a proxy (development, tests) it is 0: X-Forwarded-For is
# ignored and the socket's address counts, so a forged header changes nothing.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)

# --- E-mail ---------------------------------------------------------------
# Password reset links go by e-mail. Without a mail server the console
# backend prints them to the log (journalctl in production); with EMAIL_HOST
# set, SMTP. A slow server must not hold a request: EMAIL_TIMEOUT.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# The sender of the reset mail (the adapter's get_from_email). Django's own
# default, webmaster@localhost, is refused by most mail servers and looks like
# spam: production that sends mail by SMTP must name a real one.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
if PRODUCTION and EMAIL_HOST and not DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured("DEFAULT_FROM_EMAIL must be set in production when EMAIL_HOST is set.")
DEFAULT_FROM_EMAIL = DEFAULT_FROM_EMAIL or "Thi kỹ năng số <no-reply@localhost>"
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- i18n -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded question images: anything larger is refused before Pillow opens it.
QUESTION_IMAGE_MAX_BYTES = env_int("QUESTION_IMAGE_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Domain ---------------------------------------------------------------
TEAM_SIZE_LIMIT = env_int("TEAM_SIZE_LIMIT", 10)

# --- Web Push reminders ---------------------------------------------------
# The site's VAPID key pair (`manage.py vapid_keys` prints a new one) and whom push services may write to
# about it (mailto: or https:). Without the pair the reminders are off: no opt-in card, nothing sent.
VAPID_PUBLIC_KEY = env("VAPID_PUBLIC_KEY")
VAPID_PRIVATE_KEY = env("VAPID_PRIVATE_KEY")
VAPID_SUBJECT = env("VAPID_SUBJECT", "mailto:no-reply@localhost")
if PRODUCTION and VAPID_PRIVATE_KEY and not VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured("VAPID_SUBJECT must be a mailto: or https: address.")
# The server posts to the endpoint a browser hands it: only to these push services (a host or a parent domain),
# never to an address of the site's own network. Chrome and the browsers built on it (Cốc Cốc, Samsung Internet,
# Opera, Edge) use Google's; Firefox Mozilla's; Safari Apple's.
PUSH_SERVICE_HOSTS = env_list(
    "PUSH_SERVICE_HOSTS",
    "fcm.googleapis.com,android.googleapis.com,push.services.mozilla.com,push.apple.com,notify.windows.com",
)
# How many push messages the reminder job has in flight at once (threads of the job, never of a web process).
PUSH_WORKERS = env_int("PUSH_WORKERS", 8)

# --- Security (production) -----------------------------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # DEBUG: how long each live-round broadcast took to reach this process's sockets.
    "loggers": {"competitions.live": {"level": env("LIVE_LOG_LEVEL", env("LOG_LEVEL", "WARNING"))}},
}

# Serve static files from the app folders when developing under daphne
# (`make run`); production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Live rounds (PROTOCOL.md). A question is sent this long before it opens (the
# "get ready" of DESIGN.md section 4), so the spread of the broadcast never
# costs the last phone points.
LIVE_QUESTION_LEAD_MS = env_int("LIVE_QUESTION_LEAD_MS", 1500)
# How often, at most, the host and screens get ``progress`` and everyone ``lobby``.
LIVE_PROGRESS_EVERY_S = 0.5
LIVE_LOBBY_EVERY_S = 1.0
# How often each process checks that no change of a round it serves went unheard.
LIVE_WATCH_EVERY_S = 3.0
