"""The explicit pyarrow schema of every corpus table (SPEC.md plus a few
documented extra columns). Rows are written in a fixed sort order so two runs
over the same inputs give byte-identical files."""
from __future__ import annotations

import pyarrow as pa

S, F, I = pa.string(), pa.float64(), pa.int64()
LS = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "sources": pa.schema([
        ("source_path", S), ("sha256", S), ("format", S), ("extraction", S), ("status", S),
        ("message", S), ("report_id", S), ("pages", I)]),
    "reports": pa.schema([
        ("report_id", S), ("municipality", S), ("municipality_code", S), ("year", I), ("month", I),
        ("revision", S), ("evaluators", LS), ("total_score", F), ("total_max", F), ("primary_source", S),
        ("status", S), ("issues", LS), ("source_sha256", S)]),
    "area_scores": pa.schema([
        ("report_id", S), ("area_no", I), ("area_name", S), ("heading_name", S), ("score", F), ("max", F),
        ("percent", F), ("header_score", F)]),
    "subquestion_scores": pa.schema([
        ("report_id", S), ("revision", S), ("area_no", I), ("question_no", S), ("label", S),
        ("question_id", S), ("match_score", F), ("score", F), ("max", F), ("percent", F),
        ("concept_id", S), ("page", I)]),
    "findings": pa.schema([
        ("report_id", S), ("area_no", I), ("kind", S), ("position", I), ("text", S), ("page", I)]),
    "questions": pa.schema([
        ("revision", S), ("question_id", S), ("area_no", I), ("question_no", S), ("label", S), ("max", F),
        ("area_name", S), ("concept_id", S)]),
    "crosswalk": pa.schema([
        ("question_id_a", S), ("question_id_b", S), ("relation", S), ("similarity", F), ("method", S),
        ("concept_id", S), ("rationale", S)]),
    "unlinked_questions": pa.schema([
        ("question_id", S), ("direction", S), ("other_revision", S), ("reason", S)]),
    "concept_scores": pa.schema([
        ("report_id", S), ("revision", S), ("concept_id", S), ("question_ids", LS), ("score", F),
        ("max", F), ("share", F), ("relations", LS), ("caveat", S)]),
}

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("source_path",),
    "reports": ("report_id",),
    "area_scores": ("report_id", "area_no"),
    "subquestion_scores": ("report_id", "_qorder"),
    "findings": ("report_id", "area_no", "_kind", "position"),
    "questions": ("revision", "_qorder"),
    "crosswalk": ("question_id_a", "question_id_b"),
    "concept_scores": ("report_id", "concept_id"),
    "unlinked_questions": ("question_id", "direction"),
}


def _qorder(qno: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in str(qno).split("."))


def to_table(name: str, rows: list[dict]) -> pa.Table:
    schema = SCHEMAS[name]
    keys = SORT_KEYS[name]

    def key(r):
        out = []
        for k in keys:
            if k == "_qorder":
                out.append(_qorder(r.get("question_no", "")))
            elif k == "_kind":
                out.append(0 if r.get("kind") == "strength" else 1)
            else:
                v = r.get(k)
                out.append((v is None, v if v is not None else ""))
        return out

    rows = sorted(rows, key=key)
    cols = {f.name: [r.get(f.name) for r in rows] for f in schema}
    return pa.Table.from_pydict(cols, schema=schema)
