"""Reading datasets into an existing project: one module per format (docs/formats.md).

Every import runs in two phases. First the whole input is decoded, parsed and checked, and the
objects it describes are built unsaved; nothing is written, and the first problem refuses the
whole input with ImportRefused naming the file, the line (JSONL, counted from 1) or item
("task 3", counted from 1), and the reason. Then everything is written in one transaction, a
table at a time (claims/services/bulk.py), so the number of queries does not grow with the size
of the input.

Offsets are Unicode code points everywhere; text is kept exactly as it decodes, except that a
UTF-8 byte-order mark at the very start of a file is dropped.
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction

from claims.imports import doccano, jsonl, labelstudio, txt
from claims.imports.base import ImportRefused, ImportReport, Reading
from claims.models import Project, Role, Status
from claims.services.base import User, require_role
from claims.services.bulk import dataset_bulk_write

FORMATS: dict[str, str] = {
    "txt": "Plain text (.txt, with a JSON sidecar)",
    "jsonl": "Canonical JSONL",
    "doccano": "doccano JSONL",
    "labelstudio": "Label Studio JSON",
}
READERS = {
    "txt": txt.read,
    "jsonl": jsonl.read,
    "doccano": doccano.read,
    "labelstudio": labelstudio.read,
}

__all__ = ["FORMATS", "ImportRefused", "ImportReport", "import_dataset"]


def import_dataset(
    *,
    project: Project,
    actor: User | None,
    format: str,  # shadows the builtin: the interface others call
    files: list[tuple[str, bytes]],
    progress: Callable[[int, int], None] | None = None,
    status: str = Status.SUBMITTED,
) -> ImportReport:
    """Read `files` ((name, raw bytes) pairs) in `format` into `project`; only managers import.

    `actor=None` is the system (a management command): it may import articles, but claims and
    links need a user to be recorded as, so those need an actor or members named in the file.

    `status` is what claims from doccano and Label Studio get (they carry none): "submitted" by
    default, so that a reviewer decides on them; "accepted" makes them gold at once. Canonical
    JSONL keeps each claim's and link's status from the file (`status` only fills in a missing
    one); txt has no claims.

    `progress(done, total)` is called as items (lines, tasks, files) are read, for the first
    half of `total`, and as tables are written, for the second.

    Raises ImportRefused (a ValidationError) for a file that cannot be imported, and
    PermissionDenied for an actor who is not a manager of the project.
    """
    require_role(project, actor, {Role.MANAGER})
    if format not in READERS:
        raise ImportRefused(f"“{format}” is not a format to import; known: {', '.join(FORMATS)}.")
    if status not in Status.values:
        raise ImportRefused(f"“{status}” is not a status; use one of {', '.join(Status.values)}.")
    if not files:
        raise ImportRefused("There is no file to import.")
    reading = Reading(project=project, actor=actor, status=status, progress=progress)
    READERS[format](reading, files)
    try:
        with transaction.atomic():
            dataset_bulk_write(batch=reading.batch, actor=actor, progress=reading.written)
    except IntegrityError:
        # Checked against the project as it was read; someone changed it in between.
        raise ImportRefused(
            "The project changed while the import was being written (an article with the same "
            "external id, or an entity with the same name, was added meanwhile); nothing was "
            "written. Import again."
        ) from None
    return reading.report()
