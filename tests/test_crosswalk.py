"""Invariants of the reviewed crosswalk and its concepts, and the fuzzy
suggestions for questions without a curated link."""
from __future__ import annotations

from collections import Counter

import dataclasses

import pytest

from normalize import catalogue, crosswalk
from normalize.catalogue import REVISIONS
from normalize.crosswalk import JOINING, RELATIONS, Link

IDS = {q.question_id for q in catalogue.questions()}


def rev(qid: str) -> str:
    return qid.split(":")[0]


def test_links_load_and_validate():
    links = crosswalk.load_crosswalk()
    assert len(links) > 100
    assert crosswalk.validate(links) == []


def test_ids_exist_revisions_adjacent_relations_valid_and_documented():
    for l in crosswalk.load_crosswalk():
        assert l.question_id_a in IDS and l.question_id_b in IDS, l
        assert REVISIONS.index(rev(l.question_id_b)) - REVISIONS.index(rev(l.question_id_a)) == 1, l
        assert l.relation in RELATIONS, l
        assert l.concept_id and l.rationale, l
        assert "\n" not in l.rationale


def test_every_revision_pair_is_covered():
    pairs = Counter(f"{rev(l.question_id_a)}-{rev(l.question_id_b)}" for l in crosswalk.load_crosswalk())
    assert set(pairs) == {"2002-2010", "2010-2016", "2016-2020"}
    assert min(pairs.values()) >= 30


def test_every_question_is_linked_or_explained_in_each_direction():
    linked = {(l.question_id_a, "forward") for l in crosswalk.load_crosswalk()}
    linked |= {(l.question_id_b, "backward") for l in crosswalk.load_crosswalk()}
    unlinked = {(u.question_id, u.direction): u.reason for u in crosswalk.load_unlinked()}
    assert len(unlinked) == len(crosswalk.load_unlinked()), "a question/direction is listed twice"
    for (qid, direction), reason in unlinked.items():
        assert qid in IDS and direction in ("backward", "forward") and reason.strip(), qid
        assert direction in crosswalk.adjacent(rev(qid)), (qid, direction)
        assert (qid, direction) not in linked, f"{qid} is both linked and unlinked {direction}"
    for q in catalogue.questions():
        for direction in crosswalk.adjacent(q.revision):
            assert (q.question_id, direction) in linked or (q.question_id, direction) in unlinked, \
                f"{q.question_id} has neither a link nor a reason {direction}"


def test_validation_catches_bad_rows():
    good = Link("2010:1.1", "2016:1.1", "same", "democracy_strategy", "x")
    assert crosswalk.validate([good]) == []
    bad = [
        Link("2010:1.1", "2020:1.1", "same", "c", "x"),  # not adjacent
        Link("2016:1.1", "2010:1.1", "same", "c", "x"),  # newer first
        Link("2010:1.1", "2010:1.2", "same", "c", "x"),  # inside one revision
        Link("2010:9.9", "2016:1.1", "same", "c", "x"),  # unknown id
        Link("2010:1.1", "2016:1.1", "similar", "c", "x"),  # unknown relation
        Link("2010:1.1", "2016:1.1", "same", "", "x"),  # no concept
        Link("2010:1.1", "2016:1.1", "same", "c", ""),  # no rationale
    ]
    for b in bad:
        assert crosswalk.validate([b]), b
    # one split part alone, and two 'same' counterparts for one question
    assert crosswalk.validate([Link("2010:8.6", "2016:8.6", "split", "c", "x")])
    assert crosswalk.validate([Link("2010:1.1", "2016:1.1", "same", "c", "x"),
                               Link("2010:1.1", "2016:1.2", "same", "c", "x")])
    # linked questions must share a concept
    assert crosswalk.validate([Link("2002:1.1", "2010:1.2", "same", "a", "x"),
                               Link("2010:1.2", "2016:1.2", "same", "b", "x")])


def test_same_and_reworded_are_one_to_one():
    fwd, back = Counter(), Counter()
    for l in crosswalk.load_crosswalk():
        if l.relation in ("same", "reworded"):
            fwd[l.question_id_a] += 1
            back[l.question_id_b] += 1
    assert max(fwd.values()) == 1 and max(back.values()) == 1


def test_split_and_merged_have_several_parts():
    links = crosswalk.load_crosswalk()
    splits = Counter(l.question_id_a for l in links if l.relation == "split")
    merges = Counter(l.question_id_b for l in links if l.relation == "merged")
    assert splits and min(splits.values()) >= 2
    assert merges and min(merges.values()) >= 2


def test_linked_questions_share_a_concept():
    for l in crosswalk.load_crosswalk():
        if l.relation in JOINING:
            assert crosswalk.concept_of(l.question_id_a) == crosswalk.concept_of(l.question_id_b) == l.concept_id


def test_concept_chains():
    chain = ["2002:1.1", "2010:1.2", "2016:1.2", "2020:1.2"]
    assert {crosswalk.concept_of(q) for q in chain} == {"citizen_information"}
    # side a only, side b only, and a question with no link at all
    assert crosswalk.concept_of("2002:8.4") == "international_contacts"
    assert crosswalk.concept_of("2020:2.4") == "local_partnerships"
    assert crosswalk.concept_of("2020:3.5") is None
    assert crosswalk.concept_of(None) is None
    # a question whose only link is partial takes the overlapping concept
    assert crosswalk.concept_of("2020:1.5") == "ethics"
    assert crosswalk.relations_of("2020:1.5") == ["partial"]
    assert crosswalk.relations_of("2016:8.7") == ["same", "split"]


def test_reorganised_areas_follow_content_not_numbers():
    pairs = {(l.question_id_a, l.question_id_b): l.relation for l in crosswalk.load_crosswalk()}
    # 2020 moved the areas: community building -> area 2, employer -> 7, leadership -> 8, users -> 5
    assert pairs[("2016:8.7", "2020:2.2")] in ("same", "reworded")
    assert pairs[("2016:8.6", "2020:2.3")] in ("same", "reworded")
    assert pairs[("2016:6.6", "2020:7.4")] in ("same", "reworded")
    assert pairs[("2016:4.6", "2020:8.5")] in ("same", "reworded")
    assert pairs[("2016:2.1", "2020:5.1")] in ("same", "reworded")
    assert ("2016:2.1", "2020:2.1") not in pairs and ("2016:7.1", "2020:7.1") not in pairs
    # 2016 rewrote area 7: its 7.4 (methods) continues 2010:7.2, its 7.2 (analysis) is new
    assert pairs[("2010:7.2", "2016:7.4")] == "reworded"
    assert not any(b == "2016:7.2" for _, b in pairs)
    assert ("2010:7.5", "2016:7.5") not in pairs  # IT support vs creativity: same number, other question
    # 2010's sustainable development was split into 2016's 8.6 and 8.7
    assert pairs[("2010:8.6", "2016:8.6")] == pairs[("2010:8.6", "2016:8.7")] == "split"


def test_similarity():
    s = crosswalk.similarity
    assert s("Hur informeras medborgarna?", "Hur informeras medborgarna?") == 100
    assert s("Social hållbarhet", "Hur främjas social hållbarhet?") >= 85
    assert s("Koncernstyrning", "Hur arbetar kommunen med internationella kontakter?") < 50
    assert s("", "x") == 0.0


def test_crosswalk_rows_match_the_spec_columns():
    rows = crosswalk.crosswalk_rows()
    assert len(rows) == len(crosswalk.load_crosswalk())
    assert {f.name for f in dataclasses.fields(rows[0])} >= {
        "question_id_a", "question_id_b", "relation", "similarity", "method", "concept_id"}
    for r in rows:
        assert r.method == "curated" and 0 <= r.similarity <= 100


def test_suggest_runs_and_covers_every_unlinked_direction():
    suggestions = crosswalk.suggest(limit=2)
    unlinked = {(u.question_id, u.direction) for u in crosswalk.load_unlinked()}
    assert {(s.question_id, s.direction) for s in suggestions} == unlinked
    for s in suggestions:
        assert len(s.candidates) == 2
        assert all(rev(c.question_id) == s.target_revision for c in s.candidates)
        assert s.candidates[0].similarity >= s.candidates[1].similarity
        assert s.reviewed_reason
    text = crosswalk.format_suggestions(suggestions)
    assert "2020:3.5" in text and "Koncernstyrning" in text
    assert crosswalk.format_suggestions([]).startswith("Every question")


@pytest.mark.parametrize("qid", ["2016:8.7", "2020:7.2", "2010:2.2"])
def test_links_of(qid):
    assert crosswalk.links_of(qid)
