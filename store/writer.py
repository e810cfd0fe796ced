"""Writes the corpus so a crash or kill -9 at any moment leaves the previous
corpus whole and readable, and so that globbing DIR finds each table once.

Layout of DIR:
  DIR/<table>.parquet  -> .snapshots/current/<table>.parquet.snapshot   (fixed symlinks)
  DIR/datapackage.json -> .snapshots/current/datapackage.json
  DIR/qa, DIR/plots    -> .snapshots/current/qa, .snapshots/current/plots
  DIR/.snapshots/current -> <snapshot id>                               (one symlink)
A run writes a complete new snapshot beside the old one, then replaces the
single `current` symlink with os.replace (atomic on POSIX): readers see either
every old table or every new one, never a mix. Inside a snapshot the tables
are stored under names that do not end in `.parquet`, so `DIR/**/*.parquet`
(DuckDB, Polars, glob) matches each table exactly once: its entry point.

Why symlinks and not plain files at the top: no set of several directory
entries can be replaced at once on POSIX, so plain (or hard-linked) table
files would be swapped one by one, and a kill between two swaps would leave
new reports beside old findings. One symlink switched once is the only
all-or-nothing step there is. (`kk-corpus export --format parquet` writes a
copy with plain files, e.g. for an archive.)
"""
from __future__ import annotations

import io
import json
import os
import shutil
import time
from pathlib import Path

SNAPSHOTS = ".snapshots"
CURRENT = "current"
TABLE_SUFFIX = ".parquet"             # the entry point a user reads: DIR/<table>.parquet
STORED_SUFFIX = ".parquet.snapshot"   # the file inside a snapshot: never matches *.parquet
LAYOUT = 2                            # 1: snapshots stored <table>.parquet (matched twice by a glob)


def current_dir(out_dir: Path) -> Path | None:
    cur = out_dir / SNAPSHOTS / CURRENT
    return cur.resolve() if cur.exists() else None


def read_manifest(out_dir: Path) -> dict | None:
    cur = current_dir(out_dir)
    if cur is None:
        return None
    try:
        return json.loads((cur / "manifest.json").read_text())
    except (OSError, ValueError):
        return None


def _stored(name: str, tables) -> str:
    """The name of a top-level entry inside a snapshot."""
    if name.endswith(TABLE_SUFFIX) and name[: -len(TABLE_SUFFIX)] in tables:
        return name[: -len(TABLE_SUFFIX)] + STORED_SUFFIX
    return name


def _target(name: str, tables) -> Path:
    return Path(SNAPSHOTS) / CURRENT / _stored(name, tables)


def snapshot_complete(out_dir: Path, manifest: dict) -> bool:
    """Is every file the current snapshot wrote still readable through DIR, in
    this layout? (Someone may have deleted DIR/reports.parquet, or a run of an
    older version wrote the corpus; a rerun then writes it again.)"""
    names = manifest.get("files") or []
    if manifest.get("layout") != LAYOUT or not names or not all((out_dir / n).is_file() for n in names):
        return False
    tables = manifest.get("tables") or []
    for name in manifest.get("entries") or []:
        link = out_dir / name
        if not link.is_symlink() or Path(os.readlink(link)) != _target(name, tables):
            return False
    cur = current_dir(out_dir)
    return cur is not None and not any(cur.glob(f"*{TABLE_SUFFIX}"))  # no alias left by an interrupted switch


def encode_table(table) -> bytes:
    """A pyarrow Table as the bytes of its Parquet file (zstd, statistics):
    the same table gives the same bytes."""
    import pyarrow.parquet as pq
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd", write_statistics=True)
    return buf.getvalue()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_link(link: Path, target: Path) -> None:
    tmp = link.with_name(f".{link.name}.link")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target)
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)  # a folder left by an older layout
    os.replace(tmp, link)


def write_snapshot(out_dir: Path, tables: dict, files: dict[str, bytes], manifest: dict) -> Path:
    """tables: name -> the Parquet bytes (or a pyarrow.Table); files: relative
    path -> bytes (datapackage.json, the QA page, plots)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    snaps = out_dir / SNAPSHOTS
    snaps.mkdir(exist_ok=True)
    base = snap_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    n = 0
    while (snaps / snap_id).exists():  # a second write from this process within the second
        n += 1
        snap_id = f"{base}-{n}"
    tmp = snaps / f"{snap_id}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    for name, table in tables.items():
        data = table if isinstance(table, (bytes, bytearray)) else encode_table(table)
        (tmp / f"{name}{STORED_SUFFIX}").write_bytes(data)
    for rel, data in files.items():
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    entries = [f"{n}{TABLE_SUFFIX}" for n in tables] + sorted({rel.split("/")[0] for rel in files})
    manifest = dict(manifest, layout=LAYOUT, tables=list(tables), entries=entries,
                    files=[f"{n}{TABLE_SUFFIX}" for n in tables] + sorted(files))
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    for p in tmp.rglob("*"):
        if p.is_file():
            with open(p, "rb+") as fh:
                os.fsync(fh.fileno())
    final = snaps / snap_id
    os.replace(tmp, final)
    _fsync_dir(snaps)

    # Entry points. A new one may point into the new snapshot before the
    # switch (until then it reads as absent, as it was). One that points
    # elsewhere (an older layout) is retargeted only after the switch, and
    # meanwhile its old path is an alias inside the new snapshot, so it reads
    # the new corpus from the switch on, like every other entry.
    later, aliases = [], []
    for name in entries:
        link, target = out_dir / name, _target(name, tables)
        if link.is_symlink() and Path(os.readlink(link)) == target:
            continue
        if not link.is_symlink() and not link.exists():
            _replace_link(link, target)
            continue
        later.append(name)
        old = Path(os.readlink(link)) if link.is_symlink() else None
        if old is not None and old.parent == Path(SNAPSHOTS) / CURRENT and old.name != target.name:
            alias = final / old.name
            if not alias.exists() and not alias.is_symlink():
                alias.symlink_to(target.name)
                aliases.append(alias)

    new_cur = snaps / f".{CURRENT}.new"
    if new_cur.is_symlink() or new_cur.exists():
        new_cur.unlink()
    new_cur.symlink_to(snap_id)
    os.replace(new_cur, snaps / CURRENT)  # the commit point
    _fsync_dir(snaps)

    for name in later:
        _replace_link(out_dir / name, _target(name, tables))
    _fsync_dir(out_dir)
    for alias in aliases:
        alias.unlink()

    for old in snaps.iterdir():
        if old.name not in (snap_id, CURRENT) and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return final
