"""Settings shared by every way of running the site.

Everything comes from the environment (django-environ); with no environment at all the
site runs on the embedded default: SQLite, the in-memory channel layer and eager Celery.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "apps.core",
    "apps.accounts",
    "apps.realtime",
    "apps.wallet",
    "apps.restrictions",
    "apps.streaming",
    "apps.gifting",
    "apps.pk",
    "apps.devices",
    "apps.tournaments",
    "apps.shots",
    "apps.predictions",
    "apps.clips",
    "apps.moderation",
    "apps.notifications",
    # Above every app, since it uses them all: `manage.py seed_demo`.
    "apps.demo",
]

# Under ASGI, Django hops between the event loop and a thread at every boundary between async
# and sync middleware (and Django's own middleware, async-capable, hops for each hook). The
# sync-only ContentSecurityPolicyMiddleware goes last, so the whole chain runs sync in the
# request's one thread: measured under daphne, 3 ms less CPU per API request (16.6 → 13.2 ms for
# a gift). tests/core/test_middleware.py keeps it so.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # NUL and unpaired surrogates in a path or query string: 400 before any view (apps/core/text.py).
    "apps.core.middleware.RefuseUnsafeTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The viewer's time zone, from the session (apps/accounts/timezones.py).
    "apps.accounts.timezones.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.wallet.context_processors.coin_balance",
                "apps.moderation.desk_link.desk_link",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while a request writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Under ASGI each request runs on a thread of its own, so persistent per-thread connections
    # pile up until PostgreSQL runs out of slots (seen in bench/fanout.py --gifts), while opening
    # a connection per use is slow: a pool per process hands connections out and takes them back.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 2, "max_size": env.int("DATABASE_POOL_SIZE", default=20), "timeout": 10},
        # Parameters travel apart from the SQL, and a statement run this often on a connection is
        # prepared there: no quoting in Python, no parsing and planning in PostgreSQL (a gift's
        # transaction took a fifth less time). 0 turns it off, as a transaction-mode pooler needs.
        "server_side_binding": True,
        "prepare_threshold": env.int("DATABASE_PREPARE_THRESHOLD", default=5) or None,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic gathers the files nginx serves at STATIC_URL.
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Whether Django itself serves /static/ and /media/ (the embedded default); nginx does in production.
SERVE_FILES = env.bool("SERVE_FILES", default=False)
# Files only some people may read (apps.core.private_files): never under MEDIA_ROOT, never at a URL
# of their own. With PRIVATE_MEDIA_ACCEL_URL set (production), a view that allowed a read hands the
# sending to nginx's internal location of that prefix (X-Accel-Redirect); empty, Django sends it.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
PRIVATE_MEDIA_ACCEL_URL = env("PRIVATE_MEDIA_ACCEL_URL", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "apps.core.private_files.PrivateStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads larger than this are streamed to disk, not held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# --- Redis: channel layer, Celery broker and cache ------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# Which channels-redis layer carries frames between processes: "pubsub" or "core". bench/fanout.py
# compares them: equal for steady chat, but under a gift storm the core layer's one-round-trip-
# per-message reads fall behind a busy event loop (20 s behind, a third of the frames dropped at
# 1,000 viewers and 50 gifts/s), while pub/sub's pushed messages kept up with no loss.
CHANNEL_LAYER = env("CHANNEL_LAYER", default="pubsub")
# How long a process waits for Redis to connect or answer (cache, channel layer, queuing a task)
# before it takes Redis for down: a Redis that is gone or hung must not hang requests.
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=2.0)
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": {
                "core": "channels_redis.core.RedisChannelLayer",
                "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
            }[CHANNEL_LAYER],
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                        # The core layer's receive waits up to 5 s on Redis by design.
                        "socket_timeout": REDIS_TIMEOUT_SECONDS + (5 if CHANNEL_LAYER == "core" else 0),
                    }
                ]
            }
            | ({"capacity": 1000, "expiry": 30} if CHANNEL_LAYER == "core" else {}),
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # Shared by every process: apps.core.scheduling.run_once_soon keeps its pending runs here, allauth
    # its rate limits. While Redis is down each process keeps them in its own memory (apps.core.cache).
    CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "pool_class": "apps.core.cache.ProcessConnectionPool",
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000}}}
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# With eager tasks, a countdown (a battle's end, a stream's reconnect grace) runs on a timer thread.
EAGER_COUNTDOWN_TIMERS = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task running this long gets SoftTimeLimitExceeded raised inside it (its transaction rolls back),
# and is killed CELERY_TASK_TIME_LIMIT seconds in: a hung task cannot hold a worker for ever.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=330)
# ffmpeg's tasks (a recording remuxed, a picture taken from a feed) run longer: each ffmpeg run may
# take up to 10 minutes (apps.core.ffmpeg).
MEDIA_TASK_SOFT_TIME_LIMIT = env.int("MEDIA_TASK_SOFT_TIME_LIMIT", default=1800)
MEDIA_TASK_TIME_LIMIT = MEDIA_TASK_SOFT_TIME_LIMIT + 30
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "wallet-daily-payouts": {"task": "wallet.payouts_queue_batch", "schedule": crontab(hour=3, minute=0)},
    "streaming-end-silent": {"task": "streaming.end_silent_streams", "schedule": 60},
    "streaming-expire-viewers": {"task": "streaming.expire_stale_viewers", "schedule": 30},
    "predictions-reward-watching": {"task": "predictions.reward_watching", "schedule": 60},
    "predictions-settle-due": {"task": "predictions.settle_due", "schedule": 15},
    # Held chat messages nobody reviewed within HELD_MESSAGE_TTL (5 min) expire.
    "streaming-expire-held": {"task": "streaming.expire_held_messages", "schedule": 60},
    # Battles end by their ETA task; this catches any whose task was lost.
    "pk-end-overdue": {"task": "pk.end_overdue_battles", "schedule": 10},
    # A match whose second report is overdue goes to the organizer's queue.
    "tournaments-overdue-reports": {"task": "tournaments.expire_overdue_reports", "schedule": 60},
    # A challenge answered too late is expired on the spot; this refunds the ones nobody answered.
    "tournaments-expire-challenges": {"task": "tournaments.expire_challenges", "schedule": 60},
    # The highlight finder looks at each live stream's trailing window while the live HLS holds it.
    "clips-detect-highlights": {"task": "clips.detect_live_highlights", "schedule": 30},
    # Shot challenges not attempted within 30 minutes are refunded (an answer too late expires it too).
    "shots-expire-challenges": {"task": "shots.expire_challenges", "schedule": 60},
}
# How often beat looks for work whose task never ran (queued while the broker was down, or lost with
# a Redis restart), and how late such work must be before it is queued again (apps.core.scheduling).
OVERDUE_SWEEP_SECONDS = env.int("OVERDUE_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE |= {
    f"overdue-{task}": {"task": task, "schedule": OVERDUE_SWEEP_SECONDS}
    for task in (
        "wallet.requeue_overdue_payouts",
        "streaming.requeue_overdue_stats",
        "devices.requeue_overdue_recordings",
        "devices.requeue_abandoned_streams",
        "clips.requeue_overdue_clips",
        "core.redeliver_events",
    )
}
# A task a dead worker held goes back to the queue after this long (Redis broker); running
# workers look for such tasks every 10 s instead of kombu's default of about 100 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    "socket_timeout": REDIS_TIMEOUT_SECONDS,
}
# Workers reconnect to the broker forever, from startup on, whatever it answers meanwhile: a Redis
# that comes back as a read-only replica (a failover) is a "channel error", fatal by default.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CHANNEL_ERROR_RETRY = True
# Queuing a task while the broker is down fails fast (apps.core.scheduling logs it) rather than holding
# the request: the work's own rows say it is still to do, and the overdue sweeps queue it again.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}

# --- Accounts (django-allauth) ----------------------------------------------------------
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile_me"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="none")
# A taken email must be a form error at sign-up, not a silent "check your inbox". The trade-off:
# sign-up (limited to 20 attempts a minute per address by allauth) still tells whether an address has
# an account; hiding it there too would need mandatory email verification, so that a taken address
# gets an email instead of an error. The password reset does not tell: ACCOUNT_FORMS' reset form
# answers alike for every address.
ACCOUNT_PREVENT_ENUMERATION = False
# Sign-up is limited per address and keeps the address (apps.accounts.forms.SignupForm).
# A deactivated account with the right password is shown its suspension (apps/accounts/adapter.py).
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"reset_password": "apps.accounts.forms.ResetPasswordForm", "signup": "apps.accounts.forms.SignupForm"}
ACCOUNT_LOGOUT_ON_GET = False
# Sign-in lockout (apps.accounts.lockout), the HTML form and the API's token alike: allauth's limits
# per address and per login. Behind nginx the address is the client's only when this many proxies'
# X-Forwarded-For is trusted; with 0 every client shares the proxy's address, and so its lockout.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_USERNAME_MIN_LENGTH = 3
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Ball Skill Live <noreply@ballskill.live>")

# --- API (DRF + drf-spectacular) ----------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "apps.core.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bodies; the few endpoints that take files name their multipart parsers themselves.
    "DEFAULT_PARSER_CLASSES": ["apps.core.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["apps.core.throttling.WriteRateThrottle"],
    # Signed-out clients are told apart by address: behind this many proxies, from X-Forwarded-For.
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Writes (POST, PUT, PATCH, DELETE) one user may make to the API: "N/s", "N/min", "N/hour" or "N/day"
# (empty: no limit).
# Past it: 429 {"code": "throttled", "detail", "retry_after"} with Retry-After (apps.core.throttling).
API_WRITE_RATE = env("API_WRITE_RATE", default="240/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "Ball Skill Live API",
    "DESCRIPTION": 'The JSON API of Ball Skill Live. Errors are `{"code", "detail"}` with a 4xx status.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # `<id:...>` in URL patterns (apps.core.bounds.IdConverter).
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    # The errors every operation may give (apps.core.api_errors), after the default enum hook.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.api_errors.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "GiftCategoryEnum": "apps.gifting.models.GiftCategory",
        "BestOfEnum": "apps.tournaments.models.BEST_OF_CHOICES",
        "TournamentStatusEnum": "apps.tournaments.models.TournamentStatus",
        "EntryStatusEnum": "apps.tournaments.models.EntryStatus",
        "TournamentPhaseEnum": "apps.tournaments.selectors.entries.PHASES",
        "TermKindEnum": "apps.restrictions.models.TermKind",
        "ReportTargetTypeEnum": "apps.moderation.models.TargetType",
        "ReportReasonEnum": "apps.moderation.models.ReportReason",
        "ReportStatusEnum": "apps.moderation.models.ReportStatus",
        "AppealStatusEnum": "apps.moderation.models.AppealStatus",
        "ClipStatusEnum": "apps.clips.models.ClipStatus",
        "ShotChallengeStatusEnum": "apps.shots.models.ShotChallengeStatus",
    },
}

# --- Real time --------------------------------------------------------------------------
# Seconds a socket may stay silent (no frame, no heartbeat) before the server closes it.
REALTIME_IDLE_TIMEOUT = env.int("REALTIME_IDLE_TIMEOUT", default=90)
# Urgent frames (chat, gifts, brackets) leave a process's hub at most once in this window, as one
# batch: a frame after a quiet window leaves at once, frames in a burst wait for the window's end.
REALTIME_BATCH_WINDOW = env.float("REALTIME_BATCH_WINDOW", default=0.05)
# How long a thread may keep the GIL while another waits (Python's default is 5 ms), set by
# config/asgi.py for daphne. A request's thread whose database answer has arrived waits that
# long for the GIL while other requests run Python; inside a gift's transaction it waits so with
# the rows every gift into the stream shares still locked, and they all queue behind it
# (bench/fanout.py --gifts 50, one pair of back-to-back runs: GF p99 476 ms at 1 ms, 264 ms at 0.5 ms).
ASGI_SWITCH_INTERVAL = env.float("ASGI_SWITCH_INTERVAL", default=0.0005)
# How many HTTP requests a daphne process runs Django code for at once (0: no limit); the rest
# wait their turn on its event loop. Threads running Python at once take the GIL from each other,
# which costs CPU (apps/core/request_threads.py): with 16 gift POSTs in flight, one daphne spent
# 21 ms of CPU on each at 2 at once against 30-33 ms with no limit (11 ms, 13 at 4, against 17 in a
# faster hour of this shared machine). A view that waits on a slow service (a payment provider)
# holds one of the turns: run a process or more per core.
HTTP_CONCURRENCY = env.int("HTTP_CONCURRENCY", default=2)

# --- Money ------------------------------------------------------------------------------
# Fiat prices are integer minor units in this ISO currency.
CURRENCY = env("CURRENCY", default="USD")
# The creator's share of what they receive, in percent; the platform keeps the rest (rounded down).
WALLET_CREATOR_SHARE_PERCENT = env.int("WALLET_CREATOR_SHARE_PERCENT", default=70)
# What one earned coin pays out, in minor units of CURRENCY.
WALLET_COIN_PAYOUT_VALUE_MINOR = env.int("WALLET_COIN_PAYOUT_VALUE_MINOR", default=1)
WALLET_PAYOUT_MINIMUM_COINS = env.int("WALLET_PAYOUT_MINIMUM_COINS", default=1000)
# Earnings younger than this are pending (refunds and chargebacks can still reach them).
WALLET_EARNINGS_HOLD_DAYS = env.int("WALLET_EARNINGS_HOLD_DAYS", default=3)
WALLET_PAYMENT_PROVIDER = env("WALLET_PAYMENT_PROVIDER", default="sandbox")
WALLET_PAYOUT_PROVIDER = env("WALLET_PAYOUT_PROVIDER", default="sandbox")
# Whether the sandbox providers may run: their Pay button credits coins for nothing and their
# payouts pay no one. Yes here; production refuses them unless a staging site says so (wallet.E001).
WALLET_ALLOW_SANDBOX = env.bool("WALLET_ALLOW_SANDBOX", default=True)
WALLET_SANDBOX_PAYOUT_OUTCOME = env("WALLET_SANDBOX_PAYOUT_OUTCOME", default="paid")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# Only for tests and stripe-mock; empty means Stripe's own API.
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")
# The public address of the site, for links in emails and provider redirects.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Streams --------------------------------------------------------------------------
# A live stream with no heartbeat from its studio or ingest for this long is ended.
STREAM_SILENT_END_SECONDS = env.int("STREAM_SILENT_END_SECONDS", default=300)
# A viewer without a socket stops counting this long after their last ping.
STREAM_VIEWER_TTL_SECONDS = env.int("STREAM_VIEWER_TTL_SECONDS", default=60)

# --- Channel points (apps.predictions): earned per channel, never bought, sold or paid out -----
# Points per whole period watched while signed in on a live stream of the channel.
POINTS_WATCH_AMOUNT = env.int("POINTS_WATCH_AMOUNT", default=10)
POINTS_WATCH_PERIOD_SECONDS = env.int("POINTS_WATCH_PERIOD_SECONDS", default=300)
# Once per channel, for following it.
POINTS_FOLLOW_BONUS = env.int("POINTS_FOLLOW_BONUS", default=50)
# The bonus a viewer claims by hand, at most once per interval; the first claim in a channel adds the welcome.
POINTS_CLAIM_AMOUNT = env.int("POINTS_CLAIM_AMOUNT", default=50)
POINTS_CLAIM_INTERVAL_SECONDS = env.int("POINTS_CLAIM_INTERVAL_SECONDS", default=900)
POINTS_WELCOME_BONUS = env.int("POINTS_WELCOME_BONUS", default=100)

# --- Notifications ----------------------------------------------------------------------
# A gift worth at least this many coins (its whole send: price times quantity) is a notification for
# the creator who received it; smaller ones only show on the stream, or a busy stream's creator
# would drown in them. 100 is a Mansion or a Basketball from the launch catalog.
NOTIFY_GIFT_MIN_COINS = env.int("NOTIFY_GIFT_MIN_COINS", default=100)

# --- Tips (a chat message paid in coins) -------------------------------------------------
# The tiers by amount, lowest first: a tip of at least `coins` is that tier, pinned at the top of
# chat for `pin_seconds` in its `color`. The lowest tier's coins are the smallest tip.
TIP_TIERS = [
    {"name": "grey", "coins": 10, "pin_seconds": 0, "color": "#8a94a6"},
    {"name": "blue", "coins": 100, "pin_seconds": 60, "color": "#3b82f6"},
    {"name": "gold", "coins": 500, "pin_seconds": 300, "color": "#f5b301"},
    {"name": "red", "coins": 2000, "pin_seconds": 900, "color": "#ef4444"},
]

# --- Tournaments and challenges ----------------------------------------------------------
# The platform's share of entry fees and sponsorships (and of a challenge's pot), in percent.
TOURNAMENT_PLATFORM_CUT_PERCENT = env.int("TOURNAMENT_PLATFORM_CUT_PERCENT", default=10)
CHALLENGE_PLATFORM_CUT_PERCENT = env.int("CHALLENGE_PLATFORM_CUT_PERCENT", default=10)
CHALLENGE_EXPIRY_HOURS = env.int("CHALLENGE_EXPIRY_HOURS", default=24)

# --- Media: nginx-rtmp ingest, HLS, recordings (deploy/nginx-rtmp.conf) ----------------
# What creators paste into their encoder.
RTMP_INGEST_URL = env("RTMP_INGEST_URL", default="rtmp://127.0.0.1:1935/live")
# Where nginx-rtmp listens (`make run` starts it there when nginx and its RTMP module are installed).
RTMP_LISTEN = env("RTMP_LISTEN", default="127.0.0.1:1935")
# Where nginx-rtmp reaches Django's hooks, the secret in their URL (default: derived from
# SECRET_KEY) and the addresses they are accepted from.
RTMP_HOOK_SITE = env("RTMP_HOOK_SITE", default="http://127.0.0.1:8000")
RTMP_HOOK_SECRET = env("RTMP_HOOK_SECRET", default="")
RTMP_HOOK_ALLOWED_ADDRESSES = env.list("RTMP_HOOK_ALLOWED_ADDRESSES", default=["127.0.0.1", "::1"])
# An encoder that reconnects within this many seconds continues the same stream.
RTMP_RECONNECT_GRACE_SECONDS = env.int("RTMP_RECONNECT_GRACE_SECONDS", default=10)
# nginx-rtmp's own folder: its config, pid and logs, hls/ (served at HLS_URL) and recordings/.
MEDIA_SERVER_ROOT = Path(env("MEDIA_SERVER_ROOT", default=str(BASE_DIR / ".media-server")))
HLS_URL = "/hls/"

# --- Uploads ----------------------------------------------------------------------------
PROFILE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
VERIFICATION_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# Gift sounds staff upload in admin (at most 15 s, apps.core.uploads).
GIFT_SOUND_MAX_BYTES = 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}
