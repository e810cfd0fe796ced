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


class ParseCache:
    def __init__(self, out_dir: Path):
        self.dir = out_dir / ".cache" / pipeline_version()

    def _path(self, sha: str) -> Path:
        return self.dir / f"{sha}.pkl"

    def get(self, sha: str):
        try:
            with open(self._path(sha), "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def put(self, sha: str, value) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self._path(sha).with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self._path(sha))

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
