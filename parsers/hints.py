"""What a parser may ask about the instrument's own wording, without knowing
the catalogue (which lives in normalize/, a layer above).

A text that lost its line breaks (a web transcript) no longer shows where a
question's label or an area's name ends; the catalogue of every revision does.
The run passes an implementation (normalize/vocabulary.py) into
parsers.registry.parse; parsers work without one (None), falling back on what
the text itself shows.
"""
from __future__ import annotations

from typing import Protocol, Sequence


class Vocabulary(Protocol):
    def label_length(self, question_no: str, words: Sequence[str]) -> tuple[int, float] | None:
        """How many of `words` (the words after a printed question number, in
        order) make up that question's label in the revision whose label they
        fit best, and how well (0-100). None when no revision has the number
        or no prefix of `words` resembles its label."""

    def area_name_length(self, area_no: int | None, words: Sequence[str]) -> tuple[int, float] | None:
        """How many of `words` make up the name of area `area_no` (of any area
        when None) under any name a revision prints it, and how well (0-100).
        None when no prefix of `words` resembles such a name."""
