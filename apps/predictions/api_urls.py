from django.urls import path

from apps.predictions import api

urlpatterns = [
    path("streams/<uuid:stream_id>/points", api.StreamPointsApi.as_view(), name="api-stream-points"),
    path("streams/<uuid:stream_id>/points/claim", api.StreamPointsClaimApi.as_view(), name="api-stream-points-claim"),
    path("streams/<uuid:stream_id>/predictions", api.StreamPredictionsApi.as_view(), name="api-stream-predictions"),
    path("predictions/<id:prediction_id>", api.PredictionApi.as_view(), name="api-prediction"),
    path("predictions/<id:prediction_id>/stake", api.PredictionStakeApi.as_view(), name="api-prediction-stake"),
    path("predictions/<id:prediction_id>/lock", api.PredictionLockApi.as_view(), name="api-prediction-lock"),
    path("predictions/<id:prediction_id>/resolve", api.PredictionResolveApi.as_view(), name="api-prediction-resolve"),
    path("predictions/<id:prediction_id>/cancel", api.PredictionCancelApi.as_view(), name="api-prediction-cancel"),
]
