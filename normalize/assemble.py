"""Turns a parsed report into the rows of the corpus tables: canonical
municipality and code, question ids and match scores against the revision's
catalogue, concept ids from the crosswalk, validation issues and status."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from parsers.records import ParsedReport

from . import catalogue, crosswalk, municipalities
from .validate import TOTAL_MAX, validate

# Below this similarity a printed label is not trusted to be the catalogue's question.
MATCH_WARNING = 80.0


@dataclass
class ReportRows:
    report: dict
    areas: list[dict] = field(default_factory=list)
    subquestions: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


def slug(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "unknown"


def clean_municipality(printed: str | None) -> str | None:
    if not printed:
        return None
    name = re.sub(r"(?i)\s+(kommuns?|stads?)$", "", printed.strip())
    return name or None


def assemble(parsed: ParsedReport, source_path: str, sha256: str) -> ReportRows:
    meta = parsed.meta
    issues = validate(parsed)
    resolved = municipalities.resolve(meta.municipality) if meta.municipality else None
    if resolved:
        name, code = resolved
    else:
        name, code = clean_municipality(meta.municipality), None
        issues.append(f"warning: municipality {name!r} not found in the SCB table"
                      if meta.municipality else "warning: no municipality named in the report")
    if meta.year is None:
        issues.append("warning: no evaluation year found")
    if code and meta.year:
        report_id = f"{code}-{meta.year}"
    else:
        report_id = f"{slug(name or 'unknown')}-{meta.year or sha256[:8]}"
    revision = parsed.generation

    areas = []
    for a in parsed.areas:
        if a.area_no in range(1, 9) and a.name:
            no, score = catalogue.match_area(revision, a.name)
            if no != a.area_no:
                issues.append(f"warning: area {a.area_no} printed as '{a.name}', which is not that area's name "
                              f"in the {revision} revision")
        areas.append(dict(report_id=report_id, area_no=a.area_no, area_name=a.name or a.heading_name,
                          heading_name=a.heading_name, score=a.score, max=a.max, percent=a.percent,
                          header_score=a.header_score))

    subs = []
    for q in parsed.subquestions:
        qid, ms = catalogue.match_question(revision, q.question_no, q.label)
        if qid is None:
            issues.append(f"warning: question {q.question_no} is not in the {revision} catalogue")
        elif ms < MATCH_WARNING:
            issues.append(f"warning: question {q.question_no} label '{q.label[:60]}' matches the {revision} "
                          f"catalogue only at {ms:.0f}/100")
        subs.append(dict(report_id=report_id, revision=revision, area_no=q.area_no, question_no=q.question_no,
                         label=q.label, question_id=qid, match_score=round(ms, 2), score=q.score, max=q.max,
                         percent=q.percent, concept_id=crosswalk.concept_of(qid) if qid else None, page=q.page))

    findings = [dict(report_id=report_id, area_no=f.area_no, kind=f.kind, position=f.position, text=f.text,
                     page=f.page) for f in parsed.findings]

    total = sum(a["score"] or 0 for a in areas if 1 <= a["area_no"] <= 8)
    status = "warning" if any(i.startswith("warning") for i in issues) else "ok"
    report = dict(report_id=report_id, municipality=name, municipality_code=code, year=meta.year,
                  month=meta.month, revision=revision, evaluators=list(meta.evaluators),
                  total_score=float(total), total_max=TOTAL_MAX, primary_source=source_path, status=status,
                  issues=issues, source_sha256=sha256)
    return ReportRows(report, areas, subs, findings)
