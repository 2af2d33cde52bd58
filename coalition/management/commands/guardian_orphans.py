from django.core.management.base import BaseCommand, CommandError
from guardian.utils import clean_orphan_obj_perms

from coalition import orphans


class Command(BaseCommand):
    help = (
        "Find guardian object permissions (the generic tables) whose object no longer exists. "
        "Exits with an error when there are any; --delete removes them. Deleting an object "
        "removes its rows by itself (coalition.orphans): this finds what was left before."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Remove the orphan rows (with guardian's clean_orphan_obj_perms).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Rows guardian reads at a time while removing (default 1000).",
        )

    def handle(self, *args, delete=False, batch_size=1000, **options):
        found = orphans.find_orphans()
        if not found:
            self.stdout.write("No orphan object permissions.")
            return
        for (label, kind), count in sorted(found.items()):
            self.stdout.write(f"{label}: {count} {kind} row(s) whose object is gone")
        total = sum(found.values())
        if not delete:
            raise CommandError(
                f"{total} orphan object permission(s). Run with --delete to remove them."
            )
        # Guardian cannot load the objects of a model that left the code: those rows first.
        removed = orphans.delete_rows_of_removed_models()
        removed += clean_orphan_obj_perms(batch_size=batch_size)
        self.stdout.write(self.style.SUCCESS(f"Removed {removed} orphan object permission(s)."))
