"""Hands the built corpus to the atomic writer: tables with their schemas,
plus the QA page."""
from __future__ import annotations

from pathlib import Path

from store.schema import TABLES, to_table
from store.writer import write_snapshot


def write(out: Path, corpus, manifest: dict) -> None:
    tables = {name: to_table(name, corpus.tables.get(name, [])) for name in TABLES}
    from qa.page import render
    files = render(corpus, corpus.paths)
    write_snapshot(out, tables, files, manifest)
