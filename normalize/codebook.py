"""The concepts codebook: what each harmonised concept is (labels and a
definition from data/concepts.csv), which questions of which revisions carry
it, and how it compares between any two revisions.

A concept's chain is the crosswalk links whose two questions both carry it.
Between two revisions the concept compares as the weakest relation on the
links it crosses (same < reworded < split/merged < partial): ethics, for
instance, is `reworded` from 2010 to 2016 but only `partial` from 2016 (or
2010) to 2020, because 2020:1.5 reaches the concept through a partial link.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from store.schema import ConceptComparabilityRow, ConceptRow

from . import crosswalk
from .catalogue import REVISIONS
from .concepts import CAVEATS

DATA = Path(__file__).resolve().parent / "data"
# How much a relation weakens a comparison; split and merged are alike.
RANK = {"same": 0, "reworded": 1, "split": 2, "merged": 2, "partial": 3}
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Label:
    concept_id: str
    label_sv: str
    label_en: str
    definition: str


class CodebookError(ValueError):
    pass


@cache
def labels() -> dict[str, Label]:
    """concept_id -> its labels and definition (normalize/data/concepts.csv)."""
    with open(DATA / "concepts.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out: dict[str, Label] = {}
    problems = []
    for n, r in enumerate(rows, start=2):
        lab = Label(*(str(r.get(k) or "").strip() for k in ("concept_id", "label_sv", "label_en", "definition")))
        if not _SLUG.match(lab.concept_id):
            problems.append(f"line {n}: concept_id {lab.concept_id!r} is not a lower_snake_case slug")
        if not (lab.label_sv and lab.label_en and lab.definition):
            problems.append(f"line {n} ({lab.concept_id}): label_sv, label_en and definition are all needed")
        if lab.concept_id in out:
            problems.append(f"line {n}: {lab.concept_id} appears twice")
        out[lab.concept_id] = lab
    if problems:
        raise CodebookError("normalize/data/concepts.csv is invalid:\n  " + "\n  ".join(problems))
    return out


def weakest(relations) -> str:
    """The weakest of some relations (ties: the first in crosswalk.RELATIONS order)."""
    rels = sorted(set(relations), key=crosswalk.RELATIONS.index)
    return max(rels, key=lambda r: RANK[r]) if rels else "same"


def caveat(relations) -> str | None:
    """What to keep in mind about a comparison across links of these relations."""
    rels = sorted(set(relations), key=crosswalk.RELATIONS.index)
    return "; ".join(dict.fromkeys(CAVEATS[r] for r in rels if CAVEATS.get(r))) or None


def _revision(question_id: str) -> str:
    return question_id.split(":", 1)[0]


@cache
def chains() -> dict[str, tuple[crosswalk.Link, ...]]:
    """concept_id -> the links whose two questions both carry it."""
    out: dict[str, list[crosswalk.Link]] = defaultdict(list)
    for link in crosswalk.load_crosswalk():
        c = crosswalk.concept_of(link.question_id_a)
        if c and c == crosswalk.concept_of(link.question_id_b):
            out[c].append(link)
    return {c: tuple(ls) for c, ls in out.items()}


def relations_between(concept_id: str, revision_a: str, revision_b: str) -> list[str] | None:
    """The relations on the concept's links from one revision to another, in
    crosswalk order ([] for one revision); None when the chain is broken
    between them (a revision in between does not carry the concept)."""
    i, j = sorted((REVISIONS.index(revision_a), REVISIONS.index(revision_b)))
    links = chains().get(concept_id, ())
    rels: set[str] = set()
    for k in range(i, j):
        step = [l.relation for l in links
                if _revision(l.question_id_a) == REVISIONS[k] and _revision(l.question_id_b) == REVISIONS[k + 1]]
        if not step:
            return None
        rels.update(step)
    return sorted(rels, key=crosswalk.RELATIONS.index)


def concept_rows() -> list[ConceptRow]:
    """One row per concept of the crosswalk, with its labels from concepts.csv."""
    labs = labels()
    rows = []
    for cid, qids in crosswalk.concepts().items():
        lab = labs.get(cid)
        if lab is None:
            raise CodebookError(f"concept {cid!r} of the crosswalk has no row in normalize/data/concepts.csv")
        rels = sorted({l.relation for l in chains().get(cid, ())}, key=crosswalk.RELATIONS.index)
        revs = sorted({_revision(q) for q in qids}, key=REVISIONS.index)
        rows.append(ConceptRow(concept_id=cid, label_sv=lab.label_sv, label_en=lab.label_en,
                               definition=lab.definition, revisions=revs, question_ids=list(qids),
                               weakest_relation=weakest(rels), relations=rels))
    return rows


def comparability_rows() -> list[ConceptComparabilityRow]:
    """For every concept and pair of revisions (older first, or the same
    revision twice) that both carry it, how the concept compares."""
    rows = []
    for cid, qids in crosswalk.concepts().items():
        by_rev: dict[str, list[str]] = defaultdict(list)
        for q in qids:
            by_rev[_revision(q)].append(q)
        revs = sorted(by_rev, key=REVISIONS.index)
        for i, ra in enumerate(revs):
            for rb in revs[i:]:
                rels = relations_between(cid, ra, rb)
                if rels is None:
                    continue
                rows.append(ConceptComparabilityRow(
                    concept_id=cid, revision_a=ra, revision_b=rb, question_ids_a=by_rev[ra],
                    question_ids_b=by_rev[rb], relation=weakest(rels), relations=rels, caveat=caveat(rels)))
    return rows
