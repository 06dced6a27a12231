import pytest

from tests.factories import UserFactory, make_verifiable


@pytest.fixture
def athlete(db):
    """A user with what every verification tier needs on the profile."""
    user = UserFactory()
    make_verifiable(user)
    return user
