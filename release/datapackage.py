"""DIR/datapackage.json: the corpus as a Frictionless Data Package, generated
from the table schemas in store/schema.py (one source of truth: types,
descriptions, required columns, primary keys, foreign keys).

    data = build(tables, encoded)   # tables: name -> pyarrow.Table; encoded: name -> Parquet bytes

The package records the corpus version (the package version plus a hash of
the table files, so the same tables always get the same version), the package
and pipeline versions, the sha256 of every table file and of every source
file, and a licence. No timestamps: a rerun writes identical bytes.

Two things are shaped by how `frictionless` reads Parquet (through pandas):
list columns are typed "any" (pandas hands them over as numpy arrays, which
frictionless's "array" type refuses; `arrowType` says they are list<string>),
and "nan" is a missing value (pandas turns the nulls of an integer column
into NaN).
"""
from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import pyarrow as pa

from store.schema import REFERENCES, TABLES, arrow_type, fields_of, nullable
from store.version import PACKAGE, package_version, pipeline_version

DATA = Path(__file__).resolve().parent / "data"
NAME = "datapackage.json"
MEDIATYPE = "application/vnd.apache.parquet"


@cache
def static_metadata() -> dict:
    """Title, description, keywords and licence (release/data/package.json)."""
    return json.loads((DATA / "package.json").read_text(encoding="utf-8"))


def arrow_type_name(t: pa.DataType) -> str:
    if pa.types.is_list(t):
        return f"list<{arrow_type_name(t.value_type)}>"
    return str(t)


def table_type(t: pa.DataType) -> str:
    """The Table Schema type of an Arrow type."""
    if pa.types.is_string(t):
        return "string"
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t):
        return "number"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_list(t):
        return "any"  # see the module docstring
    raise TypeError(f"no Table Schema type for {t}")


def field_descriptor(table: str, f) -> dict:
    t = arrow_type(f)
    d = {"name": f.name, "type": table_type(t), "description": f.metadata["doc"], "arrowType": arrow_type_name(t)}
    if not nullable(f) or f.name in TABLES[table].primary_key:
        d["constraints"] = {"required": True}
    return d


def table_schema(name: str) -> dict:
    """The Table Schema of one corpus table."""
    spec = TABLES[name]
    schema = {"fields": [field_descriptor(name, f) for f in fields_of(name)],
              "primaryKey": list(spec.primary_key), "missingValues": ["nan"]}
    fks = []
    for column, ref in REFERENCES.get(name, {}).items():
        ref_table, ref_column = ref.split(".")
        fks.append({"fields": [column], "reference": {"resource": ref_table, "fields": [ref_column]}})
    if fks:
        schema["foreignKeys"] = fks
    return schema


def content_digest(encoded: dict[str, bytes]) -> str:
    """sha256 over the tables' names and file digests, in table order."""
    h = hashlib.sha256()
    for name in sorted(encoded, key=_table_order):
        h.update(f"{name}\0{hashlib.sha256(encoded[name]).hexdigest()}\n".encode())
    return h.hexdigest()


def corpus_version(encoded: dict[str, bytes]) -> str:
    """<package version>+<12 hex of the content digest>, e.g. 0.2.0+3f9c0a1b2c3d."""
    return f"{package_version()}+{content_digest(encoded)[:12]}"


def _table_order(name: str) -> tuple:
    names = list(TABLES)
    return (names.index(name) if name in names else len(names), name)


def descriptor(tables: dict[str, pa.Table], encoded: dict[str, bytes]) -> dict:
    meta = static_metadata()
    sources = tables["sources"].select(["source_path", "sha256", "status"]).to_pylist() if "sources" in tables else []
    resources = []
    for name in sorted(encoded, key=_table_order):
        resources.append({
            "name": name, "type": "table", "path": f"{name}.parquet", "format": "parquet", "mediatype": MEDIATYPE,
            "description": TABLES[name].description, "rows": tables[name].num_rows,
            "sha256": hashlib.sha256(encoded[name]).hexdigest(), "schema": table_schema(name)})
    return {
        "name": meta["name"], "title": meta["title"], "description": meta["description"],
        "version": corpus_version(encoded),
        "keywords": meta.get("keywords", []), "licenses": meta["licenses"],
        "created_with": {"name": PACKAGE, "version": package_version(), "pipeline_version": pipeline_version()},
        "content_sha256": content_digest(encoded),
        "sources": [{"title": s["source_path"], "sha256": s["sha256"], "status": s["status"]} for s in sources],
        "resources": resources,
    }


def dumps(desc: dict) -> bytes:
    return (json.dumps(desc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def build(tables: dict[str, pa.Table], encoded: dict[str, bytes]) -> bytes:
    """The bytes of datapackage.json for these tables."""
    return dumps(descriptor(tables, encoded))


def read(corpus_dir: Path) -> dict | None:
    """A corpus's datapackage.json, or None (a corpus written before it existed)."""
    try:
        return json.loads((Path(corpus_dir) / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
