"""Repairs: values the report does not print but the corpus needs, filled in
by a named, explicit step (never as a side effect of checking), each with the
warning that says what was used instead."""
from __future__ import annotations

from dataclasses import replace

from parsers.records import Area, ParsedReport

from .issues import Issue, warning

AREA_MAX = 100.0
TOTAL_MAX = 800.0
AREAS = 8


def _fmt(x: float | None) -> str:
    return "?" if x is None else f"{x:g}"


def fill_area_totals(parsed: ParsedReport) -> tuple[list[Area], list[Issue]]:
    """Areas with their totals: an area whose overview has no total row takes
    the section header's score, else the sum of its sub-questions; a missing
    maximum is the instrument's 100. Returns new Area records."""
    subs: dict[int, list] = {}
    for q in parsed.subquestions:
        subs.setdefault(q.area_no, []).append(q)
    issues: list[Issue] = []
    out = []
    for a in parsed.areas:
        own = subs.get(a.area_no, [])
        if 1 <= a.area_no <= AREAS and a.score is None and own:
            if a.header_score is not None:
                a = replace(a, score=a.header_score, max=AREA_MAX)
                issues.append(warning("area_total_from_header", f"no total row in the overview; the section "
                                      f"header's {_fmt(a.header_score)} is used", area=a.area_no))
            else:
                a = replace(a, score=sum(q.score for q in own), max=sum(q.max for q in own))
                issues.append(warning("area_total_from_sum", f"no total row in the overview; sum of "
                                      f"sub-questions {_fmt(a.score)} is used", area=a.area_no))
        if 1 <= a.area_no <= AREAS and a.score is not None and a.max is None:
            a = replace(a, max=AREA_MAX)
        out.append(a)
    return out, issues
