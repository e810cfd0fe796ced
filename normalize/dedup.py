"""One evaluation, several files (a Word export and the final PDF, or two
text versions): one `reports` row, the others `duplicate`.

The same evaluation may also arrive as a full report and in a compilation
(a book printing only its area scores): the full report is primary whatever
its format, and the compilation's area scores are compared with it.

The primary is chosen by a documented rule, most trustworthy first:
  0. kind: a municipality's own report before a compilation;
  1. format: PDF, then DOCX, then text (the PDF is what was published);
  2. the later version: the later date in the file's own metadata (PDF and
     DOCX carry one; a file without a date comes after one with);
  3. the fuller reading: more sub-questions, area headings, evaluators and
     findings read (a complete export beats an export missing parts);
  4. the source path, so the choice never depends on the order files arrive.
"""
from __future__ import annotations

from dataclasses import dataclass

from .assemble import ReportRows

FORMAT_RANK = {"pdf": 0, "docx": 1, "text": 2}
KIND_RANK = {"report": 0, "compilation": 1}


@dataclass
class Candidate:
    source_path: str
    format: str
    rows: ReportRows
    date: str | None = None  # ISO 8601 from the file's metadata
    # What dedupe names this reading by: the file, or for one evaluation of a
    # compilation (a file of several) the file and the evaluation.
    entry: str = ""

    def __post_init__(self):
        if not self.entry:
            self.entry = entry_of(self.source_path, self.rows)


def entry_of(source_path: str, rows: ReportRows) -> str:
    """'book.txt' for a report's file; 'book.txt#0180-2009' for one
    evaluation of a compilation, whose file holds several."""
    if rows.report.source_kind == "report":
        return source_path
    return f"{source_path}#{rows.report.report_id}"


def path_of(entry: str, known_paths) -> str:
    """The file of an entry (a path may itself contain '#')."""
    if entry in known_paths:
        return entry
    head = entry.rsplit("#", 1)[0]
    return head if head in known_paths else entry


def _completeness(rows: ReportRows) -> int:
    r = rows.report
    return (len(rows.subquestions) * 4 + sum(1 for a in rows.areas if a.heading_name) * 2
            + len(r.evaluators) * 2 + len(rows.findings) + (1 if r.month else 0))


class _Later:
    """Sorts later ISO dates first and missing dates last."""

    def __init__(self, date: str | None):
        self.date = date or ""

    def __lt__(self, other: "_Later") -> bool:
        return self.date > other.date

    def __eq__(self, other) -> bool:
        return self.date == other.date


def primary_key(c: Candidate):
    return (KIND_RANK.get(c.rows.report.source_kind, 9), FORMAT_RANK.get(c.format, 9), _Later(c.date),
            -_completeness(c.rows), c.source_path, c.entry)


def area_differences(primary: ReportRows, other: ReportRows) -> list[str]:
    """A compilation prints area scores only: those are what it is compared on
    (an area it could not read is not a difference)."""
    ps = {a.area_no: a.score for a in primary.areas}
    os_ = {a.area_no: a.score for a in other.areas if a.score is not None}
    return [f"area {n}: {os_[n]:g} here vs {_fmt(ps.get(n))}" for n in sorted(os_)
            if ps.get(n) is None or abs(ps[n] - os_[n]) > 1e-9]


def _fmt(x: float | None) -> str:
    return "not read" if x is None else f"{x:g}"


def differences(primary: ReportRows, other: ReportRows, limit: int = 5) -> list[str]:
    """Human-readable differences in scores and findings between two readings."""
    if "compilation" in (primary.report.source_kind, other.report.source_kind):
        return area_differences(primary, other)
    out = []
    ps = {q.question_no: q.score for q in primary.subquestions}
    os_ = {q.question_no: q.score for q in other.subquestions}
    for qn in sorted(set(ps) | set(os_)):
        if ps.get(qn) != os_.get(qn):
            out.append(f"question {qn}: {os_.get(qn)} here vs {ps.get(qn)}")
    pf = {(f.area_no, f.kind, f.position): f.text for f in primary.findings}
    of = {(f.area_no, f.kind, f.position): f.text for f in other.findings}
    diff_f = [k for k in sorted(set(pf) | set(of)) if pf.get(k) != of.get(k)]
    for k in diff_f[:limit]:
        out.append(f"area {k[0]} {k[1]} {k[2]}: '{of.get(k, '')}' here vs '{pf.get(k, '')}'")
    if len(diff_f) > limit:
        out.append(f"... {len(diff_f) - limit} more findings differ")
    return out


def dedupe(cands: list[Candidate]) -> tuple[list[Candidate], dict[str, tuple[str, list[str]]]]:
    """Returns the primaries and, for every other reading (keyed by its
    entry: the file, or file#report_id for a compilation's evaluation),
    (the primary's entry, differences)."""
    by_id: dict[str, list[Candidate]] = {}
    for c in cands:
        by_id.setdefault(c.rows.report.report_id, []).append(c)
    primaries, dups = [], {}
    for rid in sorted(by_id):
        group = sorted(by_id[rid], key=primary_key)
        primaries.append(group[0])
        for other in group[1:]:
            dups[other.entry] = (group[0].entry, differences(group[0].rows, other.rows))
    return primaries, dups
