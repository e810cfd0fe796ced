"""The question catalogue of every Kommunkompassen revision, and fuzzy matching
of printed labels and area names against it.

Revisions: "2002" (original, used 2002-2009), "2010", "2016", "2020" (the
2019/2020 revision). The data lives in normalize/data/*.csv; canonical labels
are the printed ones with obvious typos fixed, so every printed form still
matches at >= 90.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from statistics import fmean

from rapidfuzz import fuzz

from store.schema import QuestionRow

DATA = Path(__file__).resolve().parent / "data"
REVISIONS: tuple[str, ...] = ("2002", "2010", "2016", "2020")
# An area name below this similarity to every variant is not trusted to be any area.
MIN_AREA_SCORE = 70.0
# detect_revision answers None when even the best revision fits this badly.
MIN_REVISION_SCORE = 60.0


@dataclass(frozen=True, slots=True)
class Question:
    revision: str
    question_id: str  # "<revision>:<question_no>", e.g. "2016:3.4"
    area_no: int
    question_no: str
    label: str  # canonical label
    max: float | None  # None for 2002, whose maxima were never printed


@dataclass(frozen=True, slots=True)
class AreaName:
    revision: str
    area_no: int
    name: str
    canonical: bool


@dataclass(frozen=True, slots=True)
class Topic:
    revision: str
    area_no: int
    topic: str  # a short "Rubriker" name
    question_no: str | None


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def _questions() -> tuple[Question, ...]:
    return tuple(
        Question(r["revision"], f"{r['revision']}:{r['question_no']}", int(r["area_no"]), r["question_no"],
                 r["label"], float(r["max"]) if r["max"] else None)
        for r in _read("questions.csv"))


@cache
def _by_id() -> dict[str, Question]:
    return {q.question_id: q for q in _questions()}


@cache
def _areas() -> tuple[AreaName, ...]:
    return tuple(AreaName(r["revision"], int(r["area_no"]), r["name"], r["canonical"] == "1")
                 for r in _read("areas.csv"))


@cache
def topics() -> tuple[Topic, ...]:
    return tuple(Topic(r["revision"], int(r["area_no"]), r["topic"], r["question_no"] or None)
                 for r in _read("topics.csv"))


def _check_revision(revision: str) -> None:
    if revision not in REVISIONS:
        raise ValueError(f"unknown revision {revision!r}; known: {', '.join(REVISIONS)}")


def questions(revision: str | None = None) -> list[Question]:
    if revision is not None:
        _check_revision(revision)
    return [q for q in _questions() if revision is None or q.revision == revision]


def question(question_id: str) -> Question | None:
    return _by_id().get(question_id)


def area_names(revision: str) -> dict[int, list[str]]:
    """Every name an area is printed under, canonical first (a copy: the
    caller may change it)."""
    return {no: list(names) for no, names in _area_names(revision).items()}


@cache
def _area_names(revision: str) -> dict[int, tuple[str, ...]]:
    _check_revision(revision)
    out: dict[int, list[str]] = {}
    for a in sorted((a for a in _areas() if a.revision == revision), key=lambda a: (a.area_no, not a.canonical)):
        out.setdefault(a.area_no, []).append(a.name)
    return {no: tuple(names) for no, names in out.items()}


# ---------------------------------------------------------------- normalising

_TAG = re.compile(r"<[^>]+>|\*\*")
_QUOTES = re.compile(r"[\"'”“„‘’«»]")
# A hyphen that ends a wrapped line ("brukarunder-\nsökningar", or already
# collapsed to "brukarunder- sökningar"), unless the next word shows a real
# "X- och Y" construction.
_BREAK = re.compile(r"(?<=\w)-\s+(?!(?:och|eller|samt|respektive|resp|till|som)\b)(?=\w)", re.I)
_NUMBER_PREFIX = re.compile(r"^\s*(?:område\s+)?\d+(?:\.\d+)?\.?\s+", re.I)


@lru_cache(maxsize=8192)  # catalogue labels are compared against every report's labels
def normalize_text(text: str) -> str:
    """Fold the differences that layout and typing make, not the wording:
    case, markup, quotes, dashes, hyphenated line breaks, spacing, a leading
    number ("2.5", "Område 3") and trailing punctuation."""
    t = unicodedata.normalize("NFC", text)
    t = _TAG.sub(" ", t)
    t = _QUOTES.sub("", t)
    t = re.sub(r"[‐‑‒–—−]", "-", t)
    t = _BREAK.sub("", t)
    t = re.sub(r"\s+-\s+", " ", t)  # "Etik - hur", "arbetsgivare - personalpolitik"
    t = re.sub(r"\s*/\s*", "/", t)  # "avdelningar/ enheter"
    t = re.sub(r"[,;:()]", " ", t)
    t = " ".join(t.split()).casefold()
    t = _NUMBER_PREFIX.sub("", t)
    return t.strip(" ?.!")


@lru_cache(maxsize=65536)  # reports print the same labels: a report compares each one several times
def label_score(printed: str, canonical: str) -> float:
    """0-100 similarity of a printed label to a canonical one. Plain ratio, not
    token_set_ratio: a label that is a prefix of another ("Hur informeras
    medborgarna?" / "... om resultat?") must not score 100. The space-free
    ratio forgives split/joined words ("systemför"), token_sort word order."""
    a, b = normalize_text(printed), normalize_text(canonical)
    if not a or not b:
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")),
               fuzz.token_sort_ratio(a, b))


# ---------------------------------------------------------------- matching

def match_question(revision: str, question_no: str, label: str) -> tuple[str | None, float]:
    """(question_id, similarity of the printed label to that question's
    canonical label). The number decides the id; the score tells whether to
    trust it. A number the revision lacks gives (None, best score over the
    revision's labels)."""
    _check_revision(revision)
    no = question_no.strip().rstrip(".")
    q = _by_id().get(f"{revision}:{no}")
    if q is not None:
        return q.question_id, label_score(label, q.label)
    return None, max((label_score(label, x.label) for x in questions(revision)), default=0.0)


def match_area(revision: str, name: str) -> tuple[int | None, float]:
    """(area_no, score) of the best-matching printed name variant; area_no is
    None when even the best variant scores below MIN_AREA_SCORE."""
    _check_revision(revision)
    best_no, best = None, 0.0
    for no, names in _area_names(revision).items():
        for variant in names:
            s = label_score(name, variant)
            if s > best:
                best_no, best = no, s
    return (best_no if best >= MIN_AREA_SCORE else None), best


def _revision_score(revision: str, area_names_: list[str], labels: list[tuple[str, str]]) -> float:
    # A label is compared with the label of the same number only: the
    # revisions share numbers but not content, and 2010/2016 share many
    # labels, so the questions that differ (2.4-2.6, area 7, 8.6/8.7) decide.
    parts: list[tuple[float, float]] = []
    if labels:
        by_no = {q.question_no: q.label for q in questions(revision)}
        scores = [label_score(lbl, by_no[no.strip().rstrip(".")]) if no.strip().rstrip(".") in by_no else 0.0
                  for no, lbl in labels]
        parts.append((fmean(scores), 0.8))
    names = [n for n in area_names_ if n and n.strip()]
    if names:
        parts.append((fmean(match_area(revision, n)[1] for n in names), 0.2))
    if not parts:
        return 0.0
    return sum(s * w for s, w in parts) / sum(w for _, w in parts)


def detect_revision(area_names: list[str], labels: list[tuple[str, str]]) -> tuple[str | None, float, dict[str, float]]:
    """Which revision's catalogue one report's printed content fits best.
    area_names: names as printed (overview headers, headings); labels:
    (question_no, label) pairs. Returns (revision or None, its score, every
    revision's score). Content only: the year is never consulted, because
    evaluations near a revision change use either instrument."""
    scores = {rev: round(_revision_score(rev, list(area_names), list(labels)), 2) for rev in REVISIONS}
    best = max(REVISIONS, key=lambda r: scores[r])
    if scores[best] < MIN_REVISION_SCORE:
        return None, scores[best], scores
    return best, scores[best], scores


def question_rows(concept_of) -> list[QuestionRow]:
    """The catalogue as rows of the corpus's questions table; `concept_of`
    gives a question's harmonised concept (from the crosswalk)."""
    names = {rev: area_names(rev) for rev in REVISIONS}
    return [QuestionRow(revision=q.revision, question_id=q.question_id, area_no=q.area_no, question_no=q.question_no,
                        label=q.label, max=q.max, area_name=(names[q.revision].get(q.area_no) or [None])[0],
                        concept_id=concept_of(q.question_id)) for q in _questions()]
