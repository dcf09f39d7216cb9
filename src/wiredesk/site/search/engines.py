"""Which backend serves the database: chosen by the connection's vendor at first use, kept.

The only place search asks which engine it runs on. Asking per operation, as search once
did in seven places, let the engines' code interleave; here the answer is a class, and
every other module calls its methods. The choice is kept per vendor (functools.cache):
the backends hold no state, so two threads' first calls may each make one and either
serves. An engine with no backend is refused with a clear error at first use, rather than
with an SQL error from the other engine's dialect.
"""

from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from wiredesk.site.search.backend import Backend
from wiredesk.site.search.postgres import PostgresBackend
from wiredesk.site.search.sqlite import SqliteBackend

BACKENDS: dict[str, type[Backend]] = {
    backend.vendor: backend for backend in (SqliteBackend, PostgresBackend)
}


def backend() -> Backend:
    """The backend of the default database connection's engine."""
    return backend_for(connection.vendor)


@cache
def backend_for(vendor: str) -> Backend:
    try:
        return BACKENDS[vendor]()
    except KeyError:
        raise ImproperlyConfigured(
            f"site search has no backend for the {vendor!r} database engine "
            f"(it has one for {', '.join(sorted(BACKENDS))})"
        ) from None
