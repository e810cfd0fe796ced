"""The table contract: typed row records, and a writer that refuses rows whose
keys differ from the schema (a misspelt key must never become a null column)."""
from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from store.schema import SCHEMAS, TABLES, SchemaError, SourceRow, arrow_type, fields_of, to_table


def _source(**kw):
    row = dict(source_path="a.txt", sha256="0" * 64, format="text", extraction="text", status="ok",
               message=None, report_id=None, pages=None, report_ids=[])
    row.update(kw)
    return row


def test_a_misspelt_key_fails_the_write_naming_table_and_key():
    bad = _source()
    bad["mesage"] = bad.pop("message")
    with pytest.raises(SchemaError) as e:
        to_table("sources", [_source(), bad])
    assert "sources" in str(e.value) and "mesage" in str(e.value) and "message" in str(e.value)


def test_a_missing_key_fails_too():
    bad = _source()
    del bad["pages"]
    with pytest.raises(SchemaError, match=r"table sources: .*missing key\(s\) pages"):
        to_table("sources", [bad])


def test_a_row_record_cannot_be_built_with_a_misspelt_field():
    with pytest.raises(TypeError):
        SourceRow(source_path="a", sha256="b", format=None, extraction=None, status="ok", mesage=None,
                  report_id=None)


def test_row_records_and_dicts_give_the_same_table_in_a_fixed_order():
    recs = [SourceRow(**_source(source_path=p)) for p in ("b.txt", "a.txt")]
    t1 = to_table("sources", recs)
    t2 = to_table("sources", [dataclasses.asdict(r) for r in reversed(recs)])
    assert t1.equals(t2) and t1.column("source_path").to_pylist() == ["a.txt", "b.txt"]
    assert t1.schema == SCHEMAS["sources"]


def test_every_column_has_a_type_and_a_description():
    for name in TABLES:
        for f in fields_of(name):
            assert isinstance(arrow_type(f), pa.DataType), (name, f.name)
            assert len(f.metadata["doc"]) > 10, (name, f.name)
