"""Parse results keyed by file content and pipeline version: an unchanged
file is never parsed twice, and any change to the code or data files of the
pipeline (its version) invalidates every entry at once."""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a file reads as depends on these folders, and on the row records the
# cache stores (store/schema.py).
_VERSIONED = ("extract", "parsers", "normalize", "store/schema.py")
_VERSION = re.compile(r"[0-9a-f]{16}")  # the name of a version's folder in .cache


@cache
def pipeline_version() -> str:
    h = hashlib.sha256()
    for pkg in _VERSIONED:
        base = ROOT / pkg
        for p in sorted(base.rglob("*")) if base.is_dir() else [base]:
            if p.is_file() and p.suffix in (".py", ".csv", ".json") and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(ROOT)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


class PickleCache:
    """Values pickled under a key in one folder; written atomically, so a
    killed run leaves no torn entry, and an unreadable entry is a miss."""

    def __init__(self, folder: Path):
        self.dir = folder

    def _path(self, key: str) -> Path:
        return self.dir / f"{key}.pkl"

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str):
        try:
            with open(self._path(key), "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def put(self, key: str, value) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self._path(key).with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self._path(key))

    def keep_only(self, keys) -> None:
        """Drop every entry but these (entries of inputs no longer there)."""
        keep = {f"{k}.pkl" for k in keys}
        if self.dir.is_dir():
            for f in self.dir.iterdir():
                if f.is_file() and f.name not in keep:
                    f.unlink(missing_ok=True)


class ParseCache(PickleCache):
    """Parse results by file content, in a folder per pipeline version."""

    def __init__(self, out_dir: Path):
        super().__init__(out_dir / ".cache" / pipeline_version())

    def prune(self) -> None:
        """Drop entries of older pipeline versions (other caches beside them,
        e.g. .cache/plots, are not version folders and are left alone)."""
        root = self.dir.parent
        if root.exists():
            for d in root.iterdir():
                if d != self.dir and d.is_dir() and _VERSION.fullmatch(d.name):
                    for f in d.iterdir():
                        f.unlink(missing_ok=True)
                    d.rmdir()


# Page pictures depend on the PDF's bytes and the marks, not on the code's
# version (their key says so), so they outlive a pipeline version.
IMAGES = "images"


def image_cache(out_dir: Path) -> PickleCache:
    return PickleCache(out_dir / ".cache" / IMAGES)
