"""Text -> countries: pure functions, no database. See `tagger.tag`."""

from wiredesk.geo.tagger import GeoResult, Place, tag

__all__ = ["GeoResult", "Place", "tag"]
