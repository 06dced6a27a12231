"""Production: PostgreSQL, Redis, real secrets, HTTPS. Every value comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import env

# Without them production would run on the embedded default's SQLite file, per-process channel layer
# (a frame sent by a `web` process would never reach a `sockets` process) and a key known to all.
REQUIRED = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")
if missing := [name for name in REQUIRED if not env.str(name, default="")]:
    raise ImproperlyConfigured(f"Production settings need {', '.join(missing)} in the environment (see README.md).")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# nginx-rtmp calls its hooks over plain HTTP on loopback, through nginx (deploy/nginx-site.conf).
SECURE_REDIRECT_EXEMPT = [r"^hooks/rtmp/"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = STORAGES | {
    "staticfiles": {"BACKEND": "apps.core.static_storage.ModuleManifestStaticFilesStorage"},
}
PRIVATE_MEDIA_ACCEL_URL = env("PRIVATE_MEDIA_ACCEL_URL", default="/_private/")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Real money only: a staging site that takes sandbox payments says so with WALLET_ALLOW_SANDBOX=true.
WALLET_ALLOW_SANDBOX = env.bool("WALLET_ALLOW_SANDBOX", default=False)
