"""Web transcripts (issue 15): the score tables and findings read back from
runs of words (parsers/flat_overview.py, flat_findings.py, transcript.py)
with and without the catalogue's vocabulary, and the pipeline on transcripts
made from the shared PDFs, scored against their answer keys. The reader
itself: tests/test_transcript_reader.py."""
from __future__ import annotations

import json
import shutil
from collections import Counter

import pandas as pd
import pytest

from conftest import CORPUS, run_pipeline
from test_transcript_reader import HEADER
from extract.model import Document, paragraph
from normalize.assemble import assemble
from normalize.validate import from_observations
from normalize.vocabulary import VOCABULARY
from parsers.flat_findings import Word, boundary_score, split_items
from parsers.flat_overview import Tok, read_flat_overview
from parsers.records import Code
from parsers.registry import parse


# --------------------------------------------------------------------------- the vocabulary

def test_vocabulary_tells_where_a_label_and_an_area_name_end():
    words = "Finns en plan/strategi för demokratiutveckling och information? 2. Tillgänglighet".split()
    assert VOCABULARY.label_length("1.1", words)[0] == 7
    assert VOCABULARY.area_name_length(3, "Politisk styrning och kontroll Rubriker Poäng".split())[0] == 4
    assert VOCABULARY.area_name_length(3, "Helt annan text som inte är något".split()) is None
    assert VOCABULARY.label_length("9.9", words) is None


# --------------------------------------------------------------------------- score tables

def _toks(text: str, page=5, split_at=None) -> list[Tok]:
    words = text.split()
    return [Tok(w, page if split_at is None or i < split_at else page + 1) for i, w in enumerate(words)]


ROWS = ("Nedanstående tabeller visar. 1. Offentlighet och demokrati Uppnått "
        "1.1 Finns en plan/strategi för demokratiutveckling och information? 7 15 45% "
        "1.2 Hur informeras medborgarna? 13 20 65% 1.3 Hur informeras medborgarna om resultat? 12 25 47% "
        "1.4 Hur främjas medborgardialog och deltagande? 22 30 74% 1.5 Etik - hur hantera korruption? 7 10 71% "
        "61 100 61% Uppnått Max Politisk styrning och kontroll 3.1 Genomsyras hela organisationen av ett "
        "helhetstänkande avseende styrning/uppföljning? 11 15 75% 74 100 74% Max Procent 3. Procent")


@pytest.mark.parametrize("vocab", [VOCABULARY, None], ids=["vocabulary", "none"])
def test_flattened_score_rows(vocab):
    res = read_flat_overview(_toks(ROWS), {}, vocab)
    got = {q.question_no: (q.score, q.max, q.percent) for q in res.subquestions}
    assert got == {"1.1": (7, 15, 45), "1.2": (13, 20, 65), "1.3": (12, 25, 47), "1.4": (22, 30, 74),
                   "1.5": (7, 10, 71), "3.1": (11, 15, 75)}
    assert (res.areas[1].score, res.areas[1].max, res.areas[1].percent) == (61, 100, 61)
    assert res.areas[3].score == 74
    assert res.observations == []
    if vocab is not None:
        assert res.areas[1].name == "Offentlighet och demokrati"
        assert res.areas[3].name == "Politisk styrning och kontroll"
        assert res.subquestions[0].label == "Finns en plan/strategi för demokratiutveckling och information?"


def test_label_wrapped_below_its_values_and_column_titles_that_drift():
    text = ("1. Samspel mellan förtroendevalda och medborgare Uppnått Max 1.1 Strategi för "
            "demokratiutveckling 16 20 och information 1.2 Kommunens information till medborgarna 7 10 "
            "23 30 Uppnått Max 2. Samhällsutveckling Max 2.1 Strategi för hållbar utveckling 8 15 8 100")
    res = read_flat_overview(_toks(text), {}, VOCABULARY)
    assert [(q.question_no, q.label, q.score, q.max, q.percent) for q in res.subquestions] == [
        ("1.1", "Strategi för demokratiutveckling och information", 16, 20, None),
        ("1.2", "Kommunens information till medborgarna", 7, 10, None),
        ("2.1", "Strategi för hållbar utveckling", 8, 15, None)]
    assert (res.areas[1].score, res.areas[2].name) == (23, "Samhällsutveckling")


def test_page_number_among_the_values():
    """'16 12 ... 15 ... 77%' on page 16: 12/16 and 12/15 both fit 77 %; the page's own number decides."""
    text = "7.1 Finns en strategi för ständiga förbättringar? 16 12 Max Procent Max 15 Procent Procent 77%"
    res = read_flat_overview(_toks(text, page=16), {16: "16"}, VOCABULARY)
    (q,) = res.subquestions
    assert (q.score, q.max, q.percent) == (12, 15, 77)
    # Without knowing the page's number, the row is not guessed.
    res = read_flat_overview(_toks(text, page=16), {}, VOCABULARY)
    assert res.subquestions == []
    (o,) = [o for o in res.observations if o.question]
    assert o.code is Code.ROW_UNREADABLE and o.question == "7.1"
    (issue,) = from_observations([o])
    assert issue.text.startswith("warning: question 7.1:")


def test_a_stray_number_is_never_picked():
    res = read_flat_overview(_toks("2.1 Strategi för hållbar utveckling 8 3 15 2.2 Social hållbarhet 22 30"),
                             {}, VOCABULARY)
    assert [q.question_no for q in res.subquestions] == ["2.2"]
    assert [o.question for o in res.observations if o.question] == ["2.1"]


def test_a_contradicting_percent_is_read_as_printed():
    """One reading only: the row is read and normalize/validate flags the contradiction."""
    res = read_flat_overview(_toks("1.1 Hur informeras invånarna? 8 15 45%"), {}, VOCABULARY)
    (q,) = res.subquestions
    assert (q.score, q.max, q.percent) == (8, 15, 45)


def test_totals_missing_or_printed_for_the_whole_report():
    res = read_flat_overview(_toks("1.1 Hur informeras invånarna? 7 15 1.2 Hur stimuleras medborgarnas "
                                   "engagemang? 13 20 2.1 Har kommunen en tydlig kommunövergripande "
                                   "brukarfokusering? 9 15 9 100 TOTALT 29"), {}, VOCABULARY)
    assert [q.question_no for q in res.subquestions] == ["1.1", "1.2", "2.1"]
    assert res.areas[1].score is None and res.areas[2].score == 9 and res.grand_total == 29
    (o,) = res.observations
    assert o.area == 1 and o.question is None and "total row" in o.message


def test_a_tampered_score_is_a_warning_naming_its_question(tmp_path):
    from extract import read_document
    pages = [f"{HEADER} Utvärderingen av Exempla kommun genomfördes i mars 2021. 1", f"{HEADER} {SECTION} 2",
             f"{HEADER} 4. Översikt av poängfördelning 1. Offentlighet och demokrati Uppnått Max Procent 1.1 Hur "
             "informeras invånarna? 8 15 45% 1.2 Hur stimuleras medborgarnas engagemang? 13 20 65% 20 35 57% 3"]
    f = tmp_path / "t.txt"
    f.write_text("\n\n".join(f"{i} {p}" for i, p in enumerate(pages, 1)) + "\n\n4 " + HEADER + " Slut. 4",
                 encoding="utf-8")
    rows = assemble(parse(read_document(f), vocabulary=VOCABULARY), "0" * 64)
    assert [(q.question_no, q.score) for q in rows.subquestions] == [("1.1", 8), ("1.2", 13)]
    assert any(i.startswith("warning: question 1.1: printed percent") for i in rows.report.issues)


# --------------------------------------------------------------------------- findings

def _words(text):
    return [Word(w, 3) for w in text.split()]


def test_items_with_their_own_bullets_are_certain():
    items, guessed = split_items(_words("• Medborgarkontor • Veckans Webb TV • Riktlinjer mot muta. Bl.a. förankrad"))
    assert [i.text for i in items] == ["Medborgarkontor", "Veckans Webb TV", "Riktlinjer mot muta. Bl.a. förankrad"]
    assert not guessed and not any(i.inferred for i in items)


def test_a_run_of_glyphs_gives_the_count_and_boundaries_are_guessed():
    items, guessed = split_items(_words("\uf0b7 \uf0b7 \uf0b7 Jour och beredskap på helger Flera kanaler "
                                        "för invånare Bra kontaktinformation"))
    assert guessed and all(i.inferred for i in items)
    assert [i.text for i in items] == ["Jour och beredskap på helger", "Flera kanaler för invånare",
                                      "Bra kontaktinformation"]


def test_boundary_scores():
    assert boundary_score("helger", "Flera") > boundary_score("medier.", "Jour") > boundary_score("KF", "Bra") - 2
    assert boundary_score("i", "Jämförelsetjänsten") == 0
    assert boundary_score("kommunen,", "Region") == 0
    assert boundary_score("m.m.", "Tryckt") < boundary_score("behandling.", "Tryckt")


OVERVIEW = ("Översikt av poängfördelning 1. Offentlighet och demokrati Uppnått Max 1.1 Hur informeras "
            "invånarna? 7 15 1.2 Hur stimuleras medborgarnas engagemang? 13 20 20 35")


def _flat_doc(pages: list[str]) -> Document:
    pages = pages + [OVERVIEW]
    return Document("x.txt", "text", "text", [paragraph(p, i) for i, p in enumerate(pages, 1)],
                    page_count=len(pages), flattened=True)


SECTION = ("Område 1 Offentlighet och demokrati Rubriker • • Poäng Strategi Information 61 Allmänt Text om "
           "området. Styrkor finns det flera. ")


def test_findings_lists_one_after_the_other():
    parsed = parse(_flat_doc([SECTION + "STYRKOR • Medborgarkontor • Veckans Webb TV FÖRBÄTTRINGSOMRÅDEN "
                                        "• Förtydliga vägen in"]), vocabulary=VOCABULARY)
    got = [(f.area_no, f.kind, f.text, f.segmentation) for f in parsed.findings]
    assert got == [(1, "strength", "Medborgarkontor", "certain"), (1, "strength", "Veckans Webb TV", "certain"),
                   (1, "improvement", "Förtydliga vägen in", "certain")]
    assert not [o for o in parsed.observations if o.code in (Code.FINDINGS_GUESSED, Code.FINDINGS_INTERLEAVED)]
    assert parsed.areas[0].header_score == 61 and parsed.areas[0].heading_name == "Offentlighet och demokrati"


def test_a_heading_whose_name_the_catalogue_does_not_know():
    section = SECTION.replace("Offentlighet och demokrati", "Digital omställning i praktiken")
    parsed = parse(_flat_doc([section + "STYRKOR • Medborgarkontor"]), vocabulary=VOCABULARY)
    assert parsed.areas[0].heading_name == "Digital omställning i praktiken"
    assert [(f.area_no, f.text) for f in parsed.findings] == [(1, "Medborgarkontor")]


def test_findings_table_with_interleaved_columns_is_inferred_and_named():
    parsed = parse(_flat_doc([SECTION + "Styrkor Förbättringsmöjligheter • Medborgarkontor • Förtydliga vägen in "
                                        "• Veckans Webb TV • Samla information"]), vocabulary=VOCABULARY)
    assert {f.segmentation for f in parsed.findings} == {"inferred"}
    assert Counter(f.kind for f in parsed.findings) == {"strength": 2, "improvement": 2}
    (o,) = [o for o in parsed.observations if o.code is Code.FINDINGS_INTERLEAVED]
    (issue,) = from_observations([o])
    assert issue.text.startswith("warning: area 1:") and "strengths" in issue.text


def test_a_flattened_evaluation_without_score_rows_is_unreadable_not_no_evaluation():
    from parsers.records import UnreadableEvaluation
    pages = [f"Kommunkompassen Område {n} Offentlighet och demokrati Rubriker text" for n in range(1, 6)]
    pages.append("Översikt av poängfördelning Nedanstående tabeller saknas")
    doc = Document("x.txt", "text", "text", [paragraph(p, i) for i, p in enumerate(pages, 1)],
                   page_count=len(pages), flattened=True)
    with pytest.raises(UnreadableEvaluation):
        parse(doc, vocabulary=VOCABULARY)


# --------------------------------------------------------------------------- the shared PDFs as transcripts

needs_transcripts = pytest.mark.skipif(not (CORPUS / "expected").is_dir() or shutil.which("pdftotext") is None,
                                       reason="needs ../shared/corpus and pdftotext")


@pytest.fixture(scope="module")
def transcript_run(tmp_path_factory):
    from variants.transcripts import make_transcripts
    tmp = tmp_path_factory.mktemp("transcripts")
    made = [v for s in ("000", "002", "004") for v in make_transcripts(s, tmp / "in", presets=("transcript",))]
    for v in made:
        v.truth.rename(tmp / v.truth.name)  # only the transcripts are inputs
    p = run_pipeline([tmp / "in"], tmp / "out")
    tables = {t: pd.read_parquet(tmp / "out" / f"{t}.parquet")
              for t in ("sources", "reports", "area_scores", "subquestion_scores", "findings")}
    return p, tables, {v.path.name: json.loads((tmp / v.truth.name).read_text()) for v in made}


@needs_transcripts
def test_transcripts_of_the_shared_pdfs_read_exactly(transcript_run):
    p, t, truths = transcript_run
    assert p.returncode == 0, p.stderr
    src = t["sources"].set_index("source_path")
    for name, truth in truths.items():
        rid = src.loc[name, "report_id"]
        r = t["reports"].set_index("report_id").loc[rid]
        ev = truth["evaluation"]
        assert (r.municipality, r.municipality_code, int(r.year), int(r.month), r.revision, list(r.evaluators)) == (
            ev["municipality"], ev["municipality_code"], ev["year"], ev["month"], ev["revision"], ev["evaluators"])
        subq = t["subquestion_scores"][t["subquestion_scores"].report_id == rid]
        got = {q.question_no: (q.score, q.max, None if pd.isna(q.percent) else q.percent) for q in subq.itertuples()}
        assert got == {q["question_no"]: (q["score"], q["max"], q["percent"]) for q in truth["subquestions"]}, name
        assert all(subq.match_score >= 90), name
        areas = t["area_scores"][t["area_scores"].report_id == rid].set_index("area_no")
        assert {a["area_no"]: a["score"] for a in truth["areas"]} == {n: areas.loc[n, "score"] for n in range(1, 9)}
        assert r.total_score == truth["total"]["score"]
        assert not [i for i in r.issues if i.startswith("warning:") and "finding" not in i
                    and "strengths" not in i and "improvements" not in i], name


@needs_transcripts
def test_transcript_findings_exact_or_flagged_per_area(transcript_run):
    """kk_eval findings --min 0.9 --or-flagged: precision and recall >= 0.9, or every area with a wrong
    item named by a warning about its findings, and every finding of such an area inferred."""
    _p, t, truths = transcript_run
    src = t["sources"].set_index("source_path")
    for name, truth in truths.items():
        rid = src.loc[name, "report_id"]
        f = t["findings"][t["findings"].report_id == rid]
        want = Counter((x["area_no"], x["kind"], " ".join(x["text"].split())) for x in truth["findings"])
        got = Counter((int(x.area_no), x.kind, " ".join(x.text.split())) for x in f.itertuples())
        hit = sum((want & got).values())
        if got and hit / sum(got.values()) >= 0.9 and hit / sum(want.values()) >= 0.9:
            continue
        issues = t["reports"].set_index("report_id").loc[rid, "issues"]
        bad = {a for a, _k, _t in (want - got) + (got - want)}
        for area in bad:
            assert any(i.startswith(f"warning: area {area}:") and ("strengths" in i or "improvements" in i)
                       for i in issues), (name, area)
            assert set(f[f.area_no == area].segmentation) <= {"inferred"}, (name, area)


@needs_transcripts
def test_the_book_transcript_is_never_read_as_a_report():
    """Text 003 (a book of several evaluations) reads as a transcript of 38 pages, and never as one
    municipality's report with sub-questions (no evaluation here; a compilation once issue 14 reads it)."""
    from extract import read_document
    from parsers.records import NotAnEvaluation
    (book,) = sorted((CORPUS / "text").glob("003_*.txt"))
    doc = read_document(book)
    assert doc.flattened and doc.page_count == 38
    try:
        parsed = parse(doc, vocabulary=VOCABULARY)
    except NotAnEvaluation:
        return
    assert not getattr(parsed, "subquestions", None)
