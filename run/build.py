"""From per-file results to the rows of every corpus table: assemble each
parsed report, deduplicate evaluations, fill the sources table and the
catalogue tables (questions, crosswalk, concept_scores)."""
from __future__ import annotations

from dataclasses import dataclass, field

from normalize import catalogue, crosswalk
from normalize.assemble import ReportRows, assemble
from normalize.concepts import concept_scores
from normalize.dedup import Candidate, dedupe

from .files import InputFile
from .one_file import FileResult


@dataclass
class Corpus:
    tables: dict[str, list[dict]] = field(default_factory=dict)
    reports: list[ReportRows] = field(default_factory=list)
    duplicates: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    paths: dict = field(default_factory=dict)  # source_path -> file on disk (the QA page renders PDF pages)


def _warnings_message(name: str, issues: list[str]) -> str | None:
    warns = [i[len("warning: "):] for i in issues if i.startswith("warning")]
    if not warns:
        return None
    return f"{name}: {len(warns)} warning(s): " + "; ".join(warns)


def build(results: list[tuple[InputFile, FileResult]]) -> Corpus:
    cands: list[Candidate] = []
    sources: dict[str, dict] = {}
    for f, r in results:
        row = dict(source_path=f.source_path, sha256=f.sha256, format=r.format, extraction=r.extraction,
                   status=r.status, message=r.message, report_id=None, pages=r.pages)
        if r.status == "parsed":
            try:
                rows = assemble(r.report, f.source_path, f.sha256)
            except Exception as e:  # one report's bad data must not stop the corpus
                row.update(status="failed", message=f"{f.source_path}: could not be normalised "
                                                    f"({type(e).__name__}: {e})")
            else:
                row["report_id"] = rows.report["report_id"]
                cands.append(Candidate(f.source_path, r.format, rows, r.document_date))
        sources[f.source_path] = row

    primaries, dups = dedupe(cands)
    corpus = Corpus(duplicates=dups, paths={f.source_path: f.path for f, _ in results})
    for c in primaries:
        row = sources[c.source_path]
        issues = c.rows.report["issues"]
        others = [p for p, (prim, _) in dups.items() if prim == c.source_path]
        if others:
            issues.append(f"note: also read from {', '.join(sorted(others))} (duplicate files of this evaluation)")
        row["status"] = c.rows.report["status"]
        row["message"] = _warnings_message(c.source_path, issues)
        corpus.reports.append(c.rows)
    for path, (prim, diffs) in dups.items():
        row = sources[path]
        row["status"] = "duplicate"
        detail = "; differences: " + "; ".join(diffs) if diffs else "; no differences in scores or findings"
        row["message"] = f"{path}: same evaluation ({row['report_id']}) as {prim}, which is used{detail}"

    t = corpus.tables
    t["sources"] = list(sources.values())
    t["reports"] = [r.report for r in corpus.reports]
    t["area_scores"] = [a for r in corpus.reports for a in r.areas]
    t["subquestion_scores"] = [q for r in corpus.reports for q in r.subquestions]
    t["findings"] = [x for r in corpus.reports for x in r.findings]
    t["questions"] = catalogue_rows()
    t["crosswalk"] = crosswalk_rows()
    t["concept_scores"] = [c for r in corpus.reports for c in concept_scores(r)]
    t["unlinked_questions"] = unlinked_rows()
    return corpus


def catalogue_rows() -> list[dict]:
    names = {rev: catalogue.area_names(rev) for rev in {q.revision for q in catalogue.questions()}}
    return [dict(revision=q.revision, question_id=q.question_id, area_no=q.area_no, question_no=q.question_no,
                 label=q.label, max=q.max, area_name=(names[q.revision].get(q.area_no) or [None])[0],
                 concept_id=crosswalk.concept_of(q.question_id)) for q in catalogue.questions()]


def crosswalk_rows() -> list[dict]:
    labels = {q.question_id: q.label for q in catalogue.questions()}
    return [dict(question_id_a=l.question_id_a, question_id_b=l.question_id_b, relation=l.relation,
                 similarity=round(crosswalk.similarity(labels[l.question_id_a], labels[l.question_id_b]), 2),
                 method="curated", concept_id=l.concept_id, rationale=l.rationale)
            for l in crosswalk.load_crosswalk()]


def unlinked_rows() -> list[dict]:
    """Questions with no counterpart in an adjacent revision, with the reviewer's reason."""
    rows = []
    for u in crosswalk.load_unlinked():
        rev = u.question_id.split(":")[0]
        other = crosswalk.adjacent(rev).get(u.direction)
        rows.append(dict(question_id=u.question_id, direction=u.direction, other_revision=other, reason=u.reason))
    return rows
