"""Writes static/js/lib/codes.js from the server's frame codes (apps.realtime.protocol.Code), so the
JavaScript and the server name frames alike. `--check` only says whether the file is up to date."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.realtime.protocol import Code

CODES_MODULE = Path(settings.BASE_DIR) / "static" / "js" / "lib" / "codes.js"


def codes_module() -> str:
    lines = [f'  {code.name}: "{code.value}",' for code in Code]
    return "\n".join(
        [
            "// Generated from apps/realtime/protocol.py (Code) by `manage.py realtime_codes`: do not edit.",
            "// docs/realtime.md says what each frame means and carries.",
            "export const Code = Object.freeze({",
            *lines,
            "});",
            "",
        ]
    )


class Command(BaseCommand):
    help = "Write static/js/lib/codes.js from the server's frame codes."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the file differs instead of writing it")

    def handle(self, *args, check: bool = False, **options):
        current = CODES_MODULE.read_text() if CODES_MODULE.exists() else ""
        if current == codes_module():
            self.stdout.write(f"{CODES_MODULE.name} is up to date.")
        elif check:
            raise CommandError(f"{CODES_MODULE} is out of date: run `manage.py realtime_codes`.")
        else:
            CODES_MODULE.write_text(codes_module())
            self.stdout.write(f"Wrote {CODES_MODULE}.")
