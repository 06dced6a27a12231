from django.urls import path

from apps.wallet import views

app_name = "wallet"

urlpatterns = [
    path("wallet/", views.wallet_index, name="index"),
    path("wallet/buy/", views.buy, name="buy"),
    path("wallet/payouts/", views.payout_create, name="payout_create"),
    path("payments/sandbox/<uuid:purchase_id>/", views.sandbox_checkout, name="sandbox_checkout"),
]
