"""Typed records a parser hands to normalize/ (one evaluation each).

A parser reads what the report prints; it does not judge it. What it notices
on the way (a score row it could not read, findings columns it could not tell
apart) travels as an Observation with a stable code; normalize/ decides how
serious each is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(slots=True)
class SubQuestion:
    area_no: int
    question_no: str  # as printed, e.g. "3.4"
    label: str  # as printed, whitespace collapsed, wrapped lines joined
    score: float
    max: float
    percent: float | None = None
    page: int | None = None
    confidence: float | None = None  # OCR confidence of the score, 0-1 (None: a text layer)


@dataclass(slots=True)
class Area:
    area_no: int
    name: str | None  # as printed in the overview table header
    heading_name: str | None = None  # as printed in the "Område N ..." section heading
    score: float | None = None  # the overview table's total row
    max: float | None = None
    percent: float | None = None
    header_score: float | None = None  # the "Rubriker / Poäng" box of the section
    topics: list[str] = field(default_factory=list)  # the "Rubriker" list
    page: int | None = None  # page of the overview total row
    confidence: float | None = None  # OCR confidence of the total row's score, 0-1
    header_confidence: float | None = None  # OCR confidence of header_score, 0-1


@dataclass(slots=True)
class Finding:
    area_no: int
    kind: str  # "strength" | "improvement"
    position: int  # 1-based within (area, kind)
    text: str
    page: int | None = None
    segmentation: str = "certain"  # "certain" (bullet, cell, clear gap) or "inferred" (a guess)
    confidence: float | None = None  # OCR confidence of the text, 0-1


@dataclass(slots=True)
class Metadata:
    # Municipality names as printed, best first (the evaluation sentence, then
    # the title); normalize/ resolves them against the SCB table.
    municipality_candidates: list[str] = field(default_factory=list)
    # The title page's text (first lines), where normalize/ may still find a
    # known municipality name when no candidate resolves.
    title_text: str = ""
    year: int | None = None
    month: int | None = None
    evaluators: list[str] = field(default_factory=list)
    title: str | None = None


class Code(str, Enum):
    """What a parser can notice about its source."""
    ROW_UNREADABLE = "row_unreadable"  # a score row whose values could not be read
    FINDINGS_INTERLEAVED = "findings_interleaved"  # strengths/improvements columns mixed row by row
    NO_OVERVIEW_HEADING = "no_overview_heading"  # score rows found by scanning the whole document
    FOREIGN_DIGITS = "foreign_digits"  # a score row printed with digits of another script
    # Self-checks of the findings (parsers/findings_checks.py):
    FINDINGS_EMPTY = "findings_empty"  # a strengths/improvements table or heading with no items read
    FINDINGS_GUESSED = "findings_guessed"  # where items begin or end (or a column ends) was a guess
    FINDINGS_LONG = "findings_long"  # an item far longer than any finding, or of several sentences that look like items
    FINDINGS_COUNT = "findings_count"  # far fewer items than the printed lines suggest
    FINDINGS_GLYPH = "findings_glyph"  # a bullet glyph left inside an item
    FINDINGS_AFTER_TABLE = "findings_after_table"  # text right after a findings table, not read

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Observation:
    code: Code
    message: str
    area: int | None = None
    question: str | None = None
    page: int | None = None


@dataclass(slots=True)
class ParsedReport:
    meta: Metadata
    areas: list[Area]
    subquestions: list[SubQuestion]
    findings: list[Finding]
    grand_total: float | None = None  # a "Totalt" row printed under the overview
    observations: list[Observation] = field(default_factory=list)


class NotAnEvaluation(Exception):
    """The document is readable but holds no single municipality's evaluation."""


class UnreadableEvaluation(Exception):
    """The document reads as an evaluation (its title, area sections, the
    score overview's heading) but its scores could not be read: damaged, or a
    layout no reader understands. The message says what was seen and where."""


# ---------------------------------------------------------------- compilations
# A book that summarises several evaluations ("Fem intressanta kommuner")
# prints one area-level table per municipality. The parser reads each table as
# printed; normalize/ matches its area names and makes reports of it.

@dataclass(slots=True)
class TableColumn:
    """One value column of a compilation's summary table."""
    heading: str | None  # as printed ("Stockholm", "2008", "Median"); None when the heading is lost
    year: int | None = None  # the evaluation year of a score column
    statistic: str | None = None  # "median" or "mean" for a reference column; None for a score column
    # The year comes from the title's years in chronological order, because the
    # printed headings are lost: every value read from it is flagged.
    inferred: bool = False


@dataclass(slots=True)
class SummaryRow:
    """One printed row: an area's name and its numbers."""
    name: str  # as printed, whitespace collapsed
    cells: list[str]  # number tokens as printed (",5" where the digits before the comma are lost)
    # One value per column, None for a cell whose digits are lost; the whole
    # list is None when the cells cannot be placed in the columns (more or
    # fewer than there are columns): then no value of the row is read.
    values: list[float | None] | None
    page: int | None = None


@dataclass(slots=True)
class SummaryTable:
    label: str  # "Tabell 1"
    title: str  # the title as printed, after the label
    municipality: str  # as printed in the title, e.g. "Södertälje kommuns"
    years: list[int]  # the title's years, as printed
    columns: list[TableColumn]  # empty when they cannot be assigned to years
    problem: str | None = None  # why the columns cannot be assigned (the table is then not written)
    header: str = ""  # the column header as printed ("Områden Stockholm Median")
    rows: list[SummaryRow] = field(default_factory=list)
    total: SummaryRow | None = None  # the "Totalt" row
    population: str | None = None  # whom the reference column describes, as printed
    months: dict[int, int] = field(default_factory=dict)  # year -> month, from the chapter's evaluation sentence
    page: int | None = None


@dataclass(slots=True)
class ParsedCompilation:
    title: str | None  # the book's title as printed, e.g. "Fem intressanta kommuner 2009"
    tables: list[SummaryTable]
