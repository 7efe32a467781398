from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.imports import FORMATS, ImportReport, import_dataset
from claims.imports.base import plural
from claims.models import Project, Role, Status
from claims.services import role_in


class Command(BaseCommand):
    help = (
        "Import a dataset into a project: articles from .txt files (or a .zip of them), or "
        "articles with their claims from canonical JSONL, doccano JSONL or Label Studio JSON. "
        "A file with any problem is refused as a whole, naming the line; nothing is written then."
    )

    def add_arguments(self, parser):
        parser.add_argument("project", help="The project's slug.")
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument(
            "--status",
            default=Status.SUBMITTED,
            choices=Status.values,
            help="Status of claims from doccano and Label Studio (default: submitted).",
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="Import as this manager of the project; claims are recorded as theirs. "
            "Without it the system imports, which can import articles only, or claims whose "
            "annotators are members.",
        )

    def handle(self, *args, **options):
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError(f"There is no project “{options['project']}”.")
        actor = self._actor(project, options["username"])
        files = [(path.name, self._read(path)) for path in options["files"]]
        # The bar goes to the real stream: Django's wrapper ends every write with a newline.
        with tqdm(total=0, file=self.stderr._out, unit=" items", leave=False) as bar:
            try:
                report = import_dataset(
                    project=project,
                    actor=actor,
                    format=options["format"],
                    files=files,
                    status=options["status"],
                    progress=lambda done, total: _advance(bar, done, total),
                )
            except (ValidationError, PermissionDenied) as error:
                raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
        self._print(project, report)

    def _actor(self, project: Project, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user “{username}”.")
        if role_in(project, user) != Role.MANAGER:
            raise CommandError(
                f"{username} is not a manager of “{project.name}”; only managers import."
            )
        return user

    def _read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}.") from None

    def _print(self, project: Project, report: ImportReport) -> None:
        counts = ", ".join(
            [
                plural(report.articles, "article"),
                plural(report.claims, "claim"),
                plural(report.attributions, "attribution"),
                plural(report.links, "link"),
                plural(report.entities, "new entity", "new entities"),
                plural(report.labels, "new label"),
            ]
        )
        self.stdout.write(f"Imported into “{project.name}” ({project.slug}): {counts}.")
        for note in report.notes:
            self.stdout.write(f"  - {note}")


def _advance(bar: tqdm, done: int, total: int) -> None:
    if bar.total != total:
        bar.total = total
    bar.update(done - bar.n)
