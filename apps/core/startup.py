"""Django's system checks for the long-running processes.

`migrate` and `runserver` run the checks and stop on an error; daphne and Celery do not, so a
site Django would refuse (production on the sandbox payment provider, wallet.E001) would serve.
"""

import io

from django.core.management import call_command
from django.core.management.base import SystemCheckError


def refuse_to_start_on_check_errors() -> None:
    """Exit the process, naming every error, when a system check fails. SystemExit, not an
    exception: Celery logs and swallows what its signal handlers raise."""
    try:
        call_command("check", stdout=io.StringIO())
    except SystemCheckError as exc:
        raise SystemExit(f"Refusing to start.\n{exc}") from exc
