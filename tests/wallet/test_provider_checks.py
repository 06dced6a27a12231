"""Production takes no sandbox money: with a sandbox provider, and no staging site's explicit
WALLET_ALLOW_SANDBOX=true, `check` fails (wallet.E001) and daphne, the Celery worker and beat
refuse to start. The embedded default runs on the sandbox as before."""

import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from apps.wallet.checks import providers_check

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "ballskill.example",
}


def _run(*args: str, env: dict) -> subprocess.CompletedProcess:
    """A command in a clean environment (no DATABASE_URL, REDIS_URL or .env of the caller's; production
    needs both named, and nothing here connects to this Redis)."""
    return subprocess.run(
        args,
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": "sqlite:///:memory:",
            "REDIS_URL": "redis://127.0.0.1:9/0",
            **env,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _check(env: dict) -> subprocess.CompletedProcess:
    return _run(sys.executable, "manage.py", "check", env=env)


def _ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_production_refuses_the_sandbox_providers():
    done = _check(PRODUCTION)
    assert done.returncode == 1
    assert done.stderr.count("(wallet.E001)") == 2
    assert "WALLET_PAYMENT_PROVIDER is the sandbox" in done.stderr
    assert "WALLET_PAYOUT_PROVIDER is the sandbox" in done.stderr
    assert "WALLET_ALLOW_SANDBOX=true" in done.stderr


def test_a_staging_site_allows_the_sandbox_explicitly():
    done = _check(PRODUCTION | {"WALLET_ALLOW_SANDBOX": "true"})
    assert done.returncode == 0, done.stderr


def test_the_embedded_default_runs_on_the_sandbox():
    done = _check({"DJANGO_SETTINGS_MODULE": "config.settings.local"})
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "command",
    [
        (sys.executable, "-c", "import config.asgi"),  # what daphne loads
        (f"{sys.prefix}/bin/celery", "-A", "config", "worker", "--pool", "solo"),
        (f"{sys.prefix}/bin/celery", "-A", "config", "beat", "--schedule", "/dev/null"),
    ],
    ids=["daphne", "worker", "beat"],
)
def test_production_processes_refuse_to_start_on_the_sandbox(command):
    done = _run(*command, env=PRODUCTION)
    assert done.returncode != 0
    assert "Refusing to start." in done.stderr
    assert "(wallet.E001)" in done.stderr


@override_settings(WALLET_ALLOW_SANDBOX=False, WALLET_PAYMENT_PROVIDER="sandbox", WALLET_PAYOUT_PROVIDER="sandbox")
def test_the_check_names_each_sandbox_provider():
    assert _ids(providers_check()) == ["wallet.E001", "wallet.E001"]


@override_settings(WALLET_ALLOW_SANDBOX=True, WALLET_PAYMENT_PROVIDER="paypal", WALLET_PAYOUT_PROVIDER="bank")
def test_an_unknown_provider_is_an_error():
    errors = providers_check()
    assert _ids(errors) == ["wallet.E002", "wallet.E002"]
    assert "'paypal', not one of: sandbox, stripe" in errors[0].msg


@override_settings(
    WALLET_ALLOW_SANDBOX=True, WALLET_PAYMENT_PROVIDER="stripe", STRIPE_SECRET_KEY="sk_test_1", STRIPE_WEBHOOK_SECRET=""
)
def test_stripe_without_its_webhook_secret_is_an_error():
    errors = providers_check()
    assert _ids(errors) == ["wallet.E003"]
    assert "STRIPE_WEBHOOK_SECRET" in errors[0].msg


@override_settings(
    WALLET_ALLOW_SANDBOX=True,
    WALLET_PAYMENT_PROVIDER="stripe",
    STRIPE_SECRET_KEY="sk_test_1",
    STRIPE_WEBHOOK_SECRET="whsec_1",
)
def test_stripe_with_its_secrets_passes():
    assert providers_check() == []
