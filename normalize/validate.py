"""Checks one report against the instrument's arithmetic and its own
structure. Pure: every check reads the report (after the repairs of repair.py)
and returns Issues; nothing here changes the data it checks.

A note is worth knowing but not wrong (a rounding difference the percent
column explains, an area named differently in heading and table); a warning
means a value may be wrong or missing, and makes the report `warning`.
"""
from __future__ import annotations

from collections import Counter

from parsers.records import Area, Finding, Observation, ParsedReport, SubQuestion
from parsers.records import Code

from .issues import Issue, note, warning
from .repair import AREA_MAX, AREAS


def _fmt(x: float | None) -> str:
    return "?" if x is None else f"{x:g}"


# Float noise in sums of printed numbers, far below any printed precision.
_EPS = 1e-9


def _half(x: float) -> float:
    """Half a unit of the precision a number is printed to: a whole number
    stands for anything within ±0.5, one with a decimal within ±0.05."""
    return 0.5 if float(x).is_integer() else 0.05


def _interval(value: float) -> tuple[float, float]:
    h = _half(value)
    return value - h, value + h


def unrounded(q: SubQuestion) -> tuple[float, float]:
    """The unrounded score a printed row allows: the displayed score to its
    precision, narrowed by the printed percent to its precision. Empty (lo >=
    hi) when the two contradict each other. Intervals that only touch count as
    empty: rounding half up (as spreadsheets do) makes each interval half-open,
    [x - 0.5, x + 0.5), so two that meet at an end share no value."""
    lo, hi = _interval(q.score)
    if q.percent is not None and q.max:
        plo, phi = _interval(q.percent)
        lo, hi = max(lo, plo * q.max / 100), min(hi, phi * q.max / 100)
    return lo, hi


def check_area_sums(area: Area, subs: list[SubQuestion]) -> list[Issue]:
    """The printed sub-question scores against the area's total row. Rounding
    may explain a difference, but only as far as rounding can: each displayed
    score stands for its unrounded value within half a point, narrowed by its
    printed percent, and the printed total for the sum within half a point.
    Only a percent column proves the scores were rounded at all; without one
    any difference is a warning."""
    if area.score is None:
        return []
    total = sum(q.score for q in subs)
    if abs(total - area.score) < 1e-9:
        return []
    if subs and all(q.percent is not None for q in subs):
        spans = [unrounded(q) for q in subs]
        # A row whose percent contradicts its score is flagged by its own
        # check; here it stands for its displayed score alone.
        spans = [(lo, hi) if lo < hi else _interval(q.score) for (lo, hi), q in zip(spans, subs)]
        lo, hi = sum(a for a, _ in spans), sum(b for _, b in spans)
        tlo, thi = _interval(area.score)
        from_percent = sum(q.percent * q.max / 100 for q in subs)
        if lo < thi - _EPS and tlo < hi - _EPS:
            return [note("area_sum_rounded", f"sub-question scores sum to {_fmt(total)}, area total is "
                                             f"{_fmt(area.score)}; the percent column gives {from_percent:.2f}, so "
                                             f"the displayed scores are rounded (printed total kept)",
                         area=area.area_no)]
        return [warning("area_sum", f"sub-question scores sum to {_fmt(total)} but the area total row says "
                                    f"{_fmt(area.score)}; rounding of the printed scores and percents allows "
                                    f"{lo:.2f}-{hi:.2f} only", area=area.area_no)]
    return [warning("area_sum", f"sub-question scores sum to {_fmt(total)} but the area total row says "
                                f"{_fmt(area.score)}", area=area.area_no)]


def check_questions(subquestions: list[SubQuestion]) -> list[Issue]:
    issues = []
    for q in subquestions:
        if q.score < 0 or q.score > q.max:
            issues.append(warning("score_out_of_range", f"scores {_fmt(q.score)} of max {_fmt(q.max)}",
                                  area=q.area_no, question=q.question_no, page=q.page))
        elif q.percent is not None and q.max:
            lo, hi = unrounded(q)
            if lo >= hi - _EPS:
                issues.append(warning("percent_contradicts",
                                      f"printed percent {_fmt(q.percent)}% contradicts {_fmt(q.score)}/{_fmt(q.max)} "
                                      f"({_fmt(q.percent)}% of {_fmt(q.max)} is {q.percent * q.max / 100:.2f})",
                                      area=q.area_no, question=q.question_no, page=q.page))
    counts = Counter(q.question_no for q in subquestions)
    for qn in sorted(n for n, c in counts.items() if c > 1):
        issues.append(warning("question_repeated", "printed more than once", question=qn))
    return issues


def check_area(no: int, a: Area | None, subs: list[SubQuestion]) -> list[Issue]:
    if a is None or a.score is None:
        return [warning("area_missing", "missing from the score overview", area=no)]
    issues = []
    if a.max is not None and abs(a.max - AREA_MAX) > 1e-9:
        issues.append(warning("area_max", f"maximum {_fmt(a.max)}, expected {AREA_MAX:g}", area=no))
    if subs and a.max is not None and abs(sum(q.max for q in subs) - a.max) > 1e-9:
        issues.append(warning("area_max_sum", f"sub-question maxima sum to {_fmt(sum(q.max for q in subs))}, "
                                              f"area maximum is {_fmt(a.max)}", area=no))
    issues += check_area_sums(a, subs)
    if a.header_score is not None and abs(a.header_score - a.score) > 1e-9:
        issues.append(warning("header_score", f"section header says {_fmt(a.header_score)}, overview total "
                                              f"row says {_fmt(a.score)}", area=no))
    if a.heading_name and a.name and _simple(a.heading_name) != _simple(a.name):
        issues.append(note("area_named_differently", f"named '{a.heading_name}' in its section heading and "
                                                     f"'{a.name}' in the score table", area=no))
    if a.heading_name is None:
        issues.append(note("no_section_heading", f"no 'Område {no}' section heading in this source", area=no))
    if a.percent is not None and a.max:
        (slo, shi), (plo, phi) = _interval(a.score), _interval(a.percent)
        if max(slo, plo * a.max / 100) >= min(shi, phi * a.max / 100) - _EPS:
            issues.append(warning("area_percent", f"percent {_fmt(a.percent)}% does not match "
                                                  f"{_fmt(a.score)}/{_fmt(a.max)}", area=no))
    return issues


# A report that lists findings in at least this many areas lists them per
# area: a list missing from another area was more likely lost by the reader
# (a heading OCR misread, a table not found) than never printed.
FINDINGS_PER_AREA = AREAS // 2


def check_findings(findings: list[Finding]) -> list[Issue]:
    kinds = {(f.area_no, f.kind) for f in findings}
    listed = {no for no, _ in kinds}
    if not listed:
        # An evaluation report lists strengths and improvement suggestions in
        # every area; none read anywhere means the reader missed them (headings
        # it did not know, a layout it could not follow), not that none were
        # printed. Named per area, as every missing value is.
        return [warning("no_findings", "no strengths or improvement suggestions found, in this area or any "
                                       "other (findings may be missing)", area=no) for no in range(1, AREAS + 1)]
    out = []
    extra = sorted(no for no in listed if not 1 <= no <= AREAS)
    if extra:
        # More findings lists than areas: lists were paired or counted wrong
        # (a layout whose order the reader did not follow), so any area's may
        # be another's.
        shown = ", ".join(map(str, extra))
        out += [warning("findings_areas", f"findings were read for area(s) {shown}, which the instrument does not "
                                          f"have: the lists may belong to other areas than read", area=no)
                for no in [*range(1, AREAS + 1), *extra]]
    for no in range(1, AREAS + 1):
        for kind, word in (("strength", "strengths"), ("improvement", "improvement suggestions")):
            if (no, kind) in kinds:
                continue
            others = len({a for a, k in kinds if k == kind and a != no})
            if len(listed) >= FINDINGS_PER_AREA and others:
                out.append(warning("no_findings", f"no {word} found, although {others} other area(s) list "
                                                  f"theirs (findings may be missing)", area=no))
            else:
                out.append(note("no_findings", f"no {word} found", area=no))
    return out


# How serious each thing a parser noticed is.
_OBSERVED = {Code.ROW_UNREADABLE: warning, Code.FINDINGS_INTERLEAVED: warning, Code.NO_OVERVIEW_HEADING: note,
             Code.FOREIGN_DIGITS: warning, Code.FINDINGS_EMPTY: warning, Code.FINDINGS_GUESSED: warning,
             Code.FINDINGS_LONG: warning, Code.FINDINGS_COUNT: warning, Code.FINDINGS_GLYPH: warning,
             Code.FINDINGS_AFTER_TABLE: warning}


def from_observations(observations: list[Observation]) -> list[Issue]:
    return [_OBSERVED[o.code](str(o.code), o.message, area=o.area if o.question is None else None,
                              question=o.question, page=o.page) for o in observations]


def check_grand_total(printed: float | None, areas: list[Area]) -> list[Issue]:
    if printed is None:
        return []
    total = sum(a.score or 0 for a in areas if 1 <= a.area_no <= AREAS)
    if abs(printed - total) > 1e-9:
        return [warning("grand_total", f"printed grand total {printed:g} differs from the sum of areas {total:g}",
                        total=True)]
    return []


def validate(parsed: ParsedReport, areas: list[Area]) -> list[Issue]:
    """Every check on one report; `areas` are the report's areas after repair."""
    by_area: dict[int, list[SubQuestion]] = {}
    for q in parsed.subquestions:
        by_area.setdefault(q.area_no, []).append(q)
    issues = check_questions(parsed.subquestions)
    by_no = {a.area_no: a for a in areas}
    for no in range(1, AREAS + 1):
        issues += check_area(no, by_no.get(no), by_area.get(no, []))
    extra = sorted(set(by_no) - set(range(1, AREAS + 1)))
    if extra:
        issues.append(warning("unexpected_areas", f"unexpected area numbers {extra}"))
    issues += check_findings(parsed.findings)
    issues += from_observations(parsed.observations)
    issues += check_grand_total(parsed.grand_total, areas)
    return issues


def _simple(s: str) -> str:
    return " ".join(s.lower().replace("-", " ").split())
