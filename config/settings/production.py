"""Production: PostgreSQL, Redis, real secrets, HTTPS. Every value comes from the environment."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

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
