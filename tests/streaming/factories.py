import factory
from django.utils import timezone

from apps.streaming.models import DEFAULT_CATEGORY, Category, Status, Stream
from tests.factories import UserFactory


class StreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stream

    creator = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Handles workshop #{n}")
    category_id = DEFAULT_CATEGORY

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """`category="COACHING"` names a category by its slug, as the API does."""
        if isinstance(kwargs.get("category"), str):
            kwargs["category_id"] = kwargs.pop("category")
        return kwargs


class LiveStreamFactory(StreamFactory):
    status = Status.LIVE
    started_at = factory.LazyFunction(timezone.now)
    last_heartbeat_at = factory.SelfAttribute("started_at")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    order = 50
