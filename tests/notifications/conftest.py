import pytest

from tests.factories import UserFactory
from tests.streaming.factories import StreamFactory


@pytest.fixture(autouse=True)
def _own_cache(own_cache):
    """Emails remember in the cache whom they reached (SQLite reuses rolled-back rows' ids)."""


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit work (events, their tasks, frames, emails) as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def scheduled(db):
    return StreamFactory()


@pytest.fixture
def follower_of(db):
    def make(creator, **kwargs):
        from apps.accounts.services import follow_create

        fan = UserFactory(**kwargs)
        follow_create(follower=fan, creator=creator)
        return fan

    return make
