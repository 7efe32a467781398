"""manage.py export_dataset <project-slug> --format jsonl --output FILE [filters]

Streams the export to FILE (or stdout with `--output -`), with a progress bar on stderr, and
writes the dataset card beside a single-file export as FILE.card.md (zip exports carry theirs).
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.exports import FORMATS, ExportRefused, dataset_card, export_stream, selection_for
from claims.models import Project


def _raw(wrapper):
    """The stream under Django's OutputWrapper, which would add a line end to every write."""
    return getattr(wrapper, "_out", wrapper)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date; write it as 2024-06-19.") from None


class Command(BaseCommand):
    help = (
        "Export a project's dataset (gold claims by default) in one of the formats of "
        "docs/formats.md, streamed to a file or to stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("project", help="The project's slug.")
        parser.add_argument("--format", default="jsonl", help=f"One of: {', '.join(FORMATS)}.")
        parser.add_argument("--output", required=True, help="A file, or - for stdout.")
        parser.add_argument(
            "--status", action="append", help="Repeat for more (default: accepted)."
        )
        parser.add_argument("--annotator", action="append", help="A username; repeat for more.")
        parser.add_argument("--claim-type", action="append", help="A claim type value; repeat.")
        parser.add_argument("--published-from", type=_day, help="YYYY-MM-DD, inclusive.")
        parser.add_argument("--published-to", type=_day, help="YYYY-MM-DD, inclusive.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        key = options["format"]
        if key not in FORMATS:
            raise CommandError(f"Unknown format “{key}”; known: {', '.join(FORMATS)}.")
        selection = self._selection(options)
        to_stdout = options["output"] == "-"
        quiet = options["quiet"] or to_stdout or options["verbosity"] == 0
        if to_stdout:
            self._write(selection, key, _raw(self.stdout).buffer, quiet)
        else:
            self._to_file(selection, key, Path(options["output"]), quiet)

    def _to_file(self, selection, key: str, output: Path, quiet: bool) -> None:
        # Written aside and moved into place at the end: a failed export leaves no half file.
        partial = output.with_name(output.name + ".part")
        if not output.parent.is_dir():
            raise CommandError(f"There is no folder {output.parent} to write {output.name} into.")
        try:
            with partial.open("wb") as target:
                self._write(selection, key, target, quiet)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
        wrote = [str(output)]
        if FORMATS[key].filename != ".zip":
            card = output.with_name(output.name + ".card.md")
            card.write_text(dataset_card(selection), encoding="utf-8")
            wrote.append(str(card))
        self.stderr.write(f"Wrote {' and '.join(wrote)}.")

    def _selection(self, options):
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            known = ", ".join(Project.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No project “{options['project']}”; known: {known or 'none'}.")
        try:
            return selection_for(
                project=project,
                actor=None,
                status=options["status"],
                annotator=options["annotator"],
                claim_type=options["claim_type"],
                published_from=options["published_from"],
                published_to=options["published_to"],
            )
        except ExportRefused as error:
            raise CommandError(" ".join(error.messages)) from None

    def _write(self, selection, key: str, target, quiet: bool) -> None:
        # The bar goes to stderr, so it never mixes with data written to stdout.
        total = selection.article_total
        bar = tqdm(total=total, unit="article", disable=quiet, file=_raw(self.stderr))

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

        try:
            for chunk in export_stream(selection, key, progress):
                target.write(chunk)
        finally:
            bar.close()
        target.flush()
