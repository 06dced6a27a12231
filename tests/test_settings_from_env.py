"""The environment switches the site between the embedded default and production services."""

import json
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'layer': s.CHANNEL_LAYERS['default']['BACKEND'], "
    "'broker': s.CELERY_BROKER_URL, 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'debug': s.DEBUG}))"
)


def _settings_with(env: dict, probe: str = PROBE):
    clean = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.local", **env}
    output = subprocess.run(
        [sys.executable, "-c", probe], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def test_no_environment_means_the_embedded_default():
    assert _settings_with({}) == {
        "db": "django.db.backends.sqlite3",
        "layer": "channels.layers.InMemoryChannelLayer",
        "broker": "memory://localhost/",
        "eager": True,
        "debug": False,
    }


def test_database_and_redis_urls_switch_to_the_services():
    values = _settings_with(
        {"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db", "REDIS_URL": "redis://127.0.0.1:6379/0", "DEBUG": "0"}
    )
    assert values == {
        "db": "django.db.backends.postgresql",
        "layer": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "broker": "redis://127.0.0.1:6379/0",
        "eager": False,
        "debug": False,
    }
    core = _settings_with({"REDIS_URL": "redis://127.0.0.1:6379/0", "CHANNEL_LAYER": "core"})
    assert core["layer"] == "channels_redis.core.RedisChannelLayer"


def test_postgresql_binds_on_the_server_and_prepares_repeated_statements_unless_told_not_to():
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "o = s.DATABASES['default']['OPTIONS']; print(json.dumps([o['server_side_binding'], o['prepare_threshold']]))"
    )
    url = {"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db"}
    assert _settings_with(url, probe) == [True, 5]
    assert _settings_with({**url, "DATABASE_PREPARE_THRESHOLD": "0"}, probe) == [True, None]


def test_http_concurrency_comes_from_the_environment():
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.HTTP_CONCURRENCY))"
    )
    assert _settings_with({}, probe) == 2
    assert _settings_with({"HTTP_CONCURRENCY": "0"}, probe) == 0


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
    "REDIS_URL": "redis://127.0.0.1:9/0",
    "SECRET_KEY": "a-production-secret-long-enough-to-pass-the-deploy-checks-0123456789",
}


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL", "SECRET_KEY"])
def test_production_refuses_to_start_without_its_services_and_secret(missing):
    """With separate web and sockets processes, the embedded default's in-memory layer would deliver
    nothing across them, and its SQLite file and known key are no production's."""
    env = {"PATH": "/usr/bin:/bin"} | {name: value for name, value in PRODUCTION.items() if name != missing}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert f"ImproperlyConfigured: Production settings need {missing} in the environment" in done.stderr


def test_production_starts_with_all_three():
    assert _settings_with(PRODUCTION)["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
