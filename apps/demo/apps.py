from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of the embedded default (`manage.py seed_demo`). It sits above every other app,
    since it uses them all; nothing imports it."""

    name = "apps.demo"
    label = "demo"
