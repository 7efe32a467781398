"""The production settings (annotate/settings.py, read from the environment as deployed), with
one change: collected static files go under bench/out/. var/static/ is the development server's
and the test suite's; a stale copy there would shadow the files they are working on."""

from annotate.settings import *  # noqa: F403
from annotate.settings import BASE_DIR

STATIC_ROOT = BASE_DIR / "bench" / "out" / "static"

# Hashed names as in production, without WhiteNoise's gzip and Brotli copies of every file:
# compressing drf-spectacular's Swagger and ReDoc bundles takes about a minute on 2 cores, and
# the benchmark downloads no static file.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
