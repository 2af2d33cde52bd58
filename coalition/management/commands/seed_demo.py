from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coalition import demo


class Command(BaseCommand):
    help = "Load a realistic demo coalition with one user per role. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also run with DEBUG off (demo users have a known password).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: demo users with a known password do not belong in production. "
                "Use --force if you really mean it."
            )
        with transaction.atomic():
            ctx = demo.run_all()
        for line in ctx.log:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Users: {', '.join(demo.USERS)} (password: {demo.DEMO_PASSWORD})"
            )
        )
