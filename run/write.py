"""Hands the built corpus to the atomic writer: the tables (Parquet bytes),
the data package that describes them, the kompassros plots and the QA page
that shows them, all in one snapshot."""
from __future__ import annotations

import sys
from pathlib import Path

from release import datapackage
from store.schema import TABLES, to_table
from store.writer import encode_table, write_snapshot


_prepared = False


def prepare_pyarrow() -> None:
    """pyarrow imports pandas the first time it builds an array whenever
    pandas is installed (0.6-0.9 s, a quarter of a small run); a run never
    converts to or from pandas. pyarrow's own rule is that a pandas too old to
    integrate with is not used: show it one, once, so it settles on "no
    pandas", then take the stand-in away. A process that has imported pandas already
    (tests, library users) keeps pyarrow's pandas integration."""
    global _prepared
    import types
    import warnings
    if _prepared or "pandas" in sys.modules:
        return
    stand_in = types.ModuleType("pandas")
    stand_in.__version__ = "0.0.0"
    sys.modules["pandas"] = stand_in
    try:
        import pyarrow as pa
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pa.array([], type=pa.int64())
    finally:
        del sys.modules["pandas"]
    _prepared = True


def tables_of(corpus) -> dict:
    """Every table of the corpus as a pyarrow Table, in its schema and order."""
    prepare_pyarrow()
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
