"""Every write. The admin, the pages, the API, imports and the seed loader all come through here.

Each function is keyword-only, checks who may do it, validates, and writes in one transaction.
Refusals are ValidationError with a message a person understands; nothing is written then.
`actor=None` means the system itself (a management command), never a request.
"""

from claims.services.articles import (
    article_delete,
    article_import,
    article_update,
    entity_create,
    entity_delete,
    entity_update,
)
from claims.services.attributions import (
    attribution_create,
    attribution_delete,
    attribution_update,
)
from claims.services.base import EDITORS, StaleVersion, label_get, role_in, text_sha256
from claims.services.bulk import (
    Batch,
    Schema,
    article_bulk_import,
    claim_bulk_import,
    dataset_bulk_write,
    entity_bulk_create,
    link_bulk_create,
)
from claims.services.claims import (
    claim_bulk_create,
    claim_create,
    claim_delete,
    claim_restore,
    claim_update,
)
from claims.services.links import link_create, link_delete, link_update
from claims.services.projects import (
    label_create,
    label_delete,
    label_update,
    label_usage,
    membership_remove,
    membership_set,
    project_create,
    project_update,
)
from claims.services.suggestions import suggestion_dismiss
from claims.services.workflow import (
    assignment_auto,
    assignment_create,
    assignment_delete,
    assignment_submit,
    review_claim,
    review_decide,
)

__all__ = [
    "EDITORS",
    "Batch",
    "Schema",
    "StaleVersion",
    "article_bulk_import",
    "article_delete",
    "article_import",
    "article_update",
    "assignment_auto",
    "assignment_create",
    "assignment_delete",
    "assignment_submit",
    "attribution_create",
    "attribution_delete",
    "attribution_update",
    "claim_bulk_create",
    "claim_bulk_import",
    "claim_create",
    "claim_delete",
    "claim_restore",
    "claim_update",
    "dataset_bulk_write",
    "entity_bulk_create",
    "entity_create",
    "entity_delete",
    "entity_update",
    "label_create",
    "label_delete",
    "label_get",
    "label_update",
    "label_usage",
    "link_bulk_create",
    "link_create",
    "link_delete",
    "link_update",
    "membership_remove",
    "membership_set",
    "project_create",
    "project_update",
    "review_claim",
    "review_decide",
    "role_in",
    "suggestion_dismiss",
    "text_sha256",
]
