import factory

from apps.clips.models import Clip, ClipStatus
from tests.streaming.factories import LiveStreamFactory


class ClipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clip

    stream = factory.SubFactory(LiveStreamFactory)
    creator = factory.SelfAttribute("stream.creator")
    title = factory.Sequence(lambda n: f"Crossover #{n}")
    start_ms = 10_000
    duration_ms = 20_000
    status = ClipStatus.READY
