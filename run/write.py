"""Hands the built corpus to the atomic writer: the tables (Parquet bytes),
the data package that describes them, the kompassros plots and the QA page
that shows them, all in one snapshot."""
from __future__ import annotations

from pathlib import Path

from release import datapackage
from store.schema import TABLES, to_table
from store.writer import encode_table, write_snapshot


def tables_of(corpus) -> dict:
    """Every table of the corpus as a pyarrow Table, in its schema and order."""
    return {name: to_table(name, corpus.tables.get(name, [])) for name in TABLES}


def write(out: Path, corpus, manifest: dict, tables: dict, plots: dict[str, bytes]) -> None:
    """`tables` from tables_of(corpus); `plots` drawn by run/pictures.py."""
    encoded = {name: encode_table(t) for name, t in tables.items()}
    from qa.page import render
    files = render(corpus, corpus.paths, plots={path.split("/")[-1][: -len(".svg")]: path for path in plots},
                   links=[("datapackage.json", datapackage.NAME)])
    files.update(plots)
    files[datapackage.NAME] = datapackage.build(tables, encoded)
    write_snapshot(out, encoded, files, manifest)
