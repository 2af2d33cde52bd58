from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coalition import demo
from coalition import scale as scaled


class Command(BaseCommand):
    help = (
        "Load a realistic demo coalition with one user per role. Safe to run twice. "
        "With --scale N, add a coalition N/10 the size of the reference one on top "
        "(about 50 organisations, 2,000 staff and 20,000 clients at N=10)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also run with DEBUG off (demo users have a known password).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="1 (the default) is the demo alone; N>1 adds scaled data (coalition.scale).",
        )

    def handle(self, *args, force=False, scale=1, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: demo users with a known password do not belong in production. "
                "Use --force if you really mean it."
            )
        if scale < 1:
            raise CommandError("--scale is a whole number from 1 up.")
        with transaction.atomic():
            ctx = demo.run_all()
        lines = list(ctx.log)
        if scale > 1:
            with transaction.atomic():
                lines += scaled.run_all(scale).log
        for line in lines:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Users: {', '.join(demo.USERS)} (password: {demo.DEMO_PASSWORD})"
            )
        )
