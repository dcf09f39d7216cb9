from django.core.management.base import BaseCommand, CommandError

from wiredesk.tasks import celery_enabled


class Command(BaseCommand):
    help = "Start a Celery worker (needs CELERY_BROKER_URL). Extra arguments go to Celery."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=1, help="Processes in this worker.")
        parser.add_argument(
            "--threads",
            type=int,
            default=0,
            help="Run one process with this many threads instead (overlaps fetching with work).",
        )
        parser.add_argument("--name", help="Worker node name, e.g. w1@%%h (several on one host).")
        parser.add_argument("--beat", action="store_true", help="Also run the periodic scheduler.")
        parser.add_argument("celery_args", nargs="*", help="More `celery worker` options.")

    def handle(self, *args, **options):
        if not celery_enabled():
            raise CommandError("set CELERY_BROKER_URL to a Redis or RabbitMQ URL first")
        from wiredesk.celery import app

        if options["threads"]:
            argv = [
                "worker",
                "--loglevel=INFO",
                "--pool=threads",
                f"--concurrency={options['threads']}",
            ]
        else:
            argv = ["worker", "--loglevel=INFO", f"--concurrency={options['concurrency']}"]
        if options["name"]:
            argv.append(f"--hostname={options['name']}")
        if options["beat"]:
            argv.append("--beat")
        app.worker_main([*argv, *options["celery_args"]])
