"""Turns a parsed report into the rows of the corpus tables, as a sequence of
named steps: detect the revision, resolve the municipality, repair what the
report leaves out, validate, then build the rows (question ids and match
scores against the revision's catalogue, concept ids from the crosswalk)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from parsers.records import ParsedReport
from store.schema import AreaScoreRow, FindingRow, ReportRow, Status, SubquestionScoreRow

from . import catalogue, crosswalk, municipalities, revision
from .issues import Issue, has_warning, note, warning
from .reconcile import reconcile
from .repair import TOTAL_MAX, fill_area_totals
from .validate import validate

# Below this similarity a printed label is not trusted to be the catalogue's question.
MATCH_WARNING = 80.0


@dataclass
class ReportRows:
    report: ReportRow
    areas: list[AreaScoreRow] = field(default_factory=list)
    subquestions: list[SubquestionScoreRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # the records behind report.issues

    def add_issue(self, issue: Issue) -> None:
        """An issue found after assembly (e.g. by deduplication)."""
        self.issues.append(issue)
        self.report.issues.append(issue.text)
        if issue.is_warning:
            self.report.status = str(Status.WARNING)


def slug(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "unknown"


def report_id_of(code: str | None, name: str | None, year: int | None, sha256: str) -> str:
    if code and year:
        return f"{code}-{year}"
    return f"{slug(name or 'unknown')}-{year or sha256[:8]}"


def assemble(parsed: ParsedReport, sha256: str, reader_notes: list[str] = ()) -> ReportRows:
    """The rows of one report; `primary_source` is left for the run to fill in
    (a result is cached by content and may serve any byte-identical copy)."""
    meta = parsed.meta
    rev = revision.detect(parsed)
    parsed, readings = reconcile(parsed, rev.revision)  # OCR'd numbers checked against each other
    areas, repairs = fill_area_totals(parsed)
    issues: list[Issue] = list(rev.issues) + readings + repairs + validate(parsed, areas)
    issues += [note("reader", n) for n in reader_notes]

    name, code = municipalities.resolve_candidates(meta.municipality_candidates, meta.title_text)
    if code is None:
        issues.append(warning("municipality_unknown", f"municipality {name!r} not found in the SCB table")
                      if name else warning("municipality_missing", "no municipality named in the report"))
    named = {(municipalities.resolve(c) or (municipalities.clean_printed(c), None))[0]
             for c in meta.municipality_candidates if c and c.strip()}
    if len({n.casefold().removesuffix("s") for n in named if n}) > 1:  # (a genitive -s of a name unknown to SCB)
        # the title and the text name different municipalities: a template
        # copied from another report, or two reports mixed; which is right is
        # for a person to see
        issues.append(warning("municipality_conflict", f"municipality: the title and the text name different "
                                                       f"municipalities ({', '.join(sorted(n for n in named if n))}); "
                                                       f"{name} is used"))
    if meta.year is None:
        issues.append(warning("year_missing", "no evaluation year found"))
    issues += revision.year_issues(meta.year, rev.revision)
    report_id = report_id_of(code, name, meta.year, sha256)
    rev_id = rev.revision

    area_rows = []
    for a in areas:
        if a.area_no in range(1, 9) and a.name:
            no, _score = catalogue.match_area(rev_id, a.name)
            if no != a.area_no:
                issues.append(warning("area_name", f"printed as '{a.name}', which is not that area's name in the "
                                                   f"{rev_id} revision", area=a.area_no))
        area_rows.append(AreaScoreRow(report_id=report_id, area_no=a.area_no, area_name=a.name or a.heading_name,
                                      heading_name=a.heading_name, score=a.score, max=a.max, percent=a.percent,
                                      header_score=a.header_score, confidence=a.confidence))

    sub_rows = []
    for q in parsed.subquestions:
        qid, ms = catalogue.match_question(rev_id, q.question_no, q.label)
        if qid is None:
            issues.append(warning("question_unknown", f"not in the {rev_id} catalogue", question=q.question_no))
        elif ms < MATCH_WARNING:
            issues.append(warning("label_mismatch", f"label '{q.label[:60]}' matches the {rev_id} catalogue only "
                                                    f"at {ms:.0f}/100", question=q.question_no))
        cat_max = catalogue.question(qid).max if qid else None
        if cat_max is not None and abs(q.max - cat_max) > 1e-9:
            issues.append(warning("max_catalogue", f"maximum printed as {q.max:g}, the {rev_id} catalogue gives "
                                                   f"{cat_max:g}", question=q.question_no, page=q.page))
        sub_rows.append(SubquestionScoreRow(
            report_id=report_id, revision=rev_id, area_no=q.area_no, question_no=q.question_no, label=q.label,
            question_id=qid, match_score=round(ms, 2), score=q.score, max=q.max, percent=q.percent,
            concept_id=crosswalk.concept_of(qid) if qid else None, page=q.page, confidence=q.confidence))

    finding_rows = [FindingRow(report_id=report_id, area_no=f.area_no, kind=f.kind, position=f.position,
                               text=f.text, page=f.page, segmentation=f.segmentation, confidence=f.confidence)
                    for f in parsed.findings]

    total = sum(a.score or 0 for a in area_rows if 1 <= a.area_no <= 8)
    report = ReportRow(report_id=report_id, municipality=name, municipality_code=code, year=meta.year,
                       month=meta.month, revision=rev_id, evaluators=list(meta.evaluators),
                       total_score=float(total), total_max=TOTAL_MAX, primary_source="",
                       status=str(Status.WARNING if has_warning(issues) else Status.OK),
                       issues=[i.text for i in issues], source_sha256=sha256, source_kind="report")
    return ReportRows(report, area_rows, sub_rows, finding_rows, issues)
