from django.apps import AppConfig


class WalletConfig(AppConfig):
    name = "apps.wallet"
    label = "wallet"

    def ready(self):
        from apps.wallet import checks  # noqa: F401  (registers them)
