"""Which revision of the instrument a parsed report follows, decided from what
it prints (area names and sub-question labels against each revision's
catalogue), never from its year: evaluations near a revision change use either
instrument. Also what each revision's score tables are known to print."""
from __future__ import annotations

from dataclasses import dataclass

from parsers.records import ParsedReport

from . import catalogue
from .issues import Issue, note, warning


@dataclass(frozen=True, slots=True)
class RevisionTraits:
    revision: str
    # The overview tables print a percent column (computed from unrounded
    # scores in 2010 and 2016; none in the original version and in 2019/2020).
    percent_column: bool
    # The first year evaluations used it (the 2019/2020 revision was first
    # used in 2019).
    first_year: int


TRAITS: dict[str, RevisionTraits] = {t.revision: t for t in (
    RevisionTraits("2002", percent_column=False, first_year=2002),
    RevisionTraits("2010", percent_column=True, first_year=2010),
    RevisionTraits("2016", percent_column=True, first_year=2016),
    RevisionTraits("2020", percent_column=False, first_year=2019),
)}
# A report may be dated a year before its instrument's first use (an
# evaluation made on the coming revision's draft); earlier, the year or the
# revision was misread.
YEAR_SLACK = 1


def year_issues(year: int | None, revision: str) -> list[Issue]:
    """A year the report's instrument did not exist in: the year (an OCR
    misread "2004" for "2014", a title's other date) or the revision is wrong."""
    first = TRAITS[revision].first_year
    if year is None or year >= first - YEAR_SLACK:
        return []
    return [warning("year_before_revision", f"year: {year}, but the questions printed are those of the {revision} "
                                             f"revision, first used in {first}; the year or the revision is wrong")]


@dataclass(frozen=True, slots=True)
class RevisionResult:
    revision: str
    score: float
    scores: dict[str, float]  # every revision's fit, 0-100
    issues: tuple[Issue, ...] = ()


def printed_area_names(parsed: ParsedReport) -> list[str]:
    return [a.name for a in parsed.areas if a.name] + [a.heading_name for a in parsed.areas if a.heading_name]


def detect(parsed: ParsedReport) -> RevisionResult:
    labels = [(q.question_no, q.label) for q in parsed.subquestions]
    revision, score, scores = catalogue.detect_revision(printed_area_names(parsed), labels)
    issues: list[Issue] = []
    if revision is None:
        # Score tables are there but fit no catalogue well (a reworded instrument,
        # OCR noise): keep the scores under the closest revision and say so.
        revision = max(scores, key=scores.get)
        issues.append(warning("revision_uncertain", f"revision uncertain: the printed questions match no "
                                                    f"revision well (best {revision} at {score:.0f}/100)"))
    if TRAITS[revision].percent_column and parsed.subquestions \
            and all(q.percent is None for q in parsed.subquestions):
        issues.append(note("percent_column_missing",
                           f"the {revision} overview normally prints a percent column; none was read"))
    return RevisionResult(revision, score, scores, tuple(issues))
