"""Finds the input files and names them as the corpus will."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

_IGNORED = {".DS_Store", "Thumbs.db"}


@dataclass(frozen=True)
class InputFile:
    path: Path  # where to read it
    source_path: str  # how the corpus names it: relative to its input root, or as given
    sha256: str
    size: int


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def discover(roots: list[Path], exclude: Path | None = None) -> list[InputFile]:
    """Every file under the roots, sorted by name; hidden files and the
    corpus folder itself (when it lies inside an input) are not inputs."""
    found: dict[str, InputFile] = {}
    skip = exclude.resolve() if exclude is not None else None
    for root in roots:
        if root.is_file():
            items = [(root, str(root))]
        else:
            items = [(p, p.relative_to(root).as_posix()) for p in sorted(root.rglob("*"))
                     if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
                     and p.name not in _IGNORED and not (skip and skip in p.resolve().parents)]
        for p, name in items:
            if name in found and found[name].path.resolve() != p.resolve():
                name = (root / name).as_posix()  # two roots hold the same relative name
            if name in found:
                continue
            found[name] = InputFile(p, name, sha256_of(p), p.stat().st_size)
    return [found[k] for k in sorted(found)]
