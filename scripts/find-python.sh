#!/usr/bin/env sh
# Print the path of a Python 3.12+ interpreter (Django 6 needs 3.12).
# Looks on PATH first, then in pyenv's versions, so a machine whose default
# python3 is older still works without changing its global settings.
ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }
for c in ${PYTHON:-} python3.13 python3.12 python3 python; do
    p=$(command -v "$c" 2>/dev/null) || continue
    if ok "$p"; then echo "$p"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
    for p in "$(pyenv root)"/versions/3.12*/bin/python3 "$(pyenv root)"/versions/3.13*/bin/python3; do
        if [ -x "$p" ] && ok "$p"; then echo "$p"; exit 0; fi
    done
fi
echo "Wiredesk needs Python 3.12 or newer; none was found." >&2
exit 1
