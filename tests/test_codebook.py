"""The concepts codebook (normalize/codebook.py, normalize/data/concepts.csv):
every concept of the crosswalk has labels and a definition and vice versa,
and the comparability of a concept between two revisions is the weakest
relation on the links it crosses."""
from __future__ import annotations

import csv

import pytest

from normalize import codebook, crosswalk
from normalize.catalogue import REVISIONS


def test_every_crosswalk_concept_has_a_codebook_row_and_vice_versa():
    with open(codebook.DATA / "concepts.csv", encoding="utf-8", newline="") as f:
        in_file = [r["concept_id"] for r in csv.DictReader(f)]
    in_crosswalk = {l.concept_id for l in crosswalk.load_crosswalk()}
    assert len(in_file) == len(set(in_file)), "a concept listed twice"
    assert set(in_file) == in_crosswalk == set(crosswalk.concepts())


def test_labels_are_filled_and_look_like_their_language():
    for lab in codebook.labels().values():
        assert lab.label_sv and lab.label_en and lab.definition.endswith("."), lab
        assert len(lab.definition) < 250, lab.concept_id  # one sentence
        assert lab.label_sv != lab.label_en or lab.label_sv.startswith("IT"), lab.concept_id
    # Swedish where the questions are Swedish, with å/ä/ö intact
    assert codebook.labels()["ethics"].label_sv == "Etik och tillit"
    assert "ä" in codebook.labels()["diversity"].label_sv


def test_concept_rows_carry_questions_revisions_and_the_weakest_relation():
    rows = {r.concept_id: r for r in codebook.concept_rows()}
    assert set(rows) == set(crosswalk.concepts())
    ethics = rows["ethics"]
    assert ethics.question_ids == ["2010:1.5", "2016:1.5", "2020:1.5"]
    assert ethics.revisions == ["2010", "2016", "2020"]
    assert ethics.relations == ["reworded", "partial"] and ethics.weakest_relation == "partial"
    for r in rows.values():
        assert r.revisions == sorted({q.split(":")[0] for q in r.question_ids}, key=REVISIONS.index)
        assert r.weakest_relation in crosswalk.RELATIONS


@pytest.mark.parametrize("a, b, relation", [
    ("2010", "2016", "reworded"),   # the reworded link alone
    ("2016", "2020", "partial"),    # 2020:1.5 only partly overlaps
    ("2010", "2020", "partial"),    # the weakest on the chain
    ("2020", "2020", "same"),       # one revision: the same question
])
def test_ethics_compares_as_the_weakest_link_between_two_revisions(a, b, relation):
    rows = {(r.revision_a, r.revision_b): r for r in codebook.comparability_rows() if r.concept_id == "ethics"}
    row = rows[(a, b)]
    assert row.relation == relation
    assert (row.caveat is None) == (relation == "same")
    if relation == "partial":
        assert "indicative" in row.caveat


def test_every_concept_compares_between_every_pair_of_its_revisions():
    # The chain of a concept is never broken: links only join adjacent revisions.
    pairs = {}
    for r in codebook.comparability_rows():
        pairs.setdefault(r.concept_id, set()).add((r.revision_a, r.revision_b))
        assert REVISIONS.index(r.revision_a) <= REVISIONS.index(r.revision_b)
        assert r.question_ids_a and r.question_ids_b
    for c in codebook.concept_rows():
        n = len(c.revisions)
        assert len(pairs[c.concept_id]) == n * (n + 1) // 2, c.concept_id


def test_weakest():
    assert codebook.weakest(["same", "reworded"]) == "reworded"
    assert codebook.weakest(["merged", "split", "same"]) == "split"
    assert codebook.weakest(["split", "partial"]) == "partial"
    assert codebook.weakest([]) == "same"
