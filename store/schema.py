"""The corpus tables: one typed row record per table, and from it the pyarrow
schema, the sort order and the data package (release/datapackage.py: types,
descriptions, required columns, primary and foreign keys) — one source of truth.

Each row class is a keyword-only slotted dataclass whose fields carry their
Arrow type (by name, `arrow_type(field)`; pyarrow itself is imported only
when a table is built, so worker processes never load it) and a description
in `metadata`, so a misspelt or missing column is
a TypeError where the row is built, not an all-null column in the output. The
writer also takes plain dicts (tests, tools), and then refuses any row whose
keys differ from the schema, naming the table and the keys.

Rows are written in a fixed sort order so two runs over the same inputs give
byte-identical files.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    import pyarrow as pa

# Column types by name; arrow_type() turns them into pyarrow types.
S, F, I, B, LS = "string", "float64", "int64", "bool", "list<string>"


class Status(str, Enum):
    """What became of one input file (sources.status) or one report (reports.status)."""
    OK = "ok"
    WARNING = "warning"
    DUPLICATE = "duplicate"
    NO_EVALUATION = "no_evaluation"
    SKIPPED = "skipped"
    FAILED = "failed"

    def __str__(self) -> str:
        return self.value


# Statuses in the order a steward reads them (summaries, the QA page).
STATUS_ORDER: tuple[Status, ...] = tuple(Status)


def col(type_name: str, doc: str, default: Any = dataclasses.MISSING) -> Any:
    """A column: its Arrow type (by name) and its description travel with the field."""
    meta = {"type": type_name, "doc": doc}
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


_ROW = dict(slots=True, kw_only=True)


@dataclass(**_ROW)
class SourceRow:
    source_path: str = col(S, "Path of the input file as given, or relative to the input folder it was found in.")
    sha256: str = col(S, "Hex SHA-256 digest of the file's bytes.")
    format: str | None = col(S, "File format: pdf, docx or text (null when the type is not supported).")
    extraction: str | None = col(S, "How the text was obtained: pdf-text, ocr, docx or text.")
    status: str = col(S, "ok, warning, duplicate, no_evaluation, skipped or failed.")
    message: str | None = col(S, "Why, for every status but ok; names the file, and the page or area where it can.")
    report_id: str | None = col(S, "The evaluation this file was parsed into (null if none).")
    pages: int | None = col(I, "Number of pages of a PDF (null for other formats).", None)
    report_ids: list[str] = col(LS, "Every evaluation the file was parsed into, in the order printed: one for a "
                                    "report, several for a compilation (report_id is the first); empty if none.", ())


@dataclass(**_ROW)
class ReportRow:
    report_id: str = col(S, "Stable id of the evaluation: <SCB kommunkod>-<year>, e.g. 0834-2021.")
    municipality: str | None = col(S, "Municipality evaluated, short form without 'kommun'/'stad', e.g. Torsås.")
    municipality_code: str | None = col(S, "SCB kommunkod, 4 digits, e.g. 0834 (null if the name did not resolve).")
    year: int | None = col(I, "Year of the evaluation.")
    month: int | None = col(I, "Month of the evaluation, null if not stated.")
    revision: str | None = col(S, "Instrument revision: 2002, 2010, 2016 or 2020 (= the 2019/2020 revision).")
    evaluators: list[str] = col(LS, "Evaluators' names as printed.")
    total_score: float | None = col(F, "Sum of the 8 area scores.")
    total_max: float | None = col(F, "Maximum total score (800).")
    primary_source: str = col(S, "source_path of the file the rows come from (the others of this evaluation are duplicates).")
    status: str = col(S, "ok or warning (any warning in issues).")
    issues: list[str] = col(LS, "Every validation finding, each starting with its severity and subject: "
                                "'warning: question 3.4: ...', 'warning: area 3: ...', 'warning: total: ...', 'note: ...'.")
    source_sha256: str = col(S, "SHA-256 of the primary source file.")
    source_kind: str = col(S, "report (the municipality's own evaluation report) or compilation (area-level scores "
                              "printed in a book that summarises several evaluations).", "report")


@dataclass(**_ROW)
class AreaScoreRow:
    report_id: str = col(S, "The report (reports.report_id).")
    area_no: int = col(I, "Area number, 1-8.")
    area_name: str | None = col(S, "Area name as printed in the score table (else in the section heading).")
    heading_name: str | None = col(S, "Area name as printed in the area's section heading.")
    score: float | None = col(F, "Points achieved in the area (the score table's total row).")
    max: float | None = col(F, "Maximum points of the area (100).")
    percent: float | None = col(F, "Percent as printed, null if the revision prints none.")
    header_score: float | None = col(F, "The score printed in the area section's 'Poäng' box.")
    confidence: float | None = col(F, "OCR confidence of the score (0-1); null when read from a text layer.", None)


@dataclass(**_ROW)
class SubquestionScoreRow:
    report_id: str = col(S, "The report (reports.report_id).")
    revision: str | None = col(S, "Instrument revision, as in reports.")
    area_no: int = col(I, "Area number, 1-8.")
    question_no: str = col(S, "Sub-question number as printed, e.g. 3.4.")
    label: str = col(S, "Sub-question label as printed, whitespace collapsed, wrapped lines joined.")
    question_id: str | None = col(S, "Canonical id in its revision: <revision>:<question_no> (questions.question_id).")
    match_score: float | None = col(F, "0-100 similarity of the printed label to the canonical label (rapidfuzz).")
    score: float = col(F, "Points achieved, as printed.")
    max: float = col(F, "Maximum points, as printed.")
    percent: float | None = col(F, "Percent as printed, null where the revision prints none.")
    concept_id: str | None = col(S, "Harmonised cross-revision concept (concepts.concept_id), null if none.")
    page: int | None = col(I, "1-based page of the source where the row was read (null for inputs without pages).")
    confidence: float | None = col(F, "OCR confidence of the score (0-1); null when read from a text layer.", None)


@dataclass(**_ROW)
class FindingRow:
    report_id: str = col(S, "The report (reports.report_id).")
    area_no: int = col(I, "Area number, 1-8.")
    kind: str = col(S, "strength (Styrkor) or improvement (Förbättringsmöjligheter / Förbättringsområden).")
    position: int = col(I, "1-based order within the area and kind, as in the report.")
    text: str = col(S, "One item as printed: whitespace collapsed, wrapped lines and layout hyphenation joined, "
                       "bullets and markup removed, the report's own spelling kept.")
    page: int | None = col(I, "1-based page where the item starts (null for inputs without pages).")
    segmentation: str = col(S, "certain where a bullet, a cell or a clear gap marks the item's boundaries; "
                               "inferred where they are a guess (the report is then warning).", "certain")
    confidence: float | None = col(F, "OCR confidence of the text (0-1); null when read from a text layer.", None)


@dataclass(**_ROW)
class ReferenceScoreRow:
    source_path: str = col(S, "The compilation the values are printed in (sources.source_path).")
    report_id: str = col(S, "The evaluation the values are printed beside (reports.report_id).")
    table: str | None = col(S, "The table as labelled in the source, e.g. 'Tabell 1'.")
    year: int | None = col(I, "Year of the evaluation the values are printed beside (the later one in a table "
                              "comparing two evaluations).")
    revision: str | None = col(S, "Instrument revision of the table's areas: 2002, 2010, 2016 or 2020.")
    area_no: int = col(I, "Area number, 1-8.")
    area_name: str | None = col(S, "Area name as printed in the table's row.")
    statistic: str = col(S, "What the value is: median (or mean), as the column heading says.")
    value: float = col(F, "The value as printed (comma decimals read as decimals).")
    population: str | None = col(S, "Whom the statistic describes, as printed beside the table (e.g. 'de kommuner "
                                     "som utvärderats'); null when not printed.")
    columns_inferred: bool = col(B, "True when the table's year headings were lost, so its score columns were "
                                    "assigned to the title's years oldest first, before the printed reference "
                                    "column (README, Compilations).")
    page: int | None = col(I, "1-based page of the row (null for inputs without pages).")


@dataclass(**_ROW)
class QuestionRow:
    revision: str = col(S, "Instrument revision: 2002, 2010, 2016 or 2020.")
    question_id: str = col(S, "Canonical id: <revision>:<question_no>.")
    area_no: int = col(I, "Area number, 1-8.")
    question_no: str = col(S, "Sub-question number, e.g. 3.4.")
    label: str = col(S, "Canonical label (the printed one with obvious typos fixed).")
    max: float | None = col(F, "Maximum points (null for 2002: the framework prints none).")
    area_name: str | None = col(S, "Canonical name of the area in this revision.")
    concept_id: str | None = col(S, "Harmonised concept the question carries, null if none.")


@dataclass(**_ROW)
class CrosswalkRow:
    question_id_a: str = col(S, "The older revision's question (questions.question_id).")
    question_id_b: str = col(S, "The newer revision's question (questions.question_id).")
    relation: str = col(S, "same, reworded, split, merged or partial.")
    similarity: float = col(F, "0-100 text similarity of the two canonical labels.")
    method: str = col(S, "curated (reviewed by hand) or fuzzy.")
    concept_id: str | None = col(S, "The shared concept (concepts.concept_id).")
    rationale: str | None = col(S, "One line on why the link holds.")


@dataclass(**_ROW)
class UnlinkedQuestionRow:
    question_id: str = col(S, "A question without a counterpart in the adjacent revision (questions.question_id).")
    direction: str = col(S, "backward (no counterpart in the older revision) or forward (in the newer).")
    other_revision: str | None = col(S, "The adjacent revision looked at.")
    reason: str = col(S, "The reviewer's reason.")


@dataclass(**_ROW)
class ConceptScoreRow:
    report_id: str = col(S, "The report (reports.report_id).")
    revision: str | None = col(S, "The report's instrument revision.")
    concept_id: str = col(S, "Harmonised concept (concepts.concept_id).")
    question_ids: list[str] = col(LS, "The report's questions that carry the concept.")
    score: float = col(F, "Sum of their points.")
    max: float = col(F, "Sum of their maxima.")
    share: float | None = col(F, "score / max: comparable across revisions within the caveat.")
    relations: list[str] = col(LS, "Crosswalk relations on the questions' links (same, reworded, split, merged, partial).")
    caveat: str | None = col(S, "What to keep in mind when comparing this concept across revisions.")


@dataclass(**_ROW)
class ConceptRow:
    concept_id: str = col(S, "Harmonised cross-revision concept: an English slug, e.g. citizen_dialogue.")
    label_sv: str = col(S, "Swedish label, close to the wording of the questions that carry the concept.")
    label_en: str = col(S, "English label.")
    definition: str = col(S, "What the concept is about, in one English sentence.")
    revisions: list[str] = col(LS, "The instrument revisions with a question that carries the concept, oldest first.")
    question_ids: list[str] = col(LS, "Every revision's questions that carry the concept (questions.question_id), "
                                      "in catalogue order.")
    weakest_relation: str = col(S, "The weakest crosswalk relation on the concept's chain of links "
                                   "(same < reworded < split/merged < partial).")
    relations: list[str] = col(LS, "Every crosswalk relation on the concept's chain of links.")


@dataclass(**_ROW)
class ConceptComparabilityRow:
    concept_id: str = col(S, "Harmonised concept (concepts.concept_id).")
    revision_a: str = col(S, "The older revision of the pair (or the same one).")
    revision_b: str = col(S, "The newer revision of the pair (or the same one).")
    question_ids_a: list[str] = col(LS, "Revision a's questions that carry the concept.")
    question_ids_b: list[str] = col(LS, "Revision b's questions that carry the concept.")
    relation: str = col(S, "How the concept compares between the two revisions: the weakest relation on the links "
                           "between them (same, reworded, split, merged; partial = indicative only); same within "
                           "one revision.")
    relations: list[str] = col(LS, "Every crosswalk relation on the links between the two revisions.")
    caveat: str | None = col(S, "What to keep in mind when comparing the concept between the two revisions "
                                "(null when the questions are the same).")


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    row: type
    description: str
    sort_key: Callable[[Any], tuple]
    primary_key: tuple[str, ...]


def _qorder(qno: str | None) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in str(qno or "").split("."))


def _nulls_last(v) -> tuple:
    return (v is None, v if v is not None else "")


_KIND_ORDER = {"strength": 0, "improvement": 1}

TABLES: dict[str, TableSpec] = {t.name: t for t in (
    TableSpec("sources", SourceRow, "One row per input file: what became of it and why.",
              lambda r: (r.source_path,), ("source_path",)),
    TableSpec("reports", ReportRow, "One row per evaluation (files of the same evaluation give one row).",
              lambda r: (r.report_id,), ("report_id",)),
    TableSpec("area_scores", AreaScoreRow, "One row per report and area.",
              lambda r: (r.report_id, r.area_no), ("report_id", "area_no")),
    TableSpec("subquestion_scores", SubquestionScoreRow, "One row per report and sub-question.",
              lambda r: (r.report_id, _qorder(r.question_no)), ("report_id", "question_no")),
    TableSpec("findings", FindingRow, "Strengths and improvement suggestions, one row per item.",
              lambda r: (r.report_id, r.area_no, _KIND_ORDER.get(r.kind, 9), r.position),
              ("report_id", "area_no", "kind", "position")),
    TableSpec("reference_scores", ReferenceScoreRow, "Reference values (the median of evaluated municipalities) "
              "printed beside a municipality's area scores in a compilation.",
              lambda r: (r.source_path, r.report_id, r.area_no, r.statistic),
              ("source_path", "report_id", "area_no", "statistic")),
    TableSpec("questions", QuestionRow, "The catalogue of every revision's sub-questions.",
              lambda r: (r.revision, _qorder(r.question_no)), ("question_id",)),
    TableSpec("crosswalk", CrosswalkRow, "Reviewed links between sub-questions of adjacent revisions.",
              lambda r: (r.question_id_a, r.question_id_b), ("question_id_a", "question_id_b")),
    TableSpec("concept_scores", ConceptScoreRow, "Scores per report and harmonised concept.",
              lambda r: (r.report_id, r.concept_id), ("report_id", "concept_id")),
    TableSpec("unlinked_questions", UnlinkedQuestionRow, "Questions without a counterpart in an adjacent revision.",
              lambda r: (r.question_id, r.direction), ("question_id", "direction")),
    TableSpec("concepts", ConceptRow, "The harmonised concepts of the crosswalk: labels, definition, questions.",
              lambda r: (r.concept_id,), ("concept_id",)),
    TableSpec("concept_comparability", ConceptComparabilityRow,
              "For every concept and pair of revisions that carry it, how it compares between them.",
              lambda r: (r.concept_id, r.revision_a, r.revision_b), ("concept_id", "revision_a", "revision_b")),
)}

# Foreign keys: table -> {column: "table.column" it refers to}. A null value
# refers to nothing (e.g. sources.report_id of a skipped file).
REFERENCES: dict[str, dict[str, str]] = {
    "sources": {"report_id": "reports.report_id"},
    "reports": {"primary_source": "sources.source_path"},
    "area_scores": {"report_id": "reports.report_id"},
    "subquestion_scores": {"report_id": "reports.report_id", "question_id": "questions.question_id",
                           "concept_id": "concepts.concept_id"},
    "findings": {"report_id": "reports.report_id"},
    "questions": {"concept_id": "concepts.concept_id"},
    "crosswalk": {"question_id_a": "questions.question_id", "question_id_b": "questions.question_id",
                  "concept_id": "concepts.concept_id"},
    "concept_scores": {"report_id": "reports.report_id", "concept_id": "concepts.concept_id"},
    "unlinked_questions": {"question_id": "questions.question_id"},
    "concept_comparability": {"concept_id": "concepts.concept_id"},
}


def fields_of(name: str) -> tuple[dataclasses.Field, ...]:
    return dataclasses.fields(TABLES[name].row)


def nullable(f: dataclasses.Field) -> bool:
    """May the column hold nulls? (Its annotation admits None.)"""
    return "None" in str(f.type)


def arrow_type(f: dataclasses.Field) -> "pa.DataType":
    import pyarrow as pa
    return {S: pa.string(), F: pa.float64(), I: pa.int64(), B: pa.bool_(), LS: pa.list_(pa.string())}[f.metadata["type"]]


@cache
def arrow_schema(name: str) -> "pa.Schema":
    import pyarrow as pa
    return pa.schema([(f.name, arrow_type(f)) for f in fields_of(name)])


def __getattr__(attr: str):
    """SCHEMAS (name -> pyarrow schema), built on first use."""
    if attr == "SCHEMAS":
        return {name: arrow_schema(name) for name in TABLES}
    raise AttributeError(attr)


class SchemaError(ValueError):
    """A row does not fit its table: the message names the table and the keys."""


class _DictRow:
    """A dict row seen through attribute access, for the sort keys."""
    __slots__ = ("_d",)

    def __init__(self, d: dict):
        self._d = d

    def __getattr__(self, k):
        return self._d[k]


def _check_dict(name: str, row: dict, names: list[str]) -> None:
    keys = set(row)
    if keys != set(names):
        unknown, missing = sorted(keys - set(names)), sorted(set(names) - keys)
        parts = ([f"unknown key(s) {', '.join(unknown)}"] if unknown else []) + \
                ([f"missing key(s) {', '.join(missing)}"] if missing else [])
        raise SchemaError(f"table {name}: a row has {' and '.join(parts)}")


def to_table(name: str, rows: list) -> "pa.Table":
    """Rows (the table's row records, or dicts with exactly its keys) -> a
    pyarrow Table with the table's schema, in the table's sort order."""
    spec = TABLES.get(name)
    if spec is None:
        raise SchemaError(f"no table named {name!r}; known: {', '.join(TABLES)}")
    names = [f.name for f in fields_of(name)]
    views = []
    for r in rows:
        if isinstance(r, dict):
            _check_dict(name, r, names)
            views.append((_DictRow(r), r.__getitem__))
        elif isinstance(r, spec.row):
            views.append((r, r.__getattribute__))
        else:
            raise SchemaError(f"table {name}: a row is a {type(r).__name__}, not a {spec.row.__name__}")
    views.sort(key=lambda v: tuple(_nulls_last(x) if not isinstance(x, tuple) else x
                                   for x in spec.sort_key(v[0])))
    cols = {n: [get(n) for _, get in views] for n in names}
    import pyarrow as pa
    return pa.Table.from_pydict(cols, schema=arrow_schema(name))
