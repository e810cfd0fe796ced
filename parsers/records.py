"""Typed records a report parser hands to normalize/ (one evaluation each)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SubQuestion:
    area_no: int
    question_no: str  # as printed, e.g. "3.4"
    label: str  # as printed, whitespace collapsed, wrapped lines joined
    score: float
    max: float
    percent: float | None = None
    page: int | None = None


@dataclass
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


@dataclass
class Finding:
    area_no: int
    kind: str  # "strength" | "improvement"
    position: int  # 1-based within (area, kind)
    text: str
    page: int | None = None


@dataclass
class Metadata:
    municipality: str | None = None  # as printed, suffix ("kommun"/"stad") removed
    year: int | None = None
    month: int | None = None
    evaluators: list[str] = field(default_factory=list)
    title: str | None = None


@dataclass
class ParsedReport:
    generation: str  # which parser read it: "2002", "2010", "2016", "2020"
    meta: Metadata
    areas: list[Area]
    subquestions: list[SubQuestion]
    findings: list[Finding]
    # Anything the parser noticed about the source (missing heading, total row not found ...).
    notes: list[str] = field(default_factory=list)


class NotAnEvaluation(Exception):
    """The document is readable but holds no single municipality's evaluation."""


class ParseError(Exception):
    """The document looks like an evaluation but could not be read; the message says where."""
