"""ETags and If-Match: a write must name the state it was made against.

Claims and links carry a version, and their ETag is that version (an attribution's is its
claim's: they change together). Other rows have no version; their ETag is a digest of what the
API shows of them, compared under a row lock.
"""

import hashlib
import json
import re

from rest_framework.request import Request

from claims.api.errors import PreconditionFailed, PreconditionRequired

TAG = re.compile(r'^(?:W/)?"([^"]*)"$')


def version_of(instance) -> int | None:
    if hasattr(instance, "version"):
        return instance.version
    claim = getattr(instance, "claim", None)
    if instance.__class__.__name__ == "Attribution" and claim is not None:
        return claim.version
    return None


def etag(instance, representation: dict) -> str:
    version = version_of(instance)
    if version is not None:
        return f'"{version}"'
    body = json.dumps(representation, sort_keys=True, default=str).encode()
    return f'"{hashlib.sha256(body).hexdigest()[:20]}"'


def if_match(request: Request) -> list[str] | None:
    """The tags the client says it read; None for `*` (any current state)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        return None
    tags = []
    for part in header.split(","):
        match = TAG.match(part.strip())
        if match is None:
            raise PreconditionFailed(f'If-Match must hold ETags such as "3"; got {part.strip()}.')
        tags.append(match.group(1))
    return tags


def expected_version(request: Request, instance) -> int | None:
    """The version the client read, for the services to check under their lock."""
    tags = if_match(request)
    if tags is None:
        return version_of(instance)
    if len(tags) != 1 or not tags[0].isdigit():
        raise PreconditionFailed(f"This ETag is not a version of this object: {tags}.")
    return int(tags[0])


def check_digest(request: Request, instance, representation: dict) -> None:
    tags = if_match(request)
    if tags is not None and etag(instance, representation).strip('"') not in tags:
        raise PreconditionFailed()
