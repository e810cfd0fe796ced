"""Writes the corpus so a crash or kill -9 at any moment leaves the previous
corpus whole and readable.

Layout of DIR:
  DIR/<table>.parquet -> .snapshots/current/<table>.parquet   (fixed symlinks)
  DIR/qa              -> .snapshots/current/qa
  DIR/.snapshots/current -> <snapshot id>                     (one symlink)
A run writes a complete new snapshot beside the old one, then replaces the
single `current` symlink with os.replace (atomic on POSIX): readers see either
every old table or every new one, never a mix.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

SNAPSHOTS = ".snapshots"
CURRENT = "current"


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


def snapshot_complete(out_dir: Path, manifest: dict) -> bool:
    """Is every file the current snapshot wrote still readable through DIR?
    (Someone may have deleted DIR/reports.parquet; a rerun then restores it.)"""
    names = manifest.get("files") or []
    return bool(names) and all((out_dir / n).is_file() for n in names)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_snapshot(out_dir: Path, tables: dict, files: dict[str, bytes], manifest: dict) -> Path:
    """tables: name -> pyarrow.Table; files: relative path -> bytes (QA page)."""
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    snaps = out_dir / SNAPSHOTS
    snaps.mkdir(exist_ok=True)
    snap_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    tmp = snaps / f"{snap_id}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    for name, table in tables.items():
        path = tmp / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd", write_statistics=True)
    for rel, data in files.items():
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    links = [f"{n}.parquet" for n in tables] + sorted({rel.split("/")[0] for rel in files})
    manifest = dict(manifest, files=[f"{n}.parquet" for n in tables]
                    + (["qa/index.html"] if "qa/index.html" in files else []))
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    for p in tmp.rglob("*"):
        if p.is_file():
            with open(p, "rb+") as fh:
                os.fsync(fh.fileno())
    final = snaps / snap_id
    os.replace(tmp, final)
    _fsync_dir(snaps)

    # Stable entry points; they only ever point through `current`.
    for name in links:
        link = out_dir / name
        target = Path(SNAPSHOTS) / CURRENT / name
        if link.is_symlink() and Path(os.readlink(link)) == target:
            continue
        tmp_link = out_dir / f".{name}.link"
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        tmp_link.symlink_to(target)
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)  # a folder left by an older layout
        os.replace(tmp_link, link)

    new_cur = snaps / f".{CURRENT}.new"
    if new_cur.is_symlink() or new_cur.exists():
        new_cur.unlink()
    new_cur.symlink_to(snap_id)
    os.replace(new_cur, snaps / CURRENT)  # the commit point
    _fsync_dir(snaps)

    for old in snaps.iterdir():
        if old.name not in (snap_id, CURRENT) and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return final
