"""stream_for: the one lookup of a stream a viewer may know about."""

import uuid

import pytest

from apps.streaming.errors import StreamNotFound
from apps.streaming.models import Visibility
from apps.streaming.selectors import stream_for
from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("creator_profile", "queries"), [(True, 1), (False, 2)])
def test_the_creator_comes_in_the_same_query_and_their_profile_only_when_asked(
    django_assert_num_queries, creator_profile, queries
):
    stream = StreamFactory()
    with django_assert_num_queries(queries):
        found = stream_for(stream_id=stream.pk, viewer=UserFactory.build(), creator_profile=creator_profile)
        assert (found.creator.username, found.creator.profile.pk) == (
            stream.creator.username,
            stream.creator.profile.pk,
        )


@pytest.mark.parametrize("creator_profile", [True, False])
def test_a_private_or_missing_stream_looks_absent_either_way(creator_profile):
    private = StreamFactory(visibility=Visibility.PRIVATE)
    for stream_id in (private.pk, uuid.uuid4()):
        with pytest.raises(StreamNotFound):
            stream_for(stream_id=stream_id, viewer=UserFactory(), creator_profile=creator_profile)
    assert stream_for(stream_id=private.pk, viewer=private.creator, creator_profile=creator_profile) == private
