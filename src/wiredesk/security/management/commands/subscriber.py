"""`wiredesk subscriber export EMAIL` and `wiredesk subscriber delete EMAIL`.

- `export`: prints, as JSON, everything held about the address: the subscriber, its
  subscriptions with their consent records, deliveries, bounces and sign-up limits.
- `delete`: removes the person's data and keeps anonymous delivery counts
  (see wiredesk.security.subscribers); prints what it removed, never the address.
"""

import json
import logging

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wiredesk.security import subscribers

log = logging.getLogger("wiredesk.security")


class Command(BaseCommand):
    help = "A subscriber's data on request: export it as JSON, or delete it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Print everything held about EMAIL as JSON.")
        export.add_argument("email")
        delete = actions.add_parser("delete", help="Remove EMAIL's data, keep anonymous counts.")
        delete.add_argument("email")

    def handle(self, *args: object, **options: object) -> None:
        try:
            subscriber = subscribers.find(str(options["email"]))
        except subscribers.NoSuchSubscriber:
            raise CommandError("no subscriber has that address") from None
        if options["action"] == "export":
            data = subscribers.export(subscriber)
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            done = subscribers.erase(subscriber)
            log.info("subscriber erased", extra={"subscriber_id": subscriber.pk, **done})
            self.stdout.write(json.dumps({"subscriber_id": subscriber.pk, **done}))
