"""The question catalogue: its data, label and area matching, and revision
detection, checked against every answer key of the shared corpus."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from normalize import catalogue
from normalize.catalogue import REVISIONS, detect_revision, match_area, match_question

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXPECTED = SHARED / "corpus" / "expected"


def _keys() -> list[Path]:
    return sorted(EXPECTED.glob("*.json")) if EXPECTED.is_dir() else []


def _need_keys() -> None:
    if not _keys():
        pytest.skip(f"no answer keys: {EXPECTED} is absent (the shared corpus lives beside the project)")


def _content(path: Path) -> tuple[str, list[dict], list[str]]:
    """(revision, sub-questions, printed area names) of one answer key; the
    2002 compilation has only its question framework."""
    key = json.loads(path.read_text(encoding="utf-8"))
    subs = key["subquestions"] or [q for a in key.get("framework", []) for q in a["questions"]]
    names = [n for a in key["areas"] for n in (a["name"], a["heading_name"]) if n]
    names += [a["area_name"] for a in key.get("framework", [])]
    return key["evaluation"]["revision"], subs, names


# ---------------------------------------------------------------- the data

def test_every_revision_has_eight_areas_and_maxima_summing_to_100():
    for rev in REVISIONS:
        qs = catalogue.questions(rev)
        assert {q.area_no for q in qs} == set(range(1, 9)), rev
        per_area = defaultdict(list)
        for q in qs:
            assert q.question_id == f"{rev}:{q.question_no}"
            assert q.question_no.split(".")[0] == str(q.area_no)
            per_area[q.area_no].append(q)
        for area, aqs in per_area.items():
            assert 3 <= len(aqs) <= 7, (rev, area)
            if rev == "2002":
                assert all(q.max is None for q in aqs)  # never printed
            else:
                assert sum(q.max for q in aqs) == 100, (rev, area)
    assert len({q.question_id for q in catalogue.questions()}) == len(catalogue.questions())


def test_question_counts():
    assert {r: len(catalogue.questions(r)) for r in REVISIONS} == {"2002": 37, "2010": 45, "2016": 45, "2020": 37}


def test_area_names_have_one_canonical_name_first():
    for rev in REVISIONS:
        names = catalogue.area_names(rev)
        assert sorted(names) == list(range(1, 9))
    assert catalogue.area_names("2016")[2][0] == "Brukarfokus, tillgänglighet och bemötande"
    assert catalogue.area_names("2020")[8][0] == "Chefs- och ledarskap samt medarbetarskap"


def test_unknown_revision_is_an_error():
    with pytest.raises(ValueError):
        catalogue.questions("1999")


# ---------------------------------------------------------------- answer keys

def test_every_answer_key_subquestion_matches_its_revision():
    _need_keys()
    checked = 0
    for path in _keys():
        rev, subs, _ = _content(path)
        for q in subs:
            qid, score = match_question(rev, q["question_no"], q["label"])
            assert qid == f"{rev}:{q['question_no']}", (path.name, q)
            assert score >= 90, (path.name, q["question_no"], q["label"], score)
            checked += 1
    assert checked >= 150


def test_every_answer_key_area_name_resolves_to_its_area():
    _need_keys()
    for path in _keys():
        key = json.loads(path.read_text(encoding="utf-8"))
        rev = key["evaluation"]["revision"]
        for a in key["areas"]:
            for name in (a["name"], a["heading_name"]):
                if name:
                    assert match_area(rev, name) == (a["area_no"], 100.0), (path.name, name)
        for a in key.get("framework", []):
            assert match_area(rev, a["area_name"])[0] == a["area_no"]


def test_detect_revision_from_each_answer_key():
    _need_keys()
    for path in _keys():
        rev, subs, names = _content(path)
        labels = [(q["question_no"], q["label"]) for q in subs]
        for args in ((names, labels), ([], labels)):
            got, score, scores = detect_revision(*args)
            assert got == rev, (path.name, scores)
            # a clear margin, not a coin toss between 2010 and 2016
            assert score - max(s for r, s in scores.items() if r != rev) >= 10, (path.name, scores)


# ---------------------------------------------------------------- noisy labels

@pytest.mark.parametrize("rev, no, printed", [
    ("2010", "2.6", "Hur arbetar kommunen med systemför service-/kvalitetsdeklarationer, samt synpunkts- och "
                    "klagomålshandling för medborgare/brukare?"),
    ("2010", "2.3", "Hur Informerar kommunen om service och tjänster?"),
    ("2016", "2.3", "Hur Informerar kommunen om service och tjänster?"),
    ("2010", "2.5", "Hur arbetar kommunen med brukarunder-\nsökningar?"),
    ("2010", "2.5", "Hur arbetar kommunen med brukarunder- sökningar?"),
    ("2010", "1.3", "Hur informeras medborgarna om resutat?"),  # a typo
    ("2010", "4.3", "Hur beskrivs inriktning och ansvar för tvärsektorielt samarbete?"),
    ("2016", "4.6", "Bedriver kommunens ledarutveckling?"),
    ("2016", "1.5", "Etik – Hur skapas tillit genom hög\netisk standard?"),
    ("2020", "3.4", "Samspel mellan rollerna som förtroendevald\nrespektive tjänsteperson"),
    ("2016", "6.2", 'Tillvaratas befintliga och hur rekryteras nya medarbetare? Kommunen som "attraktiv arbetsgivare".'),
    ("2002", "4.5", "Hur utövas den centrala ledningen över underställda avdelningar/ enheter?"),
    ("2020", "2.4", "<b>Civilsamhälle, näringsliv och kultur</b>"),
])
def test_noisy_labels_still_match(rev, no, printed):
    qid, score = match_question(rev, no, printed)
    assert qid == f"{rev}:{no}"
    assert score >= 90, score


def test_real_hyphens_are_kept():
    # "medborgar- och/eller" is not a line break; it must not be glued
    assert catalogue.normalize_text("Genomförs medborgar- och/eller brukarundersökningar?") == \
        "genomförs medborgar- och/eller brukarundersökningar"


def test_a_label_of_another_question_scores_clearly_lower():
    right = match_question("2010", "2.5", "Hur arbetar kommunen med brukarundersökningar?")[1]
    wrong = match_question("2010", "2.2", "Hur arbetar kommunen med brukarundersökningar?")[1]
    assert right == 100 and wrong < 75
    # a label that is the start of another must not score as the same question
    assert match_question("2010", "1.3", "Hur informeras medborgarna?")[1] < 85


def test_a_number_the_revision_lacks():
    qid, score = match_question("2010", "8.7", "Hur främjas social hållbarhet?")
    assert qid is None and 0 <= score < 90
    assert match_question("2016", "8.7", "Hur främjas social hållbarhet?") == ("2016:8.7", 100.0)


# ---------------------------------------------------------------- areas

@pytest.mark.parametrize("rev, name, area", [
    ("2016", "Tillgänglighet och brukarorientering", 2),
    ("2016", "Brukarfokus, tillgänglighet och bemötande", 2),
    ("2016", "Kommunen som arbetsgivare - personalpolitik", 6),
    ("2016", "Kommunen som arbetsgivare", 6),
    ("2010", "Kommunen som arbetsgivare personalpolitik", 6),
    ("2010", "Kommunen som arbetsgivare – personalpolitik", 6),
    ("2010", "Kommun som samhällsbyggare", 8),
    ("2010", "8. Kommun som samhällsbyggare", 8),
    ("2020", "Chefs-/ledar samt medarbetarskap", 8),
    ("2020", "Chefs- och ledarskap samt medarbetarskap", 8),
    ("2020", "Område 2 Samhällsutveckling", 2),
    ("2002", "Offentlighet, öppenhet och demokratisk kontroll", 1),
    ("2002", "Tydlighet i samspelet mellan politiker och tjänstemän", 3),
])
def test_area_name_variants(rev, name, area):
    assert match_area(rev, name)[0] == area


def test_every_area_variant_in_the_data_resolves_to_its_own_area():
    for rev in REVISIONS:
        for no, names in catalogue.area_names(rev).items():
            for name in names:
                assert match_area(rev, name) == (no, 100.0), (rev, name)


def test_an_unrelated_name_is_no_area():
    assert match_area("2020", "Sammanfattning av resultat")[0] is None


def test_detect_revision_rests_on_the_questions_that_differ():
    # the 2010/2016 labels that are printed identically do not decide ...
    shared = [("3.1", "Genomsyras hela organisationen av ett helhetstänkande avseende styrning/uppföljning?"),
              ("3.2", "Styrs kommunen av tydliga politiska mål?")]
    s = detect_revision([], shared)[2]
    assert s["2010"] == s["2016"]
    # ... the rewritten area 7 and the new 8.7 do
    assert detect_revision(["Ständiga förbättringar"], shared + [
        ("7.2", "Arbetar verksamheterna med analys av avvikelser, brister och problem?"),
        ("8.7", "Hur främjas social hållbarhet?")])[0] == "2016"
    assert detect_revision(["Verksamhetsutveckling"], shared + [
        ("7.5", "Hur arbetar kommunen med IT-stöd för att effektivisera det interna arbetet?"),
        ("2.6", "Hur arbetar kommunen med system för service-/kvalitetsdeklarationer?")])[0] == "2010"


def test_detect_revision_without_evidence():
    assert detect_revision([], [])[0] is None
    assert detect_revision(["Innehåll"], [("1.1", "Lorem ipsum dolor sit amet")])[0] is None


def test_topics_point_at_existing_questions():
    ids = {q.question_id for q in catalogue.questions()}
    ts = catalogue.topics()
    assert len(ts) > 100
    for t in ts:
        assert t.revision in REVISIONS and 1 <= t.area_no <= 8 and t.topic
        if t.question_no:
            assert f"{t.revision}:{t.question_no}" in ids
            assert t.question_no.startswith(f"{t.area_no}.")
