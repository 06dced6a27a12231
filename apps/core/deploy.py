"""nginx's site config for production (deploy/nginx-site.conf), filled in from the settings:
`manage.py deploy_config nginx` prints it, README's "Deploying" and .ci/production_topology.py use it."""

import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from django.conf import settings

NGINX_SITE_TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx-site.conf"
# How long nginx keeps Django's "may watch" answer for one viewer and stream.
HLS_AUTHORIZATION_CACHE_SECONDS = 5
# nginx waits this much longer than REALTIME_IDLE_TIMEOUT on a silent socket, so the server closes it.
SOCKET_TIMEOUT_MARGIN_SECONDS = 30


class DeployConfigError(Exception):
    pass


class ConfigTemplate(Template):
    """Only `${name}` is ours; nginx's own `$variables` pass through untouched."""

    pattern = r"""\$(?:\{(?P<braced>[a-z_]+)\}|(?P<escaped>(?!))|(?P<named>(?!))|(?P<invalid>(?!)))"""


@dataclass(frozen=True)
class NginxSite:
    """What the settings do not say: where the processes listen, the certificate, nginx's cache."""

    web: tuple[str, ...]
    sockets: tuple[str, ...]
    certificate: Path
    certificate_key: Path
    https_listen: str = "443"
    http_listen: str = "80"
    cache_dir: Path = Path("/var/cache/nginx/ballskill")


def _servers(addresses: tuple[str, ...]) -> str:
    if not addresses:
        raise DeployConfigError("Name at least one address for each kind of daphne process.")
    return "\n".join(f"    server {address};" for address in addresses)


def _server_names() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts or "*" in hosts:
        raise DeployConfigError("ALLOWED_HOSTS must name the site's hosts (not '*'): nginx serves those names.")
    return hosts


def _hooks_listen() -> str:
    """nginx listens where RTMP_HOOK_SITE points nginx-rtmp's callbacks."""
    site = urlsplit(settings.RTMP_HOOK_SITE)
    if site.scheme != "http" or not site.hostname:
        raise DeployConfigError(f"RTMP_HOOK_SITE must be http://ADDRESS:PORT on this machine, not {site.geturl()!r}.")
    return f"{site.hostname}:{site.port or 80}"


def _private_url() -> str:
    url = settings.PRIVATE_MEDIA_ACCEL_URL
    if not (url.startswith("/") and url.endswith("/")):
        raise DeployConfigError("PRIVATE_MEDIA_ACCEL_URL must be nginx's internal location, e.g. /_private/.")
    return url


def _session_cookie() -> str:
    name = settings.SESSION_COOKIE_NAME
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise DeployConfigError(f"nginx cannot read a cookie named {name!r} (SESSION_COOKIE_NAME): letters, digits, _.")
    return name


def render_nginx_site(site: NginxSite) -> str:
    names = _server_names()
    https_port = site.https_listen.rsplit(":", 1)[-1]
    # The Host as the browser sent it, port and all: Django checks it (ALLOWED_HOSTS) and compares the
    # Origin of every form post with it (CSRF).
    forwarded = "\n".join(
        f"        proxy_set_header {header};"
        for header in ("Host $http_host", "X-Forwarded-For $remote_addr", "X-Forwarded-Proto $scheme")
    )
    return ConfigTemplate(NGINX_SITE_TEMPLATE.read_text()).substitute(
        web_servers=_servers(site.web),
        sockets_servers=_servers(site.sockets),
        cache_dir=site.cache_dir,
        http_listen=site.http_listen,
        https_listen=site.https_listen,
        https_port_suffix="" if https_port == "443" else f":{https_port}",
        hooks_listen=_hooks_listen(),
        server_names=" ".join(names),
        server_name=names[0].lstrip("."),
        certificate=site.certificate,
        certificate_key=site.certificate_key,
        max_body_bytes=settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        forwarded=forwarded,
        socket_read_timeout=settings.REALTIME_IDLE_TIMEOUT + SOCKET_TIMEOUT_MARGIN_SECONDS,
        static_root=Path(settings.STATIC_ROOT).resolve(),
        media_root=Path(settings.MEDIA_ROOT).resolve(),
        hls_root=(Path(settings.MEDIA_SERVER_ROOT) / "hls").resolve(),
        private_root=Path(settings.PRIVATE_MEDIA_ROOT).resolve(),
        private_url=_private_url(),
        session_cookie=_session_cookie(),
        authorization_cache_seconds=HLS_AUTHORIZATION_CACHE_SECONDS,
    )
