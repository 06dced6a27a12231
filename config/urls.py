from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core import views as core_views
from apps.moderation import views as moderation_views
from apps.streaming import views as streaming_views

api_v1 = [
    path("", include("apps.accounts.api_urls")),
    path("", include("apps.wallet.api_urls")),
    path("", include("apps.streaming.api_urls")),
    path("", include("apps.gifting.api_urls")),
    path("", include("apps.devices.api_urls")),
    path("", include("apps.pk.api_urls")),
    path("", include("apps.notifications.api_urls")),
    path("", include("apps.tournaments.api_urls")),
    path("", include("apps.clips.api_urls")),
    path("", include("apps.shots.api_urls")),
    path("moderation/", include("apps.moderation.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Last: an address no endpoint has, or an id no row can have, answers as the API does.
    re_path(r"^", core_views.api_not_found),
]

urlpatterns = [
    path("", streaming_views.live, name="home"),
    path("live/", streaming_views.live, name="live"),
    path("search/", streaming_views.search_page, name="search"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    # Where the sign-in sends a deactivated account (apps.accounts.adapter); a platform ban and its appeal.
    path("accounts/suspended/", moderation_views.suspended, name="account_suspended"),
    path("api/v1/", include(api_v1)),
    path("", include("apps.accounts.urls")),
    path("", include("apps.wallet.urls")),
    path("", include("apps.streaming.urls")),
    path("", include("apps.gifting.urls")),
    path("", include("apps.pk.urls")),
    path("", include("apps.devices.urls")),
    path("", include("apps.notifications.urls")),
    path("", include("apps.tournaments.urls")),
    path("", include("apps.clips.urls")),
    path("", include("apps.shots.urls")),
    path("moderation/", include("apps.moderation.urls")),
]

# Errors Django answers itself (an unreadable request body, an unknown page, an exception): JSON
# under /api/, our own pages elsewhere (templates/404.html, 500.html).
handler400 = core_views.bad_request
handler404 = core_views.page_not_found
handler500 = core_views.server_error

if settings.SERVE_FILES:
    # The embedded default serves uploads itself; in production nginx serves MEDIA_ROOT.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", core_views.public_media))
