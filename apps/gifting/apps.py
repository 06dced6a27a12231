from django.apps import AppConfig


class GiftingConfig(AppConfig):
    name = "apps.gifting"
    label = "gifting"
