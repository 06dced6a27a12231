"""`manage.py deploy_config nginx`: the production nginx site (deploy/nginx-site.conf) filled in."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.deploy import DeployConfigError, NginxSite, render_nginx_site

DEFAULT_WEB = ["127.0.0.1:8001", "127.0.0.1:8002"]
DEFAULT_SOCKETS = ["127.0.0.1:8101"]


class Command(BaseCommand):
    help = "Print the nginx site config for this site's settings: TLS, the daphne processes, static, media and HLS."

    def add_arguments(self, parser):
        parser.add_argument("config", choices=["nginx"])
        parser.add_argument("--web", action="append", metavar="ADDRESS", help=f"a `web` daphne ({DEFAULT_WEB})")
        parser.add_argument(
            "--sockets", action="append", metavar="ADDRESS", help=f"a `sockets` daphne ({DEFAULT_SOCKETS})"
        )
        parser.add_argument("--certificate", type=Path, required=True, help="the TLS certificate chain (PEM)")
        parser.add_argument("--certificate-key", type=Path, required=True, help="its private key (PEM)")
        parser.add_argument("--https-listen", default="443", help="nginx's HTTPS listen address or port (443)")
        parser.add_argument("--http-listen", default="80", help="where nginx redirects HTTP to HTTPS (80)")
        parser.add_argument(
            "--cache-dir", type=Path, default=NginxSite.cache_dir, help=f"nginx's cache ({NginxSite.cache_dir})"
        )

    def handle(self, *args, config, **options):
        site = NginxSite(
            web=tuple(options["web"] or DEFAULT_WEB),
            sockets=tuple(options["sockets"] or DEFAULT_SOCKETS),
            certificate=options["certificate"].resolve(),
            certificate_key=options["certificate_key"].resolve(),
            https_listen=options["https_listen"],
            http_listen=options["http_listen"],
            cache_dir=options["cache_dir"].resolve(),
        )
        try:
            self.stdout.write(render_nginx_site(site), ending="")
        except DeployConfigError as exc:
            raise CommandError(str(exc)) from exc
