"""The `wiredesk` command: Django's management commands plus Wiredesk's own.

`wiredesk ingest`, `wiredesk demo`, `wiredesk createsuperuser`, `wiredesk migrate`...
all go through Django's command machinery, so every command is listed by
`wiredesk help`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wiredesk", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
