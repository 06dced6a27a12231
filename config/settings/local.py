"""The embedded default (`make run`): debug on, everything in one process."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SERVE_FILES = env.bool("SERVE_FILES", default=True)
# Emails land as files in tmp/emails/ instead of flooding the console.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "tmp" / "emails"
