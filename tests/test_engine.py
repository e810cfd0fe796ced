"""The report engine on small inline snippets: findings in table, list and
paragraph form, missing headings, the overview state machine."""
from extract.model import Document, item
from extract.text import blocks_from_lines
from parsers.metadata import parse_names
from parsers.report import read_report
from parsers.skeleton import skeleton
from parsers.overview import OverviewReader


def doc(text):
    return Document("inline.txt", "text", "text", blocks_from_lines(text))


def test_findings_from_pdftotext_columns_with_missing_heading():
    text = """Område 1 Ett område
Styrkor

Första styrkan som
bryts över rader

Andra styrkan

Förbättringsmöjligheter

En förbättring

Styrkor

Styrka i område två

Förbättringsmöjligheter

Sista förbättringen
 Allmänt
Brödtext som inte är ett fynd.
"""
    r = read_report(doc(text))
    got = [(f.area_no, f.kind, f.position, f.text) for f in r.findings]
    assert got == [
        (1, "strength", 1, "Första styrkan som bryts över rader"),
        (1, "strength", 2, "Andra styrkan"),
        (1, "improvement", 1, "En förbättring"),
        (2, "strength", 1, "Styrka i område två"),
        (2, "improvement", 1, "Sista förbättringen"),
    ]


def test_findings_from_markdown_lists():
    text = "#### Område 3 Tre\n\n#### STYRKOR\n\n- A\n\n- B\n\n**FÖRBÄTTRINGSOMRÅDEN**\n\n- C\n\n## Område 4 Fyra\n"
    r = read_report(doc(text))
    assert [(f.area_no, f.kind, f.text) for f in r.findings] == [
        (3, "strength", "A"), (3, "strength", "B"), (3, "improvement", "C")]


def test_rubriker_box_gives_topics_and_header_score():
    text = "Område 1 Ett\n\nRubriker\tPoäng\n<ul><li>• Tema ett</li><li>• Tema två</li></ul>\t61\n"
    sk = skeleton(doc(text))
    assert sk.topics[1] == ["Tema ett", "Tema två"]
    assert sk.header_scores[1] == 61


def test_overview_rows_broken_over_lines_and_percent_column():
    r = OverviewReader()
    for line in ["2.\tTillgänglighet\tUppnått\tMax\tProcent", "2.1 Lång fråga som", "fortsätter här? 12 15 80%",
                 "2.2 Nästa", "", "8 15", "17", "\t\t20\t30\t67%"]:
        r.feed(line, 7)
    res = r.finish()
    assert [(q.question_no, q.label, q.score, q.max, q.percent) for q in res.subquestions] == [
        ("2.1", "Lång fråga som fortsätter här?", 12, 15, 80), ("2.2", "Nästa", 8, 15, None)]
    assert (res.areas[2].name, res.areas[2].score, res.areas[2].percent) == ("Tillgänglighet", 20, 67)


def test_evaluator_names_drop_roles_and_organisations():
    assert parse_names("Lars Strid, senior konsult (SKL), Anna Eklöf, SKL och Leif Eldås, SKL") == [
        "Lars Strid", "Anna Eklöf", "Leif Eldås"]
    assert parse_names("Leif Eldås SKR och Ulrika Elming Krafringen") == ["Leif Eldås", "Ulrika Elming"]


def test_metadata_from_evaluation_sentence():
    r = read_report(doc("Utvärderingen av Grästorps kommun genomfördes i slutet av oktober 2014. Mer."))
    assert (r.meta.municipality_candidates[0], r.meta.year, r.meta.month) == ("Grästorps kommun", 2014, 10)


def test_overview_one_cell_per_line_as_raw_pdftotext_prints_it():
    r = OverviewReader()
    for line in ["1.", "Offentlighet", "Uppnått", "1.1", "Finns en plan?", "7", "15", "45%",
                 "1.2", "Hur informeras", "medborgarna?", "13", "20", "65%", "20", "35", "57%", "Max", "Procent"]:
        r.feed(line, 3)
    res = r.finish()
    assert [(q.question_no, q.label, q.score, q.max, q.percent) for q in res.subquestions] == [
        ("1.1", "Finns en plan?", 7, 15, 45), ("1.2", "Hur informeras medborgarna?", 13, 20, 65)]
    assert (res.areas[1].name, res.areas[1].score, res.areas[1].max, res.areas[1].percent) == (
        "Offentlighet", 20, 35, 57)


def test_columns_read_row_by_row_are_not_guessed():
    text = "Område 1 Ett\n\nStyrkor\n\nFörbättringsmöjligheter\n\nVänster del\n\nHöger del\n\nAllmänt\n"
    r = read_report(doc(text))
    assert r.findings == []
    assert any(o.code == "findings_interleaved" and "interleaved" in o.message for o in r.observations)


def test_bullet_list_laid_out_as_a_table_is_read_as_items():
    text = "Område 2 Två\n\nStyrkor\n\n•\tFörsta punkten\n•\tAndra punkten\n\nFörbättringsområden\n\n•\tTredje\n"
    r = read_report(doc(text))
    assert [(f.kind, f.text) for f in r.findings] == [
        ("strength", "Första punkten"), ("strength", "Andra punkten"), ("improvement", "Tredje")]


def test_table_with_a_bullet_column_in_a_findings_list():
    from extract.model import Cell, Row, heading, paragraph, table
    rows = [Row((Cell((paragraph("e"),)), Cell((paragraph("Första"),))), 4),
            Row((Cell((paragraph("•"),)), Cell((paragraph(("Andra som", "bryts")),))), 4)]
    d = Document("x.pdf", "pdf", "ocr", [heading("Område 1 Ett"), paragraph("STYRKOR"), table(rows)])
    r = read_report(d)
    assert [(f.kind, f.text, f.page) for f in r.findings] == [("strength", "Första", 4), ("strength", "Andra som bryts", 4)]


def test_overview_variants_omrade_header_spaced_percent_and_summa_rows():
    r = OverviewReader()
    for line in ["Område 1: Offentlighet\tUppnått\tMax\tProcent", "1.1\tFinns en plan?\t7\t15\t45 %",
                 "1.2\tHur informeras?\t13\t20\t65 %", "Summa\t20\t35\t57 %", "2. Tillgänglighet Uppnått Max Procent",
                 "2.1 Fråga 5 10 50%", "Summa 5 10 50%", "Totalt 25 45"]:
        r.feed(line, 1)
    res = r.finish()
    assert [(q.question_no, q.score, q.max, q.percent) for q in res.subquestions] == [
        ("1.1", 7, 15, 45), ("1.2", 13, 20, 65), ("2.1", 5, 10, 50)]
    assert (res.areas[1].name, res.areas[1].score, res.areas[1].percent) == ("Offentlighet", 20, 57)
    assert (res.areas[2].score, res.grand_total) == (5, 25)


def test_numbered_findings_lose_their_numbers_not_their_years():
    from parsers.report import clean_finding
    assert clean_finding("1. Förtydliga strategin") == "Förtydliga strategin"
    assert clean_finding("2) Utveckla") == "Utveckla"
    assert clean_finding("2021 års plan följs upp") == "2021 års plan följs upp"
    assert clean_finding("• Punkt") == "Punkt"


def test_municipality_from_the_title_when_the_sentence_names_something_else():
    r = read_report(doc("Kommunkompassen – Analys av Ale kommun 2019\n\n"
                        "Utvärderingen av kommunens arbete genomfördes i mars 2019."))
    from normalize.municipalities import resolve_candidates
    assert r.meta.municipality_candidates == ["kommunens arbete", "Ale kommun"]
    assert resolve_candidates(r.meta.municipality_candidates, r.meta.title_text) == ("Ale", "1440")
    assert (r.meta.year, r.meta.month) == (2019, 3)


def test_area_heading_set_in_a_one_cell_table_opens_the_area():
    from extract.model import Cell, Row, paragraph, table
    d = Document("x.docx", "docx", "docx", [table([Row((Cell((paragraph("Område 3 Tre"),)),))]),
                                            paragraph("Styrkor"), item("En styrka")])
    r = read_report(d)
    assert [(f.area_no, f.kind, f.text) for f in r.findings] == [(3, "strength", "En styrka")]
