from django.urls import path

from apps.pk import api, services

urlpatterns = [
    path("pk/battles", api.BattleInviteApi.as_view(), name="api-pk-battles"),
    path("pk/battles/<id:battle_id>", api.BattleDetailApi.as_view(), name="api-pk-battle"),
    *(
        path(
            f"pk/battles/<id:battle_id>/{action}",
            api.BattleActionApi.as_view(),
            {"action": action},
            name=f"api-pk-{action}",
        )
        for action in services.HOST_ACTIONS
    ),
    path("users/<id:user_id>/pk", api.UserPkApi.as_view(), name="api-user-pk"),
]
