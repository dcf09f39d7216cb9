"""HostSlot goes: politeness is one rule for both executors, the client's per-host limit
(WIREDESK_FETCH_PER_HOST, ingest.fetch), not a database turn taken by Celery's path only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ingest", "0002_host_slots_and_failed_tasks")]

    operations = [migrations.DeleteModel(name="HostSlot")]
