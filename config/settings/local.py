"""The embedded default (`make run`): everything in one process. DEBUG is off, as in production, so
an unknown page shows our own 404 page (and an error our 500 page) rather than Django's debug
pages: set DEBUG=true for those. Static files are served all the same (SERVE_FILES, config/asgi.py)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

SERVE_FILES = env.bool("SERVE_FILES", default=True)
# Emails land as files in tmp/emails/ instead of flooding the console.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "tmp" / "emails"
