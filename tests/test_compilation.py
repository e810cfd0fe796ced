"""Compilation books (issue 14): summary tables of several municipalities'
area scores, read from inline snippets (invented numbers in the layout of
"Fem intressanta kommuner"): a clean table, a garbled one, two-year
comparisons with and without their year headings, a table whose columns
cannot be assigned, robustness to how a reader cuts the text into blocks,
and the full report winning over a compilation of the same evaluation."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.model import Cell, Document, Row, paragraph, table
from normalize.compilation import assemble_compilation
from normalize.dedup import Candidate, dedupe
from parsers.compilation import assign_columns
from parsers.records import ParsedCompilation, UnreadableEvaluation
from parsers.registry import parse

NAMES = ["Offentlighet, öppenhet och demokratisk kontroll", "Tillgänglighet, medborgar- och brukarorientering",
         "Tydlighet i samspelet mellan politiker och tjänstemän", "Ledning, decentralisering och delegering",
         "Kontroll och rapportering", "Personalpolitik", "Verksamhetsutveckling", "Kommunen som samhällsbyggare"]
TITLE_TAIL = "i förhållande till Kommunkompassens huvudområden. För varje område är maxpoängen 100."
AFTER = ("I den följande grafiska framställningen illustreras profilen utifrån Kommunkompassens poängberäkning. "
         "Som referens visas ett medianvärde för de kommuner som utvärderats. (Se profilen i färg på sidan 190.)")


def rows_text(cells: list[str]) -> str:
    return " ".join(f"{n} {c}".strip() for n, c in zip(NAMES, cells))


VARA_SCORES = [58, 61.5, 70, 64, 55, 49.5, 47, 80]  # sum 485
MEDIANS = ["51,2", "52,3", "60,4", "61,5", "50,6", "52,7", "40,8", "70,9"]
CLEAN = (f"Sammanfattning av resultat Tabell 3 Vara kommun 2009 {TITLE_TAIL} vara kommun Områden Vara Median "
         + rows_text([f"{str(s).replace('.', ',')} {m}" for s, m in zip(VARA_SCORES, MEDIANS)])
         + f" Totalt 485 440,4 {AFTER}")
GARBLED = (f"Tabell 4 Östersunds kommun 2008 {TITLE_TAIL} Områden Östersund Median "
           + rows_text([",5", "66 52,3", "7, ,4", "70 61,5", "60 ,6", "50 52,7", "45 40,8", "75 70,9"])
           + f" Totalt ,3 {AFTER}")
TWO_YEARS = (f"Tabell 2 Trollhättans stads resultat 2009 i jämförelse med 2005 {TITLE_TAIL} Områden 2005 2009 Median "
             + rows_text([f"{a} {b} {m}" for a, b, m in zip(
                 ["40", "50,5", "60", "55", "45", "50", "35", "70"], ["50", "60", "66,5", "58", "52", "49", "44", "75"],
                 MEDIANS)])
             + f" Totalt 405,5 454,5 440,4 {AFTER}")
HEADINGS_LOST = TWO_YEARS.replace("Områden 2005 2009 Median", "Områden Median")
UNASSIGNABLE = (f"Tabell 5 Vara kommuns resultat 2009 i jämförelse med 2007 {TITLE_TAIL} Områden Vara Median "
                + rows_text([f"{s} {m}" for s, m in zip(VARA_SCORES, MEDIANS)]) + f" Totalt 485 440,4 {AFTER}")


def doc(*paragraphs: str, title="Fem intressanta kommuner 2009") -> Document:
    return Document("book.txt", "text", "text", [paragraph(title), *map(paragraph, paragraphs)])


def compile_(*paragraphs: str):
    parsed = parse(doc(*paragraphs))
    assert isinstance(parsed, ParsedCompilation)
    return assemble_compilation(parsed, "0" * 64)


def by_id(comp):
    return {r.report.report_id: r for r in comp.reports}


def scores(rows):
    return {a.area_no: a.score for a in rows.areas}


def printed_numbers(text: str) -> set[float]:
    return {float(x.replace(",", ".")) for x in re.findall(r"(?<![\d,])\d+(?:,\d+)?(?![\d,])", text)}


# ---------------------------------------------------------------- one clean table

def test_a_clean_table_is_one_report_with_its_medians():
    comp = compile_(CLEAN)
    [rows] = comp.reports
    r = rows.report
    assert (r.report_id, r.municipality, r.municipality_code, r.year, r.revision) == ("1470-2009", "Vara", "1470",
                                                                                      2009, "2002")
    assert r.source_kind == "compilation" and r.status == "ok" and rows.subquestions == [] and rows.findings == []
    assert scores(rows) == dict(enumerate(VARA_SCORES, start=1))  # "61,5" is 61.5
    assert [a.area_name for a in rows.areas] == NAMES and all(a.max == 100 for a in rows.areas)
    assert r.total_score == 485 and r.total_max == 800
    assert any(i.startswith("note: only area scores exist") for i in r.issues)
    assert [(x.area_no, x.value, x.statistic, x.year, x.report_id) for x in comp.references] == [
        (n, float(m.replace(",", ".")), "median", 2009, "1470-2009") for n, m in enumerate(MEDIANS, start=1)]
    assert {x.population for x in comp.references} == {"de kommuner som utvärderats"}
    assert not any(x.columns_inferred for x in comp.references) and comp.issues == []


def test_a_printed_total_that_differs_from_the_areas_is_a_warning():
    comp = compile_(CLEAN.replace("Totalt 485", "Totalt 487"))
    r = comp.reports[0].report
    assert r.total_score == 485 and r.status == "warning"
    assert any(i.startswith("warning: total: printed total 487") for i in r.issues)


# ---------------------------------------------------------------- a garbled table

def test_a_garbled_table_keeps_what_is_readable_and_names_every_lost_area():
    comp = compile_(GARBLED)
    [rows] = comp.reports
    r = rows.report
    assert (r.report_id, r.status) == ("2380-2008", "warning")
    assert scores(rows) == {1: None, 2: 66, 3: None, 4: 70, 5: 60, 6: 50, 7: 45, 8: 75}
    for no in (1, 3):
        assert any(i.startswith(f"warning: area {no}: garbled in this source") for i in r.issues), no
    # A total never pretends: not all eight areas were read and "Totalt ,3" is garbled.
    assert r.total_score is None and any(i.startswith("warning: total: only 6 of 8") for i in r.issues)
    # The medians of areas 1, 3 and 5 are lost: no row for them.
    assert [x.area_no for x in comp.references] == [2, 4, 6, 7, 8]
    written = {a.score for a in rows.areas if a.score is not None} | {x.value for x in comp.references}
    assert written <= printed_numbers(GARBLED)


def test_a_printed_total_stands_in_with_a_warning_when_areas_are_missing():
    text = GARBLED.replace("Totalt ,3", "Totalt 433 440,4")
    r = compile_(text).reports[0].report
    assert r.total_score == 433
    assert any(i.startswith("warning: total: only 6 of 8 area scores could be read; the total is the printed 433")
               for i in r.issues)


# ---------------------------------------------------------------- comparisons of two years

def test_a_two_year_table_with_year_headings_gives_two_reports():
    comp = compile_(TWO_YEARS)
    assert [r.report.report_id for r in comp.reports] == ["1488-2009", "1488-2005"]  # as the title prints them
    ids = by_id(comp)
    assert scores(ids["1488-2005"])[2] == 50.5 and scores(ids["1488-2009"])[3] == 66.5
    assert ids["1488-2005"].report.total_score == 405.5 and ids["1488-2009"].report.total_score == 454.5
    assert all(r.report.status == "ok" for r in comp.reports)
    assert {x.report_id for x in comp.references} == {"1488-2009"} and len(comp.references) == 8


def test_lost_year_headings_are_assigned_oldest_first_and_every_value_is_flagged():
    comp = compile_(HEADINGS_LOST)
    ids = by_id(comp)
    assert scores(ids["1488-2005"])[2] == 50.5 and scores(ids["1488-2009"])[2] == 60
    for rows in comp.reports:
        inferred = [i for i in rows.report.issues if "the year is inferred" in i]
        assert len(inferred) == 8 and rows.report.status == "warning"
        assert {int(i.split(":")[1].split()[1]) for i in inferred} == set(range(1, 9))
    assert all(x.columns_inferred for x in comp.references)


def test_a_row_whose_numbers_do_not_fit_the_columns_is_not_guessed():
    text = HEADINGS_LOST.replace("Personalpolitik 50 49 52,7", "Personalpolitik 49 52,7")
    comp = compile_(text)
    for rows in comp.reports:
        assert scores(rows)[6] is None
        assert any(i.startswith("warning: area 6: garbled in this source: 'Personalpolitik 49 52,7'")
                   for i in rows.report.issues)
    assert 6 not in {x.area_no for x in comp.references}


def test_columns_that_cannot_be_assigned_to_years_are_reported_not_written():
    comp = compile_(CLEAN, UNASSIGNABLE)
    assert [r.report.report_id for r in comp.reports] == ["1470-2009"]
    [issue] = comp.issues
    assert issue.text.startswith("warning: Tabell 5 (") and "cannot be assigned" in issue.text
    with pytest.raises(UnreadableEvaluation, match="Tabell 5"):
        parse(doc(UNASSIGNABLE))


@pytest.mark.parametrize("header,years,want", [
    (["Stockholm", "Median"], [2009], [(2009, None, False), (None, "median", False)]),
    (["2006", "2008", "Median"], [2008, 2006], [(2006, None, False), (2008, None, False), (None, "median", False)]),
    (["Median"], [2008, 2006], [(2006, None, True), (2008, None, True), (None, "median", False)]),
    (["Södertälje", "Median"], [2008, 2006], None),
    (["Median"], [], None),
])
def test_column_assignment(header, years, want):
    cols, problem = assign_columns(header, years)
    if want is None:
        assert cols == [] and problem
    else:
        assert [(c.year, c.statistic, c.inferred) for c in cols] == want and problem is None


# ---------------------------------------------------------------- robust to the block model

def _cut(text: str, every: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i:i + every]) for i in range(0, len(words), every)]


def test_the_same_table_reads_the_same_however_the_reader_cut_it():
    one = compile_(CLEAN)
    lines = Document("b.txt", "text", "text", [paragraph("Fem intressanta kommuner 2009"),
                                               paragraph(_cut(CLEAN, 7), page=31)])
    blocks = Document("b.txt", "text", "text", [paragraph("Fem intressanta kommuner 2009")]
                      + [paragraph(x, page=30 + i // 20) for i, x in enumerate(_cut(CLEAN, 3))])
    start, end = CLEAN.index("Offentlighet"), CLEAN.index(" Totalt")
    cells = [Row(tuple(Cell((paragraph(c),)) for c in (n, *v.split())), page=31)
             for n, v in zip(NAMES, [f"{s} {m}" for s, m in zip(_comma(VARA_SCORES), MEDIANS)])]
    as_table = Document("b.txt", "text", "text", [paragraph("Fem intressanta kommuner 2009"),
                                                  paragraph(CLEAN[:start], page=31), table(cells, page=31),
                                                  paragraph(CLEAN[end:], page=31)])
    for d in (lines, blocks, as_table):
        comp = assemble_compilation(parse(d), "0" * 64)
        assert [scores(r) for r in comp.reports] == [scores(r) for r in one.reports]
        assert [x.value for x in comp.references] == [x.value for x in one.references]
        assert comp.references[0].page in (30, 31)


def _comma(xs):
    return [str(x).replace(".", ",") for x in xs]


def test_a_municipalitys_own_report_quoting_a_summary_table_stays_a_report():
    from parsers.records import ParsedReport
    overview = ["Översikt av poängfördelning", "1. Offentlighet och demokrati Uppnått Max",
                "1.1 Hur informeras invånarna? 3 5", "1.2 Hur stimuleras engagemanget? 2 5", "5 10"]
    d = Document("r.txt", "text", "text", [paragraph(CLEAN), *map(paragraph, overview)])
    assert isinstance(parse(d), ParsedReport)


def test_no_summary_table_is_still_no_evaluation():
    from parsers.records import NotAnEvaluation
    with pytest.raises(NotAnEvaluation):
        parse(doc("Kommunkompassen Huvudområden nivå 1 och 2 1. Offentlighet och demokratisk kontroll 1.1 Hur?",
                  "Tabell 1 Mandatfördelningen i fullmäktige Moderaterna 14 Socialdemokraterna 23"))


# ---------------------------------------------------------------- a full report and a compilation

def test_the_full_report_is_primary_and_the_compilation_lists_its_area_differences():
    comp = compile_(CLEAN)
    book = comp.reports[0]
    full = compile_(CLEAN.replace("Tydlighet i samspelet mellan politiker och tjänstemän 70",
                                  "Tydlighet i samspelet mellan politiker och tjänstemän 71")).reports[0]
    full.report.source_kind = "report"  # stands for the municipality's own report (any format)
    prim, dups = dedupe([Candidate("book.pdf", "pdf", book), Candidate("vara.txt", "text", full)])
    assert [p.source_path for p in prim] == ["vara.txt"]
    assert dups == {"book.pdf#1470-2009": ("vara.txt", ["area 3: 70 here vs 71"])}


def _file(path: str, result):
    from run.files import InputFile
    return InputFile(Path(path), path, path.replace(".", "-").ljust(64, "0"), 1), result


def _result(fmt: str, rows=None, compilation=None):
    from run.one_file import FileResult, Outcome
    return FileResult(sha256="", format=fmt, extraction=fmt, outcome=Outcome.PARSED, rows=rows,
                      compilation=compilation)


def test_sources_rows_of_a_compilation_beside_the_full_report():
    from run.build import build
    book = compile_(CLEAN, GARBLED)
    full = compile_(CLEAN.replace("Tydlighet i samspelet mellan politiker och tjänstemän 70",
                                  "Tydlighet i samspelet mellan politiker och tjänstemän 71")).reports[0]
    full.report.source_kind = "report"
    corpus = build([_file("book.pdf", _result("pdf", compilation=book)), _file("vara.txt", _result("text", full))])
    src = {s.source_path: s for s in corpus.tables["sources"]}
    assert src["book.pdf"].report_id == "1470-2009" and src["book.pdf"].report_ids == ["1470-2009", "2380-2008"]
    assert src["book.pdf"].status == "warning"  # primary for 2380-2008, which has warnings
    msg = src["book.pdf"].message
    assert "1470-2009: same evaluation as vara.txt, which is used; differences: area 3: 70 here vs 71" in msg
    assert "2380-2008: " in msg and "area 1: garbled" in msg
    assert src["vara.txt"].status != "duplicate" and src["vara.txt"].report_ids == ["1470-2009"]
    reps = {r.report_id: r for r in corpus.tables["reports"]}
    assert reps["1470-2009"].primary_source == "vara.txt" and reps["1470-2009"].source_kind == "report"
    assert reps["2380-2008"].primary_source == "book.pdf"
    assert any("also read from book.pdf (a compilation)" in i for i in reps["1470-2009"].issues)
    # The medians printed beside an evaluation stay, whoever is primary for it; the
    # same median column printed again beside the garbled table is one fact, kept once.
    refs = corpus.tables["reference_scores"]
    assert {(x.source_path, x.report_id) for x in refs} == {("book.pdf", "1470-2009")}
    assert len(refs) == len({(x.area_no, x.statistic) for x in refs})


def test_reference_values_printed_twice_are_kept_once_and_different_ones_both():
    from normalize.compilation import distinct_references
    from store.schema import ReferenceScoreRow

    def ref(rid, area, value, inferred):
        return ReferenceScoreRow(source_path="", report_id=rid, table="Tabell 1", year=2009, revision="2002",
                                 area_no=area, area_name="x", statistic="median", value=value, population=None,
                                 columns_inferred=inferred, page=None)
    refs = [ref("a", 1, 60.5, True), ref("b", 1, 60.5, False), ref("b", 2, 56.2, False), ref("a", 2, 57.0, True)]
    kept = distinct_references(refs)
    assert [(r.report_id, r.area_no, r.value) for r in kept] == [("b", 1, 60.5), ("b", 2, 56.2), ("a", 2, 57.0)]


def test_a_compilation_all_of_whose_evaluations_are_read_elsewhere_is_duplicate():
    from run.build import build
    full = compile_(CLEAN).reports[0]
    full.report.source_kind = "report"
    corpus = build([_file("book.txt", _result("text", compilation=compile_(CLEAN))),
                    _file("vara.pdf", _result("pdf", full))])
    src = {s.source_path: s for s in corpus.tables["sources"]}
    assert src["book.txt"].status == "duplicate"
    assert "1470-2009: same evaluation as vara.pdf, which is used; no differences in area scores" in src[
        "book.txt"].message
    assert [r.report_id for r in corpus.tables["reports"]] == ["1470-2009"]


def test_a_title_listed_before_its_table_is_not_a_second_table():
    listing = "Tabeller Tabell 3 Vara kommun 2009 i förhållande till Kommunkompassens huvudområden 31"
    comp = compile_(listing, CLEAN)
    assert [r.report.report_id for r in comp.reports] == ["1470-2009"] and comp.issues == []


def test_a_title_naming_the_municipality_inside_a_phrase_still_resolves():
    comp = compile_(CLEAN.replace("Tabell 3 Vara kommun 2009", "Tabell 3 Resultat för Vara kommun 2009"))
    assert comp.reports[0].report.municipality_code == "1470"
