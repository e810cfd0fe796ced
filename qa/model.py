"""The view model of the QA page: plain dataclasses, values already
formatted as the page shows them, lists already ordered (qa.view builds them;
the templates in qa/templates only lay them out). A `level` is the worst flag
of the thing ("warning", "note" or "clean"): it tints rows and drives the
page's filters."""
from __future__ import annotations

from dataclasses import dataclass, field

from .flags import CLEAN, Flag
from .images import DPI


@dataclass(frozen=True)
class PageRef:
    no: int
    href: str | None  # the page's picture on this page, if there is one


@dataclass
class SubRow:
    anchor: str
    area: str
    no: str
    label: str
    question_id: str
    match: str
    match_band: str  # shading of the label match score, a display band only: "hi", "mid", "lo", "none"
    score: str
    max: str
    percent: str
    concept: str
    page: PageRef | None
    flags: list[Flag]
    level: str
    conf: str = "–"  # OCR confidence of the score ("–": a text layer)
    conf_band: str = "none"  # display band of it: "hi", "mid", "lo", "none"


@dataclass
class AreaRow:
    anchor: str
    area: str
    name: str
    heading_name: str
    score: str
    max: str
    percent: str
    header_score: str
    sub_sum: str  # the sub-questions' scores / maxima added up, shown as a value (the checks are the issues')
    flags: list[Flag]
    level: str
    conf: str = "–"
    conf_band: str = "none"


@dataclass
class TotalRow:
    anchor: str
    area_score_sum: str
    area_max_sum: str
    total_score: str
    total_max: str
    flags: list[Flag]
    level: str


@dataclass
class FindingItem:
    anchor: str
    tag: str
    position: int | None
    text: str
    page: PageRef | None
    flags: list[Flag]
    level: str
    conf: str = "–"
    conf_band: str = "none"


@dataclass
class FindingKind:
    title: str
    items: list[FindingItem]


@dataclass
class FindingArea:
    anchor: str
    area: str
    name: str
    flags: list[Flag]  # issues about this area's findings
    kinds: list[FindingKind]
    level: str


@dataclass(frozen=True)
class TagRef:
    tag: str
    href: str
    level: str
    found: bool | None  # located on the image (None: the page has no text layer)


@dataclass
class Figure:
    anchor: str
    src: str  # relative to qa/index.html
    width: int
    height: int
    alt: str
    page: int
    tags: list[tuple[str, list[TagRef]]]  # ("sub-questions", [...]), ("strengths", ...), ("improvements", ...)
    missed: list[str]
    text_layer: bool
    level: str  # the worst level of the rows it shows
    # OCR'd values read from this page, shown beside it: (tag, value, confidence band, href of the row)
    values: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class IssueItem:
    severity: str
    text: str  # the Issue's text as stored in reports.issues (or the page's own QA fact)
    code: str
    qa: bool
    href: str | None  # the row it is shown on
    where: str | None


@dataclass
class Duplicate:
    path: str
    format: str
    differences: list[str]
    level: str


@dataclass
class ReportView:
    report_id: str
    anchor: str
    slug: str
    status: str
    level: str = CLEAN
    municipality: str = "–"
    municipality_code: str = "–"
    year: str = "–"
    month: str = "–"
    revision: str = "–"
    evaluators: str = "–"
    total_score: str = "–"
    total_max: str = "–"
    primary: str = ""
    format: str = "–"
    extraction: str = "–"
    issues: list[IssueItem] = field(default_factory=list)
    warnings: int = 0
    notes: int = 0
    qa_flags: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    areas: list[AreaRow] = field(default_factory=list)
    total: TotalRow | None = None
    subs: list[SubRow] = field(default_factory=list)
    findings: list[FindingArea] = field(default_factory=list)
    n_findings: int = 0
    figures: list[Figure] = field(default_factory=list)
    dpi: int = DPI
    error: str | None = None  # the page could not show this report
    plot: str | None = None  # the report's kompassros, relative to qa/index.html
    ocr: bool = False  # read by OCR: confidence columns are shown


@dataclass
class SourceLine:
    path: str
    format: str
    extraction: str
    status: str
    message: str
    report: str
    report_href: str | None
    pages: str
    level: str


@dataclass
class PageView:
    sources: list[SourceLine]
    source_counts: list[tuple[str, int]]
    report_counts: list[tuple[str, int]]
    reports: list[ReportView]
    warnings: int
    notes: int
    qa_flags: int
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, href) of the corpus's other files
