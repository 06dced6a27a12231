from django.apps import AppConfig


class RestrictionsConfig(AppConfig):
    name = "apps.restrictions"
    label = "restrictions"
    verbose_name = "Restrictions: roles, bans, timeouts and the word filter"

    def ready(self):
        from apps.restrictions.automod import channels

        channels.connect()
