"""OCR'd numbers checked against each other: a named repair step that only
touches values read by OCR (those with a confidence).

A score table prints every number twice over: the sub-question scores add up
to the area's total row, a percent column (2010, 2016) repeats each score
over its maximum, the maxima add up to 100 and are the revision's catalogue
maxima, the section's "Poäng" box repeats the area total. The checks are
validate.py's own (one definition of "adds up", rounding included).

Per area, when a check fails:
  * every OCR'd number of the area is read again the ways a misread digit
    can go (one digit taken for a look-alike, one digit too many, a thin "1"
    lost at a rule); where exactly ONE such reading of ONE number makes every
    check of the area pass, it is used, and a note names the question and
    both readings;
  * where none or several do, the printed reading stays and a warning names
    each question whose number may be the misread one.
A row without a percent in a table that prints one is named by a warning.
An area without its total row is not repaired (its sums check nothing).
An OCR'd question number the catalogue lacks is the one missing question
whose label the row's label matches, with a note.
A section header ("Poäng") that differs from a total its sub-questions
confirm by one misread digit is read as that total, with a note.

Text-layer values (confidence None) are never touched: they are exact.
"""
from __future__ import annotations

from dataclasses import replace

from parsers.records import Area, ParsedReport, SubQuestion

from . import catalogue
from .issues import Issue, note, warning
from .validate import check_area, check_questions

# Digits that print alike and that OCR takes for one another (symmetric).
LOOKALIKES: dict[str, str] = {
    "0": "689", "1": "74", "2": "73", "3": "8952", "4": "19", "5": "638", "6": "580", "7": "12",
    "8": "36905", "9": "8043",
}
# The checks a reading must pass (validate.py's codes); the others
# (names, headers, repeats) are not about a number's reading.
NUMBER_CHECKS = frozenset({"area_sum", "area_max", "area_max_sum", "area_percent", "score_out_of_range",
                           "percent_contradicts", "max_catalogue", "percent_missing"})
ROW_CHECKS = frozenset({"score_out_of_range", "percent_contradicts", "max_catalogue", "percent_missing"})
FIELDS = ("score", "max", "percent")
# A printed label at least this similar to a catalogue label is that question's (assemble's MATCH_WARNING).
MATCH = 80.0


def readings(value: float) -> list[float]:
    """Other readings of a printed number with one misread digit."""
    text = f"{value:g}"
    if "e" in text:
        return []
    out = set()
    for i, ch in enumerate(text):
        if not ch.isdigit():
            continue
        for alt in LOOKALIKES.get(ch, ""):
            out.add(text[:i] + alt + text[i + 1:])
        out.add(text[:i] + text[i + 1:])  # a digit too many
    for i in range(len(text) + 1):
        out.add(text[:i] + "1" + text[i:])  # a thin "1" lost
    vals = []
    for t in out:
        t = t.strip(".")
        if t and t[0].isdigit() and not (len(t) > 1 and t[0] == "0" and t[1] != "."):
            try:
                v = float(t)
            except ValueError:
                continue
            if v != value:
                vals.append(v)
    return sorted(set(vals))


def _fmt(x) -> str:
    return "?" if x is None else f"{x:g}"


def _failures(no: int, a: Area | None, qs: list[SubQuestion], cat_max: dict[str, float | None],
              percent_table: bool) -> list[Issue]:
    """The number checks of one area that fail."""
    out = [i for i in check_area(no, a, qs) + check_questions(qs) if i.code in NUMBER_CHECKS]
    for q in qs:
        m = cat_max.get(q.question_no)
        if m is not None and abs(q.max - m) > 1e-9:
            out.append(warning("max_catalogue", "", question=q.question_no))
        if percent_table and q.percent is None:
            out.append(warning("percent_missing", "", question=q.question_no))
    return out


def _candidates(a: Area | None, qs: list[SubQuestion]):
    """(what, index, field, value) of every OCR'd number of an area; index -1 is the area row."""
    for i, q in enumerate(qs):
        if q.confidence is not None:
            for f in FIELDS:
                v = getattr(q, f)
                if v is not None:
                    yield i, f, v
    if a is not None and a.confidence is not None:
        for f in FIELDS:
            v = getattr(a, f)
            if v is not None:
                yield -1, f, v


def _with(a, qs, i, f, v):
    if i < 0:
        return replace(a, **{f: v}), qs
    qs = list(qs)
    qs[i] = replace(qs[i], **{f: v})
    return a, qs


def reconcile(parsed: ParsedReport, revision: str) -> tuple[ParsedReport, list[Issue]]:
    """The report with OCR misreadings resolved where the numbers allow
    exactly one reading, and the issues that say what was done or doubted."""
    ocr = any(q.confidence is not None for q in parsed.subquestions) or \
        any(a.confidence is not None for a in parsed.areas)
    if not ocr:
        return parsed, []
    issues: list[Issue] = []
    parsed = replace(parsed, subquestions=_renumbered(parsed.subquestions, revision, issues))
    subs: dict[int, list[SubQuestion]] = {}
    for q in parsed.subquestions:
        subs.setdefault(q.area_no, []).append(q)
    areas = {a.area_no: a for a in parsed.areas}
    percent_table = any(q.percent is not None for q in parsed.subquestions)
    cat_max = {}
    for q in parsed.subquestions:
        qid, _ = catalogue.match_question(revision, q.question_no, q.label)
        cat_max[q.question_no] = catalogue.question(qid).max if qid else None
    for no in sorted(set(subs) | set(areas)):
        a, qs = areas.get(no), subs.get(no, [])
        failed = _failures(no, a, qs, cat_max, percent_table)
        if not failed:
            if a is not None:
                areas[no] = _header(a, qs, issues)
            continue
        fits = []
        # Without its total row an area's sums check nothing: a score, its
        # maximum and its percent alone cannot tell which of them is misread.
        for i, f, v in (_candidates(a, qs) if a is not None and a.score is not None else ()):
            for alt in readings(v):
                a2, qs2 = _with(a, qs, i, f, alt)
                if not _failures(no, a2, qs2, cat_max, percent_table):
                    fits.append((i, f, v, alt))
        if len(fits) == 1:
            i, f, v, alt = fits[0]
            a, qs = _with(a, qs, i, f, alt)
            what = f"area {no}'s total row" if i < 0 else f"the {f}"
            about = dict(area=no) if i < 0 else dict(question=qs[i].question_no, page=qs[i].page)
            word = "percent" if f == "percent" else f
            issues.append(note("ocr_reading", f"{what if i < 0 else word} was read by OCR as {_fmt(v)}; "
                                              f"{_fmt(alt)} is the only reading of one misread digit that makes "
                                              f"the area's scores, maxima and percents agree, and is used", **about))
            areas[no], subs[no] = a, qs
        else:
            issues += _doubts(no, a, qs, failed, len(fits))
        if a is not None:
            areas[no] = _header(a, qs, issues)
    done = {no: iter(qs) for no, qs in subs.items()}  # each area's rows, in the report's order
    out = replace(parsed, areas=[areas[a.area_no] for a in parsed.areas],
                  subquestions=[next(done[q.area_no]) for q in parsed.subquestions])
    return out, issues


def _renumbered(subs: list[SubQuestion], revision: str, issues: list[Issue]) -> list[SubQuestion]:
    """An OCR'd question number the catalogue does not have (or whose label is
    another question's: "7.57" for "7.5", "1.5" read as "7.5") is that of the
    one question the report lacks whose label the printed one matches; the
    note names both."""
    present = {q.question_no for q in subs}
    out = []
    for q in subs:
        qid, score = catalogue.match_question(revision, q.question_no, q.label)
        if q.confidence is not None and (qid is None or score < MATCH):
            fits = [c for c in catalogue.questions(revision) if c.question_no not in present
                    and catalogue.label_score(q.label, c.label) >= MATCH]
            if len(fits) == 1:
                c = fits[0]
                issues.append(note("ocr_question_no", f"question number read by OCR as '{q.question_no}'; its label "
                                                      f"is that of {c.question_no}, which the report otherwise lacks, "
                                                      f"and it is read as {c.question_no}",
                                   question=c.question_no, page=q.page))
                present.add(c.question_no)
                q = replace(q, question_no=c.question_no, area_no=c.area_no)
        out.append(q)
    return out


def _doubts(no: int, a: Area | None, qs: list[SubQuestion], failed: list[Issue], n_fits: int) -> list[Issue]:
    """Warnings naming every question whose OCR'd number may be misread."""
    why = ("no reading of one misread digit makes them agree" if n_fits == 0
           else f"{n_fits} different readings of a misread digit would make them agree")
    named = {i.question for i in failed if i.code in ROW_CHECKS and i.question}
    area_wide = any(i.code not in ROW_CHECKS for i in failed)
    out = []
    for q in qs:
        if q.confidence is None or not (area_wide or q.question_no in named):
            continue
        if q.question_no in named and any(i.code == "percent_missing" and i.question == q.question_no
                                          for i in failed):
            out.append(warning("ocr_percent_missing", "no percent was read for this row, though the table prints "
                                                       "one (OCR)", question=q.question_no, page=q.page))
            continue
        out.append(warning("ocr_doubt", f"OCR read {_fmt(q.score)} of {_fmt(q.max)}"
                                        + (f" ({_fmt(q.percent)}%)" if q.percent is not None else "")
                                        + f", but area {no}'s scores, maxima and percents do not agree and {why}: "
                                          "this value may be misread", question=q.question_no, page=q.page))
    if a is not None and a.confidence is not None and area_wide:
        out.append(warning("ocr_doubt", f"OCR read the total row as {_fmt(a.score)} of {_fmt(a.max)}, which its "
                                        f"sub-questions do not confirm ({why})", area=no))
    return out


def _header(a: Area, qs: list[SubQuestion], issues: list[Issue]) -> Area:
    """A section "Poäng" box OCR'd one misread digit away from the total that
    its sub-questions confirm is read as that total."""
    if a.header_score is None or a.score is None or a.header_confidence is None or a.header_score == a.score:
        return a
    # the total is confirmed when the area passes every check without its
    # header (sums within rounding where a percent column explains them)
    confirmed = qs and not any(i.is_warning for i in check_area(a.area_no, replace(a, header_score=None), qs))
    if not confirmed or a.score not in readings(a.header_score):
        return a
    issues.append(note("ocr_reading", f"the section header's score was read by OCR as {_fmt(a.header_score)}; the "
                                      f"overview's total {_fmt(a.score)}, which its sub-questions confirm, is one "
                                      f"misread digit away and is used", area=a.area_no))
    return replace(a, header_score=a.score)
