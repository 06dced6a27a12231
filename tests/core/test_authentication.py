import pytest
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_brings_its_user_and_profile_in_one_query(django_assert_num_queries):
    from apps.core.authentication import TokenAuthentication

    user = UserFactory()
    token = Token.objects.create(user=user)
    with django_assert_num_queries(1):
        found, _ = TokenAuthentication().authenticate_credentials(token.key)
        assert found.profile.user_id == user.pk


@pytest.mark.parametrize("active", [True, False])
def test_a_bad_token_or_an_inactive_user_is_refused(api_client, active):
    user = UserFactory(is_active=active)
    key = Token.objects.create(user=user).key if not active else "not-a-token"
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get("/api/v1/currency/balance")
    # 403, not 401: session authentication comes first and names no WWW-Authenticate scheme (DRF).
    assert response.status_code == 403
    assert response.json() == {
        "code": "authentication_failed",
        "detail": "Invalid token." if active else "User inactive or deleted.",
    }
