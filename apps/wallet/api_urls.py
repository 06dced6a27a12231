from django.urls import path

from apps.wallet import api

urlpatterns = [
    path("currency/balance", api.BalanceApi.as_view(), name="api-currency-balance"),
    path("currency/packages", api.PackageListApi.as_view(), name="api-currency-packages"),
    path("currency/purchase", api.PurchaseCreateApi.as_view(), name="api-currency-purchase"),
    path("currency/transactions", api.TransactionListApi.as_view(), name="api-currency-transactions"),
    path("payouts", api.PayoutListCreateApi.as_view(), name="api-payouts"),
    path("payments/stripe/webhook", api.StripeWebhookApi.as_view(), name="api-stripe-webhook"),
]
