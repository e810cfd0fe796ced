"""Checks one parsed report against the instrument's arithmetic.

Each finding is a string that starts with its severity: "note: ..." (worth
knowing, not wrong: a rounding difference the percent column explains, an area
named differently in heading and table) or "warning: ..." (something a steward
must look at). A report with any warning gets status "warning".
"""
from __future__ import annotations

from parsers.records import Area, ParsedReport, SubQuestion

AREA_MAX = 100.0
TOTAL_MAX = 800.0
AREAS = 8


def _fmt(x: float | None) -> str:
    return "?" if x is None else f"{x:g}"


def check_area_sums(area: Area, subs: list[SubQuestion]) -> list[str]:
    out = []
    if area.score is None:
        return out
    total = sum(q.score for q in subs)
    if abs(total - area.score) < 1e-9:
        return out
    if subs and all(q.percent is not None for q in subs):
        true_total = sum(q.percent * q.max / 100 for q in subs)
        # The percent column carries the unrounded score: if it lands within
        # rounding of the printed total, the displayed sub-scores were rounded.
        # Printed percents are themselves rounded (±0.5 % of each max, ±0.5 in
        # all) and so is the printed total (±0.5): 1 point covers both.
        if abs(true_total - area.score) <= 1.0:
            out.append(f"note: area {area.area_no}: sub-question scores sum to {_fmt(total)}, area total is "
                       f"{_fmt(area.score)}; the percent column gives {true_total:.2f}, so the displayed "
                       f"scores are rounded (printed total kept)")
            return out
    out.append(f"warning: area {area.area_no}: sub-question scores sum to {_fmt(total)} but the area total "
               f"row says {_fmt(area.score)}")
    return out


def validate(report: ParsedReport) -> list[str]:
    issues: list[str] = []
    by_area: dict[int, list[SubQuestion]] = {}
    for q in report.subquestions:
        by_area.setdefault(q.area_no, []).append(q)
        if q.score < 0 or q.score > q.max:
            issues.append(f"warning: area {q.area_no}: question {q.question_no} scores {_fmt(q.score)} of max {_fmt(q.max)}")
        if q.percent is not None and q.max and abs(q.percent - 100 * q.score / q.max) > 10:
            issues.append(f"note: question {q.question_no}: printed percent {_fmt(q.percent)}% is far from "
                          f"{_fmt(q.score)}/{_fmt(q.max)}")
    seen = [q.question_no for q in report.subquestions]
    for qn in sorted({x for x in seen if seen.count(x) > 1}):
        issues.append(f"warning: question {qn} printed more than once")

    areas = {a.area_no: a for a in report.areas}
    for no in range(1, AREAS + 1):
        a = areas.get(no)
        if a is None or (a.score is None and not by_area.get(no)):
            issues.append(f"warning: area {no} missing from the score overview")
            continue
        subs = by_area.get(no, [])
        if a.score is None:
            if a.header_score is not None:
                a.score, a.max = a.header_score, AREA_MAX
                issues.append(f"warning: area {no}: no total row in the overview; the section header's "
                              f"{_fmt(a.header_score)} is used")
            else:
                a.score, a.max = sum(q.score for q in subs), sum(q.max for q in subs)
                issues.append(f"warning: area {no}: no total row in the overview; sum of sub-questions "
                              f"{_fmt(a.score)} is used")
        if a.max is None:
            a.max = AREA_MAX
        if abs(a.max - AREA_MAX) > 1e-9:
            issues.append(f"warning: area {no}: maximum {_fmt(a.max)}, expected {AREA_MAX:g}")
        if subs and abs(sum(q.max for q in subs) - a.max) > 1e-9:
            issues.append(f"warning: area {no}: sub-question maxima sum to {_fmt(sum(q.max for q in subs))}, "
                          f"area maximum is {_fmt(a.max)}")
        issues.extend(check_area_sums(a, subs))
        if a.header_score is not None and abs(a.header_score - a.score) > 1e-9:
            issues.append(f"warning: area {no}: section header says {_fmt(a.header_score)}, overview total row "
                          f"says {_fmt(a.score)}")
        if a.heading_name and a.name and _simple(a.heading_name) != _simple(a.name):
            issues.append(f"note: area {no}: named '{a.heading_name}' in its section heading and "
                          f"'{a.name}' in the score table")
        if a.heading_name is None:
            issues.append(f"note: area {no}: no 'Område {no}' section heading in this source")
        if a.percent is not None and a.max and abs(a.percent - 100 * a.score / a.max) > 1:
            issues.append(f"warning: area {no}: percent {_fmt(a.percent)}% does not match {_fmt(a.score)}/{_fmt(a.max)}")
    extra = sorted(set(areas) - set(range(1, AREAS + 1)))
    if extra:
        issues.append(f"warning: unexpected area numbers {extra}")
    kinds = {(f.area_no, f.kind) for f in report.findings}
    for no in range(1, AREAS + 1):
        for kind, word in (("strength", "strengths"), ("improvement", "improvement suggestions")):
            if (no, kind) not in kinds:
                issues.append(f"note: area {no}: no {word} found")
    for n in report.notes:
        if n.startswith(("overview row", "revision uncertain")) or "interleaved" in n:
            issues.append("warning: " + n)
        elif n.startswith("printed grand total"):
            printed = float(n.split()[-1])
            total = sum(a.score or 0 for a in report.areas if 1 <= a.area_no <= AREAS)
            if abs(printed - total) > 1e-9:
                issues.append(f"warning: printed grand total {printed:g} differs from the sum of areas {total:g}")
    return issues


def _simple(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())
