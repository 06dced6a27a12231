"""`manage.py media_server start|stop|config`: nginx-rtmp for local runs (`make run` uses it)."""

from django.core.management.base import BaseCommand

from apps.devices.media_server import MediaServer, MediaServerError, missing, render


class Command(BaseCommand):
    help = "Start or stop nginx with the RTMP module on this machine's settings, or print its config."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop", "config"])

    def handle(self, *args, action, **options):
        server = MediaServer()
        if action == "config":
            self.stdout.write(render(root=server.root, listen=server.listen, hook_site=server.hook_site))
        elif action == "stop":
            server.stop()
        elif reason := missing():
            self.stdout.write(f"  Live video is off: {reason}. The site runs without it.")
        else:
            try:
                server.start()
            except MediaServerError as exc:
                self.stdout.write(f"  Live video is off: {exc}. The site runs without it.")
                return
            self.stdout.write(
                f"  RTMP ingest for encoders: {server.ingest_url}  (OBS: Server = that, Stream Key = a device's key)"
            )
