"""Settings of the benchmark's processes: the app's own, run as in production (DEBUG off,
templates without debug information), with what a measurement must not touch set aside.

- The database comes from DATABASE_URL, which the benchmark sets for each process.
- Celery publishes to an in-memory broker: a sweep's tasks are enqueued, never run, and
  nothing lands in the development queue in var/celery/.
- Passwords hash with MD5: the benchmark logs in with `force_login` and never checks a
  password, and the demo's accounts are made in a fraction of the time.
- Two-step verification, the HTTPS redirect and the idle timeout are off, as in `make run`.
- The URL configuration adds the framework floor's bare view (bench/floor.py).
"""

import os

os.environ.update(
    {
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-only-not-a-secret"),
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "SITE_URL": "http://testserver",
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_TLS_PROXY": "false",
        "TWO_FACTOR_REQUIRED": "false",
        "SESSION_IDLE_MINUTES": "600",
        "CELERY_BROKER_URL": "memory://",
        "LOG_LEVEL": "WARNING",
    }
)

from coalition.settings import *  # noqa: E402,F403
from coalition.settings import STORAGES  # noqa: E402

ROOT_URLCONF = "bench.urls"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = os.environ.get("BENCH_MEDIA_ROOT", "/tmp/coalition-bench-media")  # noqa: S108
CELERY_BROKER_TRANSPORT_OPTIONS = {}
