"""From per-file results to the rows of every corpus table: deduplicate
evaluations, fill the sources table and the catalogue tables (questions,
crosswalk, concept_scores, concepts and how each compares between
revisions). Each report was assembled in its worker."""
from __future__ import annotations

from dataclasses import dataclass, field

from normalize import catalogue, codebook, crosswalk
from normalize.assemble import ReportRows
from normalize.concepts import concept_scores
from normalize.dedup import Candidate, dedupe
from normalize.issues import note
from store.schema import SourceRow, Status

from .files import InputFile
from .one_file import FileResult


@dataclass
class Corpus:
    tables: dict[str, list] = field(default_factory=dict)  # table name -> its row records
    reports: list[ReportRows] = field(default_factory=list)
    duplicates: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    paths: dict = field(default_factory=dict)  # source_path -> file on disk (the QA page renders PDF pages)


def _message(name: str, rows: ReportRows, reader_notes: list[str]) -> str | None:
    """A source's message: its report's warnings, and what the reader worked around."""
    warns = [i.text[len("warning: "):] for i in rows.issues if i.is_warning]
    parts = []
    if warns:
        parts.append(f"{len(warns)} warning(s): " + "; ".join(warns))
    parts += reader_notes
    return f"{name}: " + "; ".join(parts) if parts else None


def build(results: list[tuple[InputFile, FileResult]]) -> Corpus:
    cands: list[Candidate] = []
    sources: dict[str, SourceRow] = {}
    notes: dict[str, list[str]] = {}
    for f, r in results:
        # a parsed file's status is its report's (or duplicate), set below
        row = SourceRow(source_path=f.source_path, sha256=f.sha256, format=r.format, extraction=r.extraction,
                        status=str(r.outcome), message=f"{f.source_path}: {r.message}" if r.message else None,
                        report_id=None, pages=r.pages)
        if r.rows is not None:
            r.rows.report.primary_source = f.source_path
            row.report_id = r.rows.report.report_id
            cands.append(Candidate(f.source_path, r.format, r.rows, r.document_date))
            notes[f.source_path] = r.reader_notes
        sources[f.source_path] = row

    primaries, dups = dedupe(cands)
    corpus = Corpus(duplicates=dups, paths={f.source_path: f.path for f, _ in results})
    for c in primaries:
        row = sources[c.source_path]
        others = [p for p, (prim, _) in dups.items() if prim == c.source_path]
        if others:
            c.rows.add_issue(note("duplicates", f"also read from {', '.join(sorted(others))} "
                                                f"(duplicate files of this evaluation)"))
        row.status = c.rows.report.status
        row.message = _message(c.source_path, c.rows, notes[c.source_path])
        corpus.reports.append(c.rows)
    for path, (prim, diffs) in dups.items():
        row = sources[path]
        row.status = str(Status.DUPLICATE)
        detail = "; differences: " + "; ".join(diffs) if diffs else "; no differences in scores or findings"
        row.message = f"{path}: same evaluation ({row.report_id}) as {prim}, which is used{detail}"

    t = corpus.tables
    t["sources"] = list(sources.values())
    t["reports"] = [r.report for r in corpus.reports]
    t["area_scores"] = [a for r in corpus.reports for a in r.areas]
    t["subquestion_scores"] = [q for r in corpus.reports for q in r.subquestions]
    t["findings"] = [x for r in corpus.reports for x in r.findings]
    t["questions"] = catalogue.question_rows(crosswalk.concept_of)
    t["crosswalk"] = crosswalk.crosswalk_rows()
    t["concept_scores"] = [c for r in corpus.reports for c in concept_scores(r)]
    t["unlinked_questions"] = crosswalk.unlinked_rows()
    t["concepts"] = codebook.concept_rows()
    t["concept_comparability"] = codebook.comparability_rows()
    return corpus
