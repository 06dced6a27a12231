"""The embedded default (`make run`): debug on, everything in one process."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
SERVE_FILES = env.bool("SERVE_FILES", default=True)
