from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.services.seeds import SEEDS_DIR, seeds_load


class Command(BaseCommand):
    help = (
        "Create the demo project with the default schema, the five seed articles and known "
        "entities; with DEBUG on, also demo accounts. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            default=SEEDS_DIR,
            help="Where metadata.json, entities.json and the article files are (default: seeds/).",
        )

    def handle(self, *args, **options):
        try:
            report = seeds_load(directory=options["directory"], demo_accounts=settings.DEBUG)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        project = report.project
        summary = f"{len(report.created)} created" if report.created else "nothing new"
        self.stdout.write(
            f"Project “{project.name}” ({project.slug}): {project.articles.count()} articles, "
            f"{project.entities.count()} entities; {summary}."
        )
        if report.accounts:
            self.stdout.write("Demo accounts (development only):")
            for username, role, password in report.accounts:
                self.stdout.write(f"  {username:<6} {role:<10} password: {password}")
        elif not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo accounts were made.")
