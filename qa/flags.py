"""Where the QA page's flags come from, and on which row each one is shown.

A flag has two possible sources, and only these two:

* an Issue record the pipeline's checks produced (`ReportRows.issues`), with
  its own severity and message. It is shown on the row it is about: the
  sub-question row with its number (`Issue.question`), the area row
  (`Issue.area`), the row of the report total (`Issue.total`). An area issue
  about the area's findings (a code in FINDINGS_CODES) is shown with the
  area's findings instead of on its score row. Every issue is also listed
  under its report, with a link to the row it was placed on (if any).
* a fact of this page, not a check (`qa=True`): a row's text was not found on
  its page image, its page is not in the PDF, a row of a PDF has no page
  number, or the PDF could not be rendered.

Nothing here recomputes a check or has thresholds of its own.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from normalize.issues import Issue

from .pdfmarks import Result

WARNING, NOTE, CLEAN = "warning", "note", "clean"
_RANK = {CLEAN: 0, NOTE: 1, WARNING: 2}

# Issue codes that are about an area's findings rather than its scores.
FINDINGS_CODES = frozenset({"no_findings", "findings_interleaved"})


@dataclass(frozen=True, slots=True)
class Flag:
    severity: str  # WARNING or NOTE
    text: str
    code: str
    qa: bool = False  # a fact of this page (its reading of the page images), not a pipeline check


def from_issue(issue: Issue) -> Flag:
    """The flag shown on a row: the issue's message (the row is its subject)."""
    return Flag(str(issue.severity), issue.message, issue.code)


def level(flags: Iterable[Flag]) -> str:
    """WARNING if any flag is a warning, NOTE if any is a note, else CLEAN."""
    return worst(f.severity for f in flags)


def worst(levels: Iterable[str]) -> str:
    return max(levels, key=_RANK.__getitem__, default=CLEAN)


@dataclass
class Placement:
    """The report's issues by the row they are shown on; `target[i]` says
    where `issues[i]` went: ("question", no), ("area", n), ("findings", n),
    ("total", None), or None (listed under the report only)."""
    questions: dict[str, list[Issue]] = field(default_factory=dict)
    areas: dict[int, list[Issue]] = field(default_factory=dict)
    findings: dict[int, list[Issue]] = field(default_factory=dict)
    total: list[Issue] = field(default_factory=list)
    target: list[tuple | None] = field(default_factory=list)


def place(issues: Sequence[Issue], question_nos: Iterable[str], area_nos: Iterable[int]) -> Placement:
    """Each issue onto the row it names, if the report has that row."""
    qs, areas = set(question_nos), set(area_nos)
    p = Placement()
    for i in issues:
        if i.question is not None and i.question in qs:
            p.questions.setdefault(i.question, []).append(i)
            p.target.append(("question", i.question))
        elif i.area is not None and i.question is None and i.code in FINDINGS_CODES:
            p.findings.setdefault(i.area, []).append(i)
            p.target.append(("findings", i.area))
        elif i.area is not None and i.question is None and i.area in areas:
            p.areas.setdefault(i.area, []).append(i)
            p.target.append(("area", i.area))
        elif i.total and i.question is None and i.area is None:
            p.total.append(i)
            p.target.append(("total", None))
        else:  # about the report as a whole, or about a row the report does not have
            p.target.append(None)
    return p


def image_flags(key: str, page: int | None, result: Result | None, is_pdf: bool) -> list[Flag]:
    """What the page images say about one row (the mark `key`)."""
    if not is_pdf:
        return []
    if page is None:
        return [Flag(NOTE, "no page number: not shown on a page image", "qa_no_page", qa=True)]
    if result is None:
        return []
    if key in result.bad_page:
        return [Flag(WARNING, f"page {page} is not in the PDF ({result.bad_page[key]} pages)", "qa_page_out_of_range",
                     qa=True)]
    if result.found.get(key) is False:
        return [Flag(NOTE, f"not found on the image of p. {page}", "qa_not_found", qa=True)]
    return []
