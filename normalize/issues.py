"""Validation findings as records, and their text form of SPEC.md.

An Issue says how serious it is (a note is worth knowing; a warning means a
value may be wrong or missing), what it is about (a question, an area, the
total, or the report as a whole) and a stable `code` that tools and the QA page
can key on. Its text is what `reports.issues` stores:

    warning: question 3.4: printed percent 45% contradicts 13/20
    warning: area 3: sub-question scores sum to 66 but the area total row says 61
    warning: total: printed grand total 602 differs from the sum of areas 600
    note: area 2: named '...' in its section heading and '...' in the score table
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    NOTE = "note"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Issue:
    severity: Severity
    code: str  # stable key, e.g. "area_sum", "percent_contradicts"
    message: str  # what is wrong, without the subject
    area: int | None = None
    question: str | None = None  # question number as printed, e.g. "3.4"
    total: bool = False  # about the report's total
    page: int | None = None

    @property
    def subject(self) -> str | None:
        if self.question is not None:
            return f"question {self.question}"
        if self.area is not None:
            return f"area {self.area}"
        if self.total:
            return "total"
        return None

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    @property
    def text(self) -> str:
        subject = self.subject
        return f"{self.severity}: {subject}: {self.message}" if subject else f"{self.severity}: {self.message}"

    def __str__(self) -> str:
        return self.text


def note(code: str, message: str, **about) -> Issue:
    return Issue(Severity.NOTE, code, message, **about)


def warning(code: str, message: str, **about) -> Issue:
    return Issue(Severity.WARNING, code, message, **about)


def has_warning(issues) -> bool:
    return any(i.is_warning for i in issues)
