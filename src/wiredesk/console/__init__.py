"""The newsroom console: what flows in, what is wrong with it, and the means to fix it.

Pages under /console/, behind the admin login (`staff_member_required`), drawn inside the
admin's own base template:

- Sources and feeds (`health`): failing feeds first, last success, last error, items/day,
  a sparkline of daily volume.
- Intake (`intake`, `svg`, `worldmap`): articles per hour by source and by edition as
  stacked columns, and a world map shaded by the day's stories per country; all SVG drawn
  on the server from the database, no JavaScript, nothing fetched at run time.
- Routing queue: every article with its countries and placements, and one-click move, hide,
  pin as lead and country correction (`actions`, each recorded in `models.AuditEntry` and
  logged with `article_id`, `edition` and `user`).
- Flags (`flags`): date gaps, duplicates awaiting a decision, licence or embargo blocks,
  poor extraction.
- Newsletters (`letters`): each edition's last issue, its deliveries, its preview.
- Audit log.

For machines, `urls_ops` serves /metrics (Prometheus text, `metrics`) and /healthz (`ops`)
without a login; include it at the root of the URLconf.
"""
