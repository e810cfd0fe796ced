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


TRAITS: dict[str, RevisionTraits] = {t.revision: t for t in (
    RevisionTraits("2002", percent_column=False),
    RevisionTraits("2010", percent_column=True),
    RevisionTraits("2016", percent_column=True),
    RevisionTraits("2020", percent_column=False),
)}


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
