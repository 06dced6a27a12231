import sys

from django.conf import settings


def test_the_asgi_server_hands_the_gil_over_sooner_than_pythons_default():
    import config.asgi  # noqa: F401 (daphne imports it)

    assert sys.getswitchinterval() == settings.ASGI_SWITCH_INTERVAL < 0.005


def test_http_requests_run_in_one_sync_call_on_reused_threads():
    from apps.core.request_threads import ReusedRequestThreads, SyncChainASGIHandler
    from config.asgi import application, django_asgi_app

    assert isinstance(application.application_mapping["http"], ReusedRequestThreads)
    assert isinstance(django_asgi_app, SyncChainASGIHandler)
