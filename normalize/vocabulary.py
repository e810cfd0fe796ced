"""The catalogue's wording offered to the parsers (parsers/hints.py
Vocabulary): where a question's label or an area's name that starts a run of
words ends, for texts that lost their line breaks (web transcripts).

Every revision is tried, because the parser does not know the revision yet
(normalize/revision.py decides it later, from what the parser read).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz

from . import catalogue

# A prefix that matches a label or a name worse than this is not it.
MIN_LABEL_SCORE = 75.0
MIN_AREA_SCORE = 80.0
# A printed label may run this many words past the catalogue's (wording
# differs between printings).
SLACK_WORDS = 6


@lru_cache(maxsize=1)
def _labels() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for q in catalogue.questions():
        out.setdefault(q.question_no, []).append(q.label)
    return {no: tuple(dict.fromkeys(v)) for no, v in out.items()}


@lru_cache(maxsize=1)
def _area_names() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for rev in catalogue.REVISIONS:
        for no, names in catalogue.area_names(rev).items():
            out.setdefault(no, []).extend(names)
    return {no: tuple(dict.fromkeys(v)) for no, v in out.items()}


def _best_prefix(words: Sequence[str], targets: Sequence[str], minimum: float) -> tuple[int, float] | None:
    """The prefix of `words` most like one of `targets` (the longer one on a
    tie), by the order-keeping similarity of the normalized texts; its
    length and its label_score against that target."""
    best = None  # (ratio, k, target)
    for target in targets:
        norm_t = catalogue.normalize_text(target)
        if not norm_t:
            continue
        limit = min(len(words), len(target.split()) + SLACK_WORDS)
        for k in range(1, limit + 1):
            r = fuzz.ratio(catalogue.normalize_text(" ".join(words[:k])), norm_t)
            if best is None or r > best[0] or (r == best[0] and k > best[1]):
                best = (r, k, target)
    if best is None:
        return None
    score = catalogue.label_score(" ".join(words[:best[1]]), best[2])
    return (best[1], score) if score >= minimum else None


class CatalogueVocabulary:
    """parsers.hints.Vocabulary from the question catalogue of every revision."""

    def label_length(self, question_no: str, words: Sequence[str]) -> tuple[int, float] | None:
        targets = _labels().get(question_no.strip().rstrip("."), ())
        return _best_prefix(list(words), targets, MIN_LABEL_SCORE) if targets and words else None

    def area_name_length(self, area_no: int | None, words: Sequence[str]) -> tuple[int, float] | None:
        names = _area_names()
        targets = names.get(area_no, ()) if area_no is not None else tuple(n for v in names.values() for n in v)
        return _best_prefix(list(words), targets, MIN_AREA_SCORE) if targets and words else None


VOCABULARY = CatalogueVocabulary()
