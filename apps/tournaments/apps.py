from django.apps import AppConfig


class TournamentsConfig(AppConfig):
    name = "apps.tournaments"
    label = "tournaments"
    verbose_name = "Tournaments and ratings"

    def ready(self):
        from apps.realtime.sections import register
        from apps.tournaments.sockets import TOURNAMENT, BracketSection

        register(TOURNAMENT, BracketSection())

        from apps.tournaments import desk

        desk.register_queue()
