"""The versions a corpus records (datapackage.json, --version): the package's
release, the pipeline version (a hash of the code and data that decide what
a file reads as: store/cache.py) and the output version (a hash of all the
code that writes the corpus, so a rerun after an upgrade writes it again)."""
from __future__ import annotations

import hashlib
from functools import cache

from .cache import ROOT, pipeline_version

PACKAGE = "kommunkompassen-corpus"
# Everything that shapes the output beyond what a file reads as.
_OUTPUT = ("store", "run", "qa", "release")

__all__ = ["PACKAGE", "package_version", "pipeline_version", "output_version", "versions"]


@cache
def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


@cache
def output_version() -> str:
    h = hashlib.sha256(pipeline_version().encode())
    for pkg in _OUTPUT:
        base = ROOT / pkg
        if not base.is_dir():
            continue
        for p in sorted(base.rglob("*")):
            if p.is_file() and p.suffix in (".py", ".csv", ".json", ".j2") and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(ROOT)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def versions() -> tuple[str, str]:
    """(package version, pipeline version)."""
    return package_version(), pipeline_version()
