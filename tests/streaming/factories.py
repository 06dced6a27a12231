import factory
from django.utils import timezone

from apps.streaming.models import Status, Stream
from tests.factories import UserFactory


class StreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stream

    creator = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Handles workshop #{n}")
    category = "PRACTICE"


class LiveStreamFactory(StreamFactory):
    status = Status.LIVE
    started_at = factory.LazyFunction(timezone.now)
    last_heartbeat_at = factory.SelfAttribute("started_at")
