"""Hands the built corpus to the atomic writer: the tables (Parquet bytes),
the data package that describes them, the kompassros plots and the QA page
that shows them, all in one snapshot."""
from __future__ import annotations

from pathlib import Path

from release import datapackage
from release.plots import kompassros_files
from store.schema import TABLES, to_table
from store.writer import encode_table, write_snapshot

_AREA_COLUMNS = ["report_id", "area_no", "area_name", "score", "max"]


def write(out: Path, corpus, manifest: dict) -> None:
    tables = {name: to_table(name, corpus.tables.get(name, [])) for name in TABLES}
    encoded = {name: encode_table(t) for name, t in tables.items()}
    plots = kompassros_files(tables["reports"].to_pylist(), tables["area_scores"].select(_AREA_COLUMNS).to_pylist(),
                             cache=out / ".cache" / "plots")
    from qa.page import render
    files = render(corpus, corpus.paths, plots={path.split("/")[-1][: -len(".svg")]: path for path in plots},
                   links=[("datapackage.json", datapackage.NAME)])
    files.update(plots)
    files[datapackage.NAME] = datapackage.build(tables, encoded)
    write_snapshot(out, encoded, files, manifest)
