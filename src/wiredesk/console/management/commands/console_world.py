"""Rebuild the console map's shapes from world-atlas's TopoJSON (`npm pack world-atlas`)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wiredesk.console.worldmap import DATA, convert


class Command(BaseCommand):
    help = "Convert world-atlas countries-110m.json (TopoJSON) into the console's map data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("topojson", type=Path, help="e.g. package/countries-110m.json")
        parser.add_argument("--out", type=Path, default=DATA)

    def handle(self, *args: Any, **options: Any) -> None:
        topology = json.loads(options["topojson"].read_text(encoding="utf-8"))
        world = convert(topology)
        options["out"].write_text(
            json.dumps(world, separators=(",", ":"), sort_keys=True), encoding="utf-8"
        )
        self.stdout.write(f"{len(world['countries'])} countries written to {options['out']}")
