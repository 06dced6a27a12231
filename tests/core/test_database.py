"""PostgreSQL connections prepare the statements they run again and again (settings: prepare_threshold)."""

import pytest
from django.db import connection

from apps.accounts.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _prepared() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


def test_a_statement_run_often_is_prepared_on_its_connection():
    before = _prepared()
    for pk in range(1, 8):  # other parameters, the same statement
        list(User.objects.filter(pk=pk, username__startswith="nobody"))
    assert _prepared() == before + 1
