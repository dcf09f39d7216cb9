"""`wiredesk demo`: migrate, create the demo network, ingest it from the local partner
server, and serve the site. Run again, it reuses the database and only polls due feeds."""

from dataclasses import replace

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the demo network: local partner server, ingest, and the site on one port."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.WIREDESK.demo_port)
        parser.add_argument("--no-serve", action="store_true", help="Ingest, then stop.")

    def handle(self, *args, **options):
        from wiredesk.demo.network import create_network
        from wiredesk.demo.partner import PartnerServer
        from wiredesk.editions.models import Edition
        from wiredesk.ingest.pipeline import ingest

        call_command("migrate", verbosity=0)
        create_network()
        partner = PartnerServer(settings.WIREDESK.partner_port).start()
        # The demo's settings are the environment's with its partner server as the egress
        # proxy, set once before it ingests and serves (the image proxy fetches through it).
        settings.WIREDESK = replace(settings.WIREDESK, fetch_proxy=partner.proxy_url)
        self.stdout.write(f"partner server on {partner.proxy_url}")
        report = ingest(progress=True)
        self.stdout.write(
            f"ingest: {report.feeds_polled} feeds polled, "
            f"{report.articles_new} new articles, {report.items_failed} items failed"
        )
        base = f"http://127.0.0.1:{options['port']}"
        self.stdout.write(f"\nWiredesk demo network: {base}/")
        for edition in Edition.objects.filter(active=True):
            self.stdout.write(f"  {edition.name:<22} {base}/{edition.slug}/")
        self.stdout.write(
            f"  {'Admin':<22} {base}/admin/  (make an account: wiredesk createsuperuser)"
        )
        if not options["no_serve"]:
            call_command("runserver", f"127.0.0.1:{options['port']}", use_reloader=False)
        partner.stop()
