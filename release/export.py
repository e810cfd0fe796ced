"""Exports of a corpus for tools that do not read Parquet well: one file per
table (CSV, Stata .dta) or one sheet per table (Excel .xlsx), with the
codebook (the data dictionary of every column) and an "about" table (the
versions to cite, the licence) beside them; or a copy with plain Parquet
files and the data package, e.g. for an archive.

    kk-corpus export --format csv|xlsx|dta|parquet --corpus DIR --output OUT

List columns (evaluators, issues, question_ids, ...) are joined with "; ".
CSV is UTF-8 with a byte order mark, so Excel opens å/ä/ö intact. Stata
files are version 118 (Stata 14+, UTF-8): names are Stata names, variable
labels are the descriptions cut to 80 characters (the codebook has them
whole), long strings become strL. Written with pandas' writers (openpyxl
for xlsx), never by hand.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from store.schema import TABLES

from . import datapackage

FORMATS = ("csv", "xlsx", "dta", "parquet")
LIST_SEPARATOR = "; "
STATA_LABEL = 80       # characters of a variable or dataset label
STATA_STR = 2045       # bytes of a fixed-width string; longer ones are strL
XLSX_CELL = 32767      # characters of a cell
_STATA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")
_STATA_RESERVED = frozenset("""_all _b byte _coef _cons double float if in int long _n _N _pi _pred _rc _skip
strL using with""".split())


class ExportError(Exception):
    """An export that cannot be made (no corpus, unknown format): one line for the user."""


def table_names(corpus_dir: Path, package: dict | None) -> list[str]:
    names = [r["name"] for r in package["resources"]] if package else \
        [n for n in TABLES if (corpus_dir / f"{n}.parquet").exists()]
    if not names or not all((corpus_dir / f"{n}.parquet").exists() for n in names):
        raise ExportError(f"{corpus_dir} holds no complete corpus (no table files, or some missing)")
    return names


def schemas(package: dict | None, names: list[str]) -> dict[str, dict]:
    """Each table's Table Schema: the corpus's own (datapackage.json), else this version's."""
    if package:
        return {r["name"]: r["schema"] for r in package["resources"]}
    return {n: datapackage.table_schema(n) for n in names}


def stata_name(name: str, taken: set[str]) -> str:
    """A valid, unused Stata variable name for a column."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not re.match(r"[A-Za-z_]", base[:1]):
        base = "_" + base
    base = base[:32]
    if base in _STATA_RESERVED:
        base = (base + "_")[:32]
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base[:32 - len(str(n)) - 1]}_{n}"
    taken.add(out)
    return out


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def codebook(package: dict | None, names: list[str]) -> list[dict]:
    """The data dictionary: one row per column of every table."""
    rows = []
    for table, schema in schemas(package, names).items():
        refs = {fk["fields"][0]: f"{fk['reference']['resource']}.{fk['reference']['fields'][0]}"
                for fk in schema.get("foreignKeys", [])}
        taken: set[str] = set()
        for f in schema["fields"]:
            arrow = f.get("arrowType", f["type"])
            rows.append({
                "table": table, "column": f["name"], "stata_name": stata_name(f["name"], taken),
                "type": "list of strings (joined with '; ' outside Parquet)" if arrow.startswith("list") else f["type"],
                "arrow_type": arrow, "required": bool(f.get("constraints", {}).get("required")),
                "primary_key": f["name"] in schema.get("primaryKey", []), "references": refs.get(f["name"], ""),
                "description": f.get("description", "")})
    return rows


def about(package: dict | None, counts: dict[str, int], fmt: str) -> list[dict]:
    """What this export is: the versions to cite, the licence, the tables."""
    p = package or {}
    made = p.get("created_with", {})
    lic = "; ".join(f"{x.get('name')} ({x.get('path', '')})" for x in p.get("licenses", []))
    rows = [("title", p.get("title", "Kommunkompassen corpus")),
            ("corpus_version", p.get("version", "unknown (the corpus has no datapackage.json)")),
            ("created_with", f"{made.get('name', '?')} {made.get('version', '?')} "
                             f"(pipeline {made.get('pipeline_version', '?')})"),
            ("content_sha256", p.get("content_sha256", "")),
            ("licence", lic), ("description", p.get("description", "")),
            ("format", f"{fmt}: one {'sheet' if fmt == 'xlsx' else 'file'} per table; list columns joined with "
                       f"'{LIST_SEPARATOR}'; the codebook describes every column"),
            ("tables", ", ".join(f"{n} ({k} rows)" for n, k in counts.items()))]
    return [{"key": k, "value": v} for k, v in rows]


def frame(table):
    """A pyarrow table as a pandas frame for the writers: list columns joined,
    integers nullable (no 3.0 for 3), strings as Python str or None."""
    import pandas as pd
    import pyarrow as pa
    cols = {}
    for name, col in zip(table.column_names, table.columns):
        if pa.types.is_list(col.type):
            cols[name] = pd.Series([None if v is None else LIST_SEPARATOR.join(map(str, v)) for v in col.to_pylist()],
                                   dtype=object)
        elif pa.types.is_integer(col.type):
            cols[name] = pd.Series(col.to_pylist(), dtype="Int64")
        elif pa.types.is_floating(col.type):
            cols[name] = pd.Series(col.to_pylist(), dtype="float64")
        else:
            cols[name] = pd.Series(col.to_pylist(), dtype=object)
    return pd.DataFrame(cols, columns=table.column_names)


def export(corpus_dir: Path, out_dir: Path, fmt: str, delimiter: str = ",") -> list[Path]:
    """Write the export; returns the files written, in order."""
    import pyarrow.parquet as pq
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    package = datapackage.read(corpus_dir)
    names = table_names(corpus_dir, package)
    if out_dir.resolve() == corpus_dir.resolve():
        raise ExportError("--output must not be the corpus folder itself")
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return _plain_copy(corpus_dir, out_dir, names, package)
    tables = {n: pq.read_table(corpus_dir / f"{n}.parquet") for n in names}
    counts = {n: t.num_rows for n, t in tables.items()}
    extra = {"about": about(package, counts, fmt), "codebook": codebook(package, names)}
    from . import writers
    return writers.WRITERS[fmt](out_dir, {n: frame(t) for n, t in tables.items()}, extra, delimiter=delimiter,
                                labels={n: _labels(extra["codebook"], n) for n in names},
                                version=(package or {}).get("version", ""))


def _labels(rows: list[dict], table: str) -> dict[str, tuple[str, str]]:
    """column -> (Stata name, description) of one table."""
    return {r["column"]: (r["stata_name"], r["description"]) for r in rows if r["table"] == table}


def _plain_copy(corpus_dir: Path, out_dir: Path, names: list[str], package: dict | None) -> list[Path]:
    written = []
    for n in names:
        dst = out_dir / f"{n}.parquet"
        shutil.copyfile(corpus_dir / f"{n}.parquet", dst)  # follows the entry point: a plain file
        written.append(dst)
    if package:
        dst = out_dir / datapackage.NAME
        shutil.copyfile(corpus_dir / datapackage.NAME, dst)
        written.append(dst)
    return written
