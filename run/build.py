"""From per-file results to the rows of every corpus table: deduplicate
evaluations, fill the sources table and the catalogue tables (questions,
crosswalk, concept_scores, concepts and how each compares between
revisions). Each report was assembled in its worker.

A compilation (a book printing several evaluations' area scores) gives
several reports from one file: its sources row names the first in
`report_id` and all of them in `report_ids`; its status is the worst of the
reports it is primary for (`duplicate` when a full report or another file is
primary for all of them), and its message lists, per evaluation, the warnings
or the differences from the primary."""
from __future__ import annotations

from dataclasses import dataclass, field

from normalize import catalogue, codebook, crosswalk
from normalize.assemble import ReportRows
from normalize.concepts import concept_scores
from normalize.dedup import Candidate, dedupe, entry_of, path_of
from normalize.issues import note
from store.schema import ReferenceScoreRow, SourceRow, Status

from .files import InputFile
from .one_file import FileResult


@dataclass
class Corpus:
    tables: dict[str, list] = field(default_factory=dict)  # table name -> its row records
    reports: list[ReportRows] = field(default_factory=list)
    # A duplicate reading -> (the primary's reading, differences); a reading is
    # its file's source_path, or "<source_path>#<report_id>" for one evaluation
    # of a compilation (normalize.dedup.entry_of).
    duplicates: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    paths: dict = field(default_factory=dict)  # source_path -> file on disk (the QA page renders PDF pages)
    images: dict = field(default_factory=dict)  # report_id -> its PDF's marked page pictures (run/pictures.py)


def _warnings(rows: ReportRows) -> list[str]:
    return [i.text[len("warning: "):] for i in rows.issues if i.is_warning]


def _message(name: str, rows: ReportRows, reader_notes: list[str]) -> str | None:
    """A source's message: its report's warnings, and what the reader worked around."""
    warns = _warnings(rows)
    parts = []
    if warns:
        parts.append(f"{len(warns)} warning(s): " + "; ".join(warns))
    parts += reader_notes
    return f"{name}: " + "; ".join(parts) if parts else None


def _reports_of(r: FileResult) -> list[ReportRows]:
    if r.compilation is not None:
        return list(r.compilation.reports)
    return [r.rows] if r.rows is not None else []


def _reading(entry: str, paths) -> str:
    """How a message names a reading: the file, '(a compilation)' for one
    evaluation of a compilation."""
    path = path_of(entry, paths)
    return path if path == entry else f"{path} (a compilation)"


def build(results: list[tuple[InputFile, FileResult]]) -> Corpus:
    cands: list[Candidate] = []
    sources: dict[str, SourceRow] = {}
    notes: dict[str, list[str]] = {}
    compilations: dict[str, FileResult] = {}
    for f, r in results:
        # a parsed file's status is its report's (or duplicate), set below
        row = SourceRow(source_path=f.source_path, sha256=f.sha256, format=r.format, extraction=r.extraction,
                        status=str(r.outcome), message=f"{f.source_path}: {r.message}" if r.message else None,
                        report_id=None, pages=r.pages, report_ids=[])
        for rows in _reports_of(r):
            rows.report.primary_source = f.source_path
            row.report_ids.append(rows.report.report_id)
            cands.append(Candidate(f.source_path, r.format, rows, r.document_date))
        row.report_id = row.report_ids[0] if row.report_ids else None
        notes[f.source_path] = r.reader_notes
        if r.compilation is not None:
            compilations[f.source_path] = r
        sources[f.source_path] = row

    primaries, dups = dedupe(cands)
    corpus = Corpus(duplicates=dups, paths={f.source_path: f.path for f, _ in results})
    for c in primaries:
        others = [e for e, (prim, _) in dups.items() if prim == c.entry]
        if others:
            c.rows.add_issue(note("duplicates", f"also read from {', '.join(sorted(_reading(e, sources) for e in others))} "
                                                f"(duplicate files of this evaluation)"))
        corpus.reports.append(c.rows)
        if c.source_path not in compilations:
            row = sources[c.source_path]
            row.status = c.rows.report.status
            row.message = _message(c.source_path, c.rows, notes[c.source_path])
    for entry, (prim, diffs) in dups.items():
        path = path_of(entry, sources)
        if path in compilations:
            continue
        row = sources[path]
        row.status = str(Status.DUPLICATE)
        detail = "; differences: " + "; ".join(diffs) if diffs else "; no differences in scores or findings"
        row.message = f"{path}: same evaluation ({row.report_id}) as {_reading(prim, sources)}, which is used{detail}"
    for path, r in compilations.items():
        _compilation_source(sources[path], r, [c for c in primaries if c.source_path == path], dups, sources)

    t = corpus.tables
    t["sources"] = list(sources.values())
    t["reports"] = [r.report for r in corpus.reports]
    t["area_scores"] = [a for r in corpus.reports for a in r.areas]
    t["subquestion_scores"] = [q for r in corpus.reports for q in r.subquestions]
    t["findings"] = [x for r in corpus.reports for x in r.findings]
    t["reference_scores"] = _references(compilations, sources)
    t["questions"] = catalogue.question_rows(crosswalk.concept_of)
    t["crosswalk"] = crosswalk.crosswalk_rows()
    t["concept_scores"] = [c for r in corpus.reports for c in concept_scores(r)]
    t["unlinked_questions"] = crosswalk.unlinked_rows()
    t["concepts"] = codebook.concept_rows()
    t["concept_comparability"] = codebook.comparability_rows()
    return corpus


def _compilation_source(row: SourceRow, r: FileResult, primaries: list[Candidate], dups: dict, sources) -> None:
    """Status and message of a compilation's sources row (see the module doc)."""
    comp = r.compilation
    parts: list[str] = []
    statuses = []
    mine = {c.entry: c for c in primaries}
    for rows in comp.reports:
        entry = entry_of(row.source_path, rows)
        rid = rows.report.report_id
        if entry in mine:
            statuses.append(rows.report.status)
            warns = _warnings(rows)
            if warns:
                parts.append(f"{rid}: {len(warns)} warning(s): " + "; ".join(warns))
        elif entry in dups:
            prim, diffs = dups[entry]
            detail = "; differences: " + "; ".join(diffs) if diffs else "; no differences in area scores"
            parts.append(f"{rid}: same evaluation as {_reading(prim, sources)}, which is used{detail}")
    table_warnings = [i.text[len("warning: "):] for i in comp.issues if i.is_warning]
    parts += table_warnings
    parts += r.reader_notes
    if not statuses:
        row.status = str(Status.DUPLICATE)
    elif table_warnings or Status.WARNING in statuses:
        row.status = str(Status.WARNING)
    else:
        row.status = str(Status.OK)
    row.message = f"{row.source_path}: compilation of {len(comp.reports)} evaluation(s): " + " | ".join(parts) \
        if parts else None


def _references(compilations: dict[str, FileResult], sources) -> list[ReferenceScoreRow]:
    """Every compilation's reference values, under its source_path; a second
    byte-identical copy of a book adds none."""
    out: list[ReferenceScoreRow] = []
    seen: set[str] = set()
    for path in sorted(compilations):
        sha = sources[path].sha256
        if sha in seen:
            continue
        seen.add(sha)
        for ref in compilations[path].compilation.references:
            ref.source_path = path
            out.append(ref)
    return out
