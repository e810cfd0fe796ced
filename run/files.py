"""Finds the input files and names them as the corpus will.

Every path given or found gets a row in `sources`: regular files (and links
to them) are read; what cannot be (a FIFO, a socket, a device, a dangling or
looping link, an unreadable file) is listed with the reason it was skipped.
Folders are walked following links to folders, each real folder once, so a
link loop ends. Names that are not valid UTF-8 are kept losslessly, their
undecodable bytes escaped as \\xNN, so they never break the write.
"""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_IGNORED = {".DS_Store", "Thumbs.db"}


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path  # where to read it
    source_path: str  # how the corpus names it: relative to its input root, or as given
    sha256: str
    size: int
    problem: str | None = None  # why it cannot be read as a file (then it is skipped)


def display_name(raw: str) -> str:
    """A path as text that any writer accepts: bytes that are not UTF-8 (held
    as surrogates by the OS layer) become \\xNN escapes."""
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _special(path: Path) -> str | None:
    """Why `path` is not a regular file that can be read, or None."""
    try:
        st = path.stat()  # follows links
    except FileNotFoundError:
        return "a link whose target does not exist" if path.is_symlink() else "no such file"
    except OSError as e:
        if e.errno == 40:  # ELOOP
            return "a link that points back to itself (a link loop)"
        return f"cannot be read ({e.strerror})"
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None if os.access(path, os.R_OK) else "cannot be read (permission denied)"
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"{what}, not a file"
    return "not a regular file"


def _walk(root: Path, skip: Path | None):
    """(path, name relative to root) of every entry under root, sorted, hidden
    entries and the corpus folder itself left out; each real folder once."""
    seen: set[str] = set()
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen or (skip is not None and (Path(real) == skip or skip in Path(real).parents)):
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or name in _IGNORED:
                continue
            p = Path(dirpath) / name
            out.append((p, p.relative_to(root).as_posix()))
        # a link to a folder that loops or dangles is reported as an entry
        for d in list(dirnames):
            p = Path(dirpath) / d
            if p.is_symlink() and os.path.realpath(p) in seen:
                out.append((p, p.relative_to(root).as_posix()))
    return sorted(out, key=lambda x: x[1])


def discover(roots: list[Path], exclude: Path | None = None) -> list[InputFile]:
    """Every entry under the roots, sorted by name."""
    found: dict[str, InputFile] = {}
    skip = exclude.resolve() if exclude is not None else None
    for root in roots:
        if root.is_dir():
            items = _walk(root, skip)
        else:
            items = [(root, str(root))]
        for p, raw_name in items:
            name = display_name(raw_name)
            if name in found and found[name].path.resolve() != p.resolve():
                name = display_name((root / raw_name).as_posix())  # two roots hold the same relative name
            if name in found:
                continue
            problem = _special(p)
            if problem is None:
                try:
                    found[name] = InputFile(p, name, sha256_of(p), p.stat().st_size)
                    continue
                except OSError as e:
                    problem = f"cannot be read ({e.strerror})"
            found[name] = InputFile(p, name, "", 0, problem)
    return [found[k] for k in sorted(found)]
