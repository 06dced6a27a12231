"""The frame codes exist once, in apps.realtime.protocol.Code: the JavaScript's copy is generated
from it, and docs/realtime.md's table gives each code, and only those, a row with its payload."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from apps.realtime.management.commands.realtime_codes import CODES_MODULE, codes_module
from apps.realtime.protocol import Code

DOC = Path(settings.BASE_DIR) / "docs" / "realtime.md"
TABLE_ROW = re.compile(r"^\| `(?P<code>[A-Z]{1,2})` \| `(?P<name>[A-Z_]+)` \| [^|]+ \| (?P<payload>.+) \|$", re.M)


def test_the_javascript_codes_are_generated_from_the_enum():
    assert CODES_MODULE.read_text() == codes_module(), "run `manage.py realtime_codes`"
    for code in Code:
        assert f'  {code.name}: "{code.value}",' in codes_module()


def test_the_check_says_whether_the_module_is_current(capsys):
    call_command("realtime_codes", check=True)
    assert "up to date" in capsys.readouterr().out


def test_every_code_has_one_row_with_its_payload_in_the_doc():
    rows = {match["code"]: match for match in TABLE_ROW.finditer(DOC.read_text())}
    assert len(rows) == len(TABLE_ROW.findall(DOC.read_text())), "a code has two rows"
    assert set(rows) == {code.value for code in Code}
    for code in Code:
        assert rows[code.value]["name"] == code.name
        assert rows[code.value]["payload"].strip()
