"""Settings for Coalition, read from the environment.

One module for every environment: development (`make run`), tests (overrides in
tests/conftest.py) and production (docker-compose.yml). Every value comes from the
environment with a typed reader that fails loudly on a bad value.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("COALITION_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
# A local .env (made by `make` for development) fills in what the environment does not set.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "coalition.admin_site.CoalitionAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "coalition",
    "regiegroep",
    "dilemmas",
    "digital",
    "relatiebeheer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, which answers static files itself: its responses get the header too.
    "coalition.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coalition.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "coalition.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: both may log out or redirect with a message (coalition.accounts).
    "coalition.middleware.IdleTimeoutMiddleware",
    "coalition.middleware.TwoFactorMiddleware",
    # Opening what a notification points to marks it read; it also counts the unread ones.
    "coalition.middleware.NotificationReadMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns lockouts raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coalition.urls"
WSGI_APPLICATION = "coalition.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% url %}` and `|date` without their cost on every row of a list.
            "builtins": ["coalition.templatetags.paths", "coalition.templatetags.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coalition.context_processors.coalition",
            ],
        },
    },
]
# Django's form renderer, with selects and lists of checkboxes written in Python (the same
# markup, many times faster on a list of hundreds).
FORM_RENDERER = "coalition.renderers.QuickRenderer"

# Without DATABASE_URL the app runs on a local SQLite file: `make run` needs no server.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'coalition.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A training room of twenty people, the web server and the worker share the file. WAL lets
    # readers go on while one writes; the busy timeout makes a writer wait its turn. IMMEDIATE
    # takes the write lock when a transaction begins: a deferred one that reads and then
    # writes (django-axes on every failed login) cannot wait for it and fails at once with
    # "database is locked". synchronous=NORMAL is safe with WAL and makes each commit cheaper.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "coalition:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling by user name (behind a proxy every address may look alike): five
# failures lock the name for a cool-off, not for good. A coordinator can unlock it, and a
# password reset by e-mail lifts it (coalition.security).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "coalition.security.client_ip"
# django-axes warns when addresses are not part of the lock. On purpose: a ward's computers
# share one address, and five typos of one nurse must not lock out the whole ward.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# How many proxies of our own stand in front of the app (docker-compose.yml: one). Their
# X-Forwarded-For entries are trusted; the client's own are not.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # an invitation or reset link works for three days
# Someone given sight of confidential records confirms access requests for others only
# after this many days (coalition.access.recently_granted_ids).
ACCESS_CONFIRMER_WAIT_DAYS = env.int("ACCESS_CONFIRMER_WAIT_DAYS", default=14)
# Digital skills fade: a re-intake is proposed when the last one is this many months old.
DIGITAL_REINTAKE_MONTHS = env.int("DIGITAL_REINTAKE_MONTHS", default=12)
AXES_VERBOSE = False
# Codes typed at two-step verification are not written into the failure log.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "recovery_code"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# guardian: anonymous users have no object permissions at all.
ANONYMOUS_USER_NAME = None
GUARDIAN_RENDER_403 = False
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "nl"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The files the app keeps (stored playbook PDFs, imports waiting between steps) go through
# Django's storage API only: a folder under MEDIA_ROOT by default, shared by every process on
# one machine; with S3_BUCKET set, an S3-compatible store (django-storages, the `s3` extra),
# so web and worker processes on several machines find the same files.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            # Private files: links expire, nothing is public, nothing is overwritten.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# E-mail: console in development unless EMAIL_URL says otherwise (smtp://user:pw@host:587).
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND",
        default="django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coalition <noreply@coalition.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def clean_site_url(value):
    """The public address that links in e-mail start with: http(s), a host (and port), and
    nothing after it. Returned without a trailing slash."""
    parts = urlsplit(value.strip())
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's public address, such as https://coalitie.example.nl "
            f"(http or https, a host, nothing after it), not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


SITE_URL = env.str("SITE_URL", default="")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off: the public address that links in e-mail "
            "start with, such as https://coalitie.example.nl."
        )
    # runserver's own port; `make run PORT=8123` sets SITE_URL for the port it serves on.
    SITE_URL = "http://127.0.0.1:8000"
SITE_URL = clean_site_url(SITE_URL)

# Content Security Policy: everything from our own origin, nothing inline, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Browser features the app never uses, refused for it and anything it might embed
# (coalition.security.PermissionsPolicyMiddleware). Camera, microphone, location, payment and
# devices first; "browsing-topics" opts out of interest-based advertising (it replaced FLoC's
# "interest-cohort", which browsers no longer know and warn about on every page). Fullscreen
# stays allowed: the browser's PDF viewer offers it for the app's PDFs.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "hid",
        "midi",
        "display-capture",
        "screen-wake-lock",
        "idle-detection",
        "accelerometer",
        "gyroscope",
        "magnetometer",
        "xr-spatial-tracking",
        "publickey-credentials-get",
        "browsing-topics",
    ]
}

# Shared computers on care wards: a session lasts a working day, not two weeks, and ends
# sooner after this many minutes without a request (coalition.accounts).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 10)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# Two-step verification (TOTP with recovery codes, coalition.accounts) for everyone who sees
# cases, clients or the access log: on in production, off in development so the demo is easy.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Coalition"
# An account nobody logged in to for this many days is deactivated (coalition.accounts).
ACCOUNT_INACTIVE_DAYS = env.int("ACCOUNT_INACTIVE_DAYS", default=90)
# Rights of the people in the app (coalition.privacy, docs/privacy.md). A confirmed copy of
# someone's data can be downloaded this many days by the privacy officer who asked for it.
PRIVACY_COPY_DAYS = env.int("PRIVACY_COPY_DAYS", default=30)
# A person's own copy as PDF (profile: Your data) is made by a worker and kept this many
# hours, then deleted by the night's retention run.
OWN_COPY_HOURS = env.int("OWN_COPY_HOURS", default=24)
# Retention: records older than this many days are anonymised by the nightly task. No law
# sets a period for these records (they are not the medical record of the WGBO, kept 20
# years): the defaults keep them as long as the work needs them, the AVG's rule.
RETENTION_DAYS = {
    # A client with no intake, goal or attempt for two years has left the service.
    "digital.client": env.int("RETENTION_CLIENT_DAYS", default=2 * 365),
    # An intake's free text, two years after the intake; a re-intake follows within one.
    "digital.intake": env.int("RETENTION_INTAKE_DAYS", default=2 * 365),
    # A dilemma case, two years after it was brought in (or written, if never brought in).
    "dilemmas.dilemmacase": env.int("RETENTION_CASE_DAYS", default=2 * 365),
    # A consultation request, one year after it was closed or withdrawn.
    "dilemmas.consultation": env.int("RETENTION_CONSULTATION_DAYS", default=365),
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Celery. With CELERY_BROKER_URL (Redis in production) that broker is used; without it,
# kombu's filesystem transport, so one machine runs a real worker and beat with no server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or "filesystem://localhost/"
CELERY_BROKER_DIR = VAR_DIR / "celery"
if CELERY_BROKER_URL == "filesystem://localhost/":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Every periodic task, one line each. Each task is idempotent: a second run sends nothing twice.
CELERY_BEAT_SCHEDULE = {
    # Sends the e-mail of notifications whose mail did not go out (worker down, SMTP error).
    "notifications-retry-unsent-mail": {
        "task": "coalition.tasks.send_pending_notification_emails",
        "schedule": crontab(minute="*/15"),
    },
    # Sends the daily digest to people who chose one mail a day (once per person and day).
    "notifications-daily-digest": {
        "task": "coalition.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Tells the privacy officers last month's access-log report is ready: from the 1st, daily
    # in the first week so a missed day still sends it (once per month and person).
    "access-log-monthly-report": {
        "task": "coalition.sweeps.send_access_log_report",
        "schedule": crontab(day_of_month="1-7", hour=6, minute=30),
    },
    # Deactivates accounts unused for ACCOUNT_INACTIVE_DAYS, telling them and their coordinators.
    "accounts-deactivate-inactive": {
        "task": "coalition.sweeps.deactivate_inactive_accounts",
        "schedule": crontab(hour=2, minute=30),
    },
    # Anonymises the records older than their retention period (RETENTION_DAYS), in batches:
    # a second run changes nothing, a run after a crash goes on where it stopped.
    "privacy-retention": {
        "task": "coalition.sweeps.apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    # Steering group (regiegroep)
    # Reminds steering members (once per version and year overdue) to review an old playbook.
    "regiegroep-playbook-review": {
        "task": "regiegroep.tasks.send_playbook_review_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Gives steering member rights to seats that started, takes them from seats that ended.
    "regiegroep-sync-member-rights": {
        "task": "regiegroep.tasks.sync_steering_member_permissions",
        "schedule": crontab(hour=0, minute=15),
    },
    # Moral deliberation (dilemmas)
    # Reminds team leads whose team is behind on reflection moments (once per period).
    "dilemmas-reflection-behind": {
        "task": "dilemmas.tasks.remind_teams_behind_on_reflection",
        "schedule": crontab(hour=7, minute=30),
    },
    # Reminds people whose mandatory training is overdue (once per due date).
    "dilemmas-trainings-overdue": {
        "task": "dilemmas.tasks.remind_overdue_trainings",
        "schedule": crontab(hour=7, minute=40),
    },
    # Reminds the working group of conversation requests untouched for two working days.
    "dilemmas-consultations-untouched": {
        "task": "dilemmas.tasks.remind_untouched_consultations",
        "schedule": crontab(minute=5),
    },
    # Digital inclusion (digital)
    # Proposes a re-intake for clients whose last intake is old or who switched to analog.
    "digital-reintakes": {
        "task": "digital.tasks.propose_reintakes",
        "schedule": crontab(hour=7, minute=50),
    },
    # Relationship management (relatiebeheer)
    # Sends each manager one digest of overdue partners a week (never twice in a week).
    "relatiebeheer-weekly-digest": {
        "task": "relatiebeheer.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Plans the coming RRO meetings of every series (a rolling window; idempotent).
    "relatiebeheer-plan-rro": {
        "task": "relatiebeheer.tasks.plan_rro_meetings",
        "schedule": crontab(hour=5, minute=30),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
