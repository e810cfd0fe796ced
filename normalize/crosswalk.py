"""The reviewed links between sub-questions of adjacent revisions
(2002<->2010, 2010<->2016, 2016<->2020), the harmonised concepts they define,
and fuzzy suggestions for questions nobody has linked yet.

Concepts: questions joined by same / reworded / split / merged links form one
concept (a connected component), so a concept means the same thing in every
revision and a split or merged concept is compared over all its parts. A
partial link never merges two concepts: it only overlaps. Its row carries the
concept of its older side, or of its newer side when the older has none, and
a question whose only links are partial takes that concept — so a concept can
reach a revision through a partial link (ethics: 2016:1.5 partial 2020:1.5).
normalize/codebook.py says how each concept compares between two revisions.

Data: normalize/data/crosswalk.csv (links) and unlinked.csv (questions with
no counterpart on one side, and why).
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz

from store.schema import CrosswalkRow, UnlinkedQuestionRow

from . import catalogue
from .catalogue import REVISIONS, normalize_text

DATA = Path(__file__).resolve().parent / "data"
RELATIONS = ("same", "reworded", "split", "merged", "partial")
JOINING = frozenset({"same", "reworded", "split", "merged"})  # relations that share a concept
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Link:
    question_id_a: str  # older revision
    question_id_b: str  # newer revision
    relation: str
    concept_id: str
    rationale: str


@dataclass(frozen=True, slots=True)
class Unlinked:
    question_id: str
    direction: str  # "backward": nothing in the older revision; "forward": nothing in the newer
    reason: str


@dataclass(frozen=True, slots=True)
class Candidate:
    question_id: str
    label: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    question_id: str
    label: str
    direction: str  # towards the "backward" (older) or "forward" (newer) revision
    target_revision: str
    reviewed_reason: str | None  # set when unlinked.csv already says why there is no link
    candidates: tuple[Candidate, ...]


class CrosswalkError(ValueError):
    pass


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _revision(question_id: str) -> str:
    return question_id.split(":", 1)[0]


def adjacent(revision: str) -> dict[str, str]:
    """{"backward": older, "forward": newer} neighbours of a revision."""
    i = REVISIONS.index(revision)
    out = {}
    if i > 0:
        out["backward"] = REVISIONS[i - 1]
    if i + 1 < len(REVISIONS):
        out["forward"] = REVISIONS[i + 1]
    return out


# ---------------------------------------------------------------- loading

@cache
def _links() -> tuple[Link, ...]:
    links = tuple(Link(r["question_id_a"].strip(), r["question_id_b"].strip(), r["relation"].strip(),
                       r["concept_id"].strip(), r["rationale"].strip()) for r in _read("crosswalk.csv"))
    problems = validate(links)
    if problems:
        raise CrosswalkError("normalize/data/crosswalk.csv is invalid:\n  " + "\n  ".join(problems))
    return links


def load_crosswalk() -> list[Link]:
    return list(_links())


@cache
def _unlinked() -> tuple[Unlinked, ...]:
    return tuple(Unlinked(r["question_id"].strip(), r["direction"].strip(), r["reason"].strip())
                 for r in _read("unlinked.csv"))


def load_unlinked() -> list[Unlinked]:
    return list(_unlinked())


def _components(links: tuple[Link, ...] | list[Link]) -> dict[str, str]:
    """question_id -> representative, over the concept-joining links (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link.relation in JOINING:
            parent[find(link.question_id_a)] = find(link.question_id_b)
    return {q: find(q) for q in parent}


def validate(links: tuple[Link, ...] | list[Link]) -> list[str]:
    """Every problem in the links, as readable lines (empty when valid)."""
    known = {q.question_id for q in catalogue.questions()}
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for n, l in enumerate(links, start=2):  # line 1 is the header
        where = f"line {n} ({l.question_id_a} -> {l.question_id_b})"
        for q in (l.question_id_a, l.question_id_b):
            if q not in known:
                problems.append(f"{where}: {q} is not in questions.csv")
        ra, rb = _revision(l.question_id_a), _revision(l.question_id_b)
        if ra == rb:
            problems.append(f"{where}: links inside one revision")
        elif ra in REVISIONS and rb in REVISIONS and REVISIONS.index(rb) - REVISIONS.index(ra) != 1:
            problems.append(f"{where}: revisions are not adjacent (older first)")
        if l.relation not in RELATIONS:
            problems.append(f"{where}: relation {l.relation!r} not one of {', '.join(RELATIONS)}")
        if not _SLUG.match(l.concept_id):
            problems.append(f"{where}: concept_id {l.concept_id!r} is not a lower_snake_case slug")
        if not l.rationale:
            problems.append(f"{where}: no rationale")
        if (l.question_id_a, l.question_id_b) in seen:
            problems.append(f"{where}: duplicate link")
        seen.add((l.question_id_a, l.question_id_b))
    if problems:
        return problems
    problems += _check_shapes(links)
    problems += _check_concepts(links)
    return problems


def _check_shapes(links) -> list[str]:
    # A question has at most one same/reworded counterpart per direction; a
    # split has >= 2 parts and nothing else joining on that side; likewise merged.
    fwd: dict[str, list[Link]] = defaultdict(list)
    back: dict[str, list[Link]] = defaultdict(list)
    for l in links:
        if l.relation in JOINING:
            fwd[l.question_id_a].append(l)
            back[l.question_id_b].append(l)
    out = []
    for side, groups, many in (("forward", fwd, "split"), ("backward", back, "merged")):
        for q, ls in groups.items():
            rels = [l.relation for l in ls]
            if many in rels and (rels.count(many) < 2 or len(set(rels)) > 1):
                out.append(f"{q}: a '{many}' needs >= 2 '{many}' links and no other joining link {side} ({rels})")
            elif many not in rels and len(ls) > 1:
                out.append(f"{q}: {len(ls)} joining links {side}; use '{'merged' if many == 'split' else 'split'}' "
                           f"or 'partial' ({rels})")
    return out


def _check_concepts(links) -> list[str]:
    comp = _components(links)
    concept_of_comp: dict[str, set[str]] = defaultdict(set)
    for l in links:
        if l.relation in JOINING:
            concept_of_comp[comp[l.question_id_a]].add(l.concept_id)
    out = []
    owner: dict[str, str] = {}
    for root, cs in concept_of_comp.items():
        if len(cs) > 1:
            members = sorted(q for q, r in comp.items() if r == root)
            out.append(f"linked questions {', '.join(members)} carry several concepts: {', '.join(sorted(cs))}")
        for c in cs:
            if c in owner and owner[c] != root:
                out.append(f"concept {c!r} is used by two unlinked groups of questions")
            owner[c] = root
    for l in links:
        if l.relation != "partial":
            continue
        ca = next(iter(concept_of_comp[comp[l.question_id_a]]), None) if l.question_id_a in comp else None
        cb = next(iter(concept_of_comp[comp[l.question_id_b]]), None) if l.question_id_b in comp else None
        expected = ca or cb
        if expected and l.concept_id != expected:
            out.append(f"partial {l.question_id_a} -> {l.question_id_b}: concept should be {expected!r} "
                       f"(the older side's, else the newer side's), not {l.concept_id!r}")
        if not expected and l.concept_id in owner:
            out.append(f"partial {l.question_id_a} -> {l.question_id_b}: concept {l.concept_id!r} belongs to "
                       f"other questions")
    return out


# ---------------------------------------------------------------- concepts

@cache
def _concepts() -> dict[str, str]:
    links = _links()
    comp = _components(links)
    by_root = {comp[l.question_id_a]: l.concept_id for l in links if l.relation in JOINING}
    out = {q: by_root[r] for q, r in comp.items()}
    for l in links:  # file order: a partial-only question takes its first partial row's concept
        if l.relation == "partial":
            for q in (l.question_id_a, l.question_id_b):
                out.setdefault(q, l.concept_id)
    return out


def concept_of(question_id: str | None) -> str | None:
    """The harmonised concept of a question, from either side of its links."""
    return _concepts().get(question_id) if question_id else None


def concepts() -> dict[str, list[str]]:
    """concept_id -> its question ids, in catalogue order."""
    out: dict[str, list[str]] = defaultdict(list)
    for q in catalogue.questions():
        c = concept_of(q.question_id)
        if c:
            out[c].append(q.question_id)
    return dict(out)


def links_of(question_id: str) -> list[Link]:
    return [l for l in _links() if question_id in (l.question_id_a, l.question_id_b)]


def relations_of(question_id: str | None) -> list[str]:
    """The distinct relations of a question's links, sorted."""
    return sorted({l.relation for l in links_of(question_id)}) if question_id else []


# ---------------------------------------------------------------- similarity

# Function words and the ubiquitous "kommunen": they make unrelated labels look alike.
_STOP = frozenset("""
hur och i för med av om på till det den de en ett som att har är finns sker samt vilka vilken vilket
kring mellan inom genom kommunen kommunens kommun arbetar sig alla hela
""".split())


def _content(text: str) -> str:
    return " ".join(w for w in re.split(r"[\s/]+", normalize_text(text)) if w and w not in _STOP)


def similarity(label_a: str, label_b: str) -> float:
    """0-100 text similarity of two labels from different revisions: the mean
    of token-set and token-sort ratio over content words, or the plain ratio
    when that is higher. Token-set lets a short topic name ("Social
    hållbarhet") meet the full question that contains it."""
    a, b = _content(label_a), _content(label_b)
    if not a or not b:
        return 0.0
    words = (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2
    return round(max(words, fuzz.ratio(normalize_text(label_a), normalize_text(label_b))), 2)


@cache
def _texts() -> dict[str, tuple[str, ...]]:
    """Every wording of a question: its label and its short topic names."""
    out: dict[str, list[str]] = {q.question_id: [q.label] for q in catalogue.questions()}
    for t in catalogue.topics():
        if t.question_no and f"{t.revision}:{t.question_no}" in out:
            out[f"{t.revision}:{t.question_no}"].append(t.topic)
    return {q: tuple(dict.fromkeys(ts)) for q, ts in out.items()}


def _best(qid_a: str, qid_b: str) -> float:
    texts = _texts()
    return max(similarity(x, y) for x in texts[qid_a] for y in texts[qid_b])


def suggest(limit: int = 3) -> list[Suggestion]:
    """For every question and adjacent revision with no curated link between
    them, the `limit` most similar questions there (labels and topics)."""
    linked: set[tuple[str, str]] = set()
    for l in _links():
        linked.add((l.question_id_a, "forward"))
        linked.add((l.question_id_b, "backward"))
    reasons = {(u.question_id, u.direction): u.reason for u in _unlinked()}
    out = []
    for q in catalogue.questions():
        for direction, target in adjacent(q.revision).items():
            if (q.question_id, direction) in linked:
                continue
            ranked = sorted(((_best(q.question_id, c.question_id), c) for c in catalogue.questions(target)),
                            key=lambda x: (-x[0], x[1].area_no, x[1].question_no))[:limit]
            out.append(Suggestion(q.question_id, q.label, direction, target,
                                  reasons.get((q.question_id, direction)),
                                  tuple(Candidate(c.question_id, c.label, s) for s, c in ranked)))
    return out


def format_suggestions(suggestions: list[Suggestion] | None = None, limit: int = 3) -> str:
    """Suggestions as text for a reviewer (python pipeline.py crosswalk --suggest)."""
    suggestions = suggest(limit) if suggestions is None else suggestions
    if not suggestions:
        return "Every question has a curated link in each direction.\n"
    lines = [f"{len(suggestions)} question/direction pairs without a curated link "
             f"(review, then add to normalize/data/crosswalk.csv or unlinked.csv):", ""]
    for s in suggestions:
        arrow = "->" if s.direction == "forward" else "<-"
        lines.append(f"{s.question_id} {arrow} {s.target_revision}: {s.label}")
        if s.reviewed_reason:
            lines.append(f"    reviewed, no counterpart: {s.reviewed_reason}")
        for c in s.candidates:
            lines.append(f"    {c.similarity:5.1f}  {c.question_id}  {c.label}")
        lines.append("")
    return "\n".join(lines)


def crosswalk_rows() -> list[CrosswalkRow]:
    """The curated links as rows of the corpus's crosswalk table."""
    return [CrosswalkRow(question_id_a=l.question_id_a, question_id_b=l.question_id_b, relation=l.relation,
                         similarity=_label_similarity(l.question_id_a, l.question_id_b), method="curated",
                         concept_id=l.concept_id, rationale=l.rationale) for l in _links()]


def unlinked_rows() -> list[UnlinkedQuestionRow]:
    """Questions with no counterpart in an adjacent revision, with the reviewer's reason."""
    return [UnlinkedQuestionRow(question_id=u.question_id, direction=u.direction,
                                other_revision=adjacent(_revision(u.question_id)).get(u.direction), reason=u.reason)
            for u in _unlinked()]


def _label_similarity(qid_a: str, qid_b: str) -> float:
    a, b = catalogue.question(qid_a), catalogue.question(qid_b)
    return similarity(a.label, b.label) if a and b else 0.0
