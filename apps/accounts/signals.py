from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.accounts.models import AthleteProfile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.create_profile")
def create_profile(sender, instance, created, raw=False, **kwargs):
    """Every user has a profile, however the user was made (sign-up, admin, createsuperuser)."""
    if created and not raw:
        AthleteProfile.objects.get_or_create(user=instance)
