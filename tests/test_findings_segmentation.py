"""Issue 11: findings items from any layout, and a warning whenever an item
boundary is a guess. Small inline cases for each signal (the generated
variants are read by test_findings_variants.py)."""
from __future__ import annotations

import pymupdf
import pytest

from extract.model import Document
from extract.pdf import read_pdf
from extract.pdf.items import promote_dashes, two_groups
from extract.pdf.primitives import make_line, Piece
from extract.pdf.settings import PdfSettings
from extract.text import blocks_from_lines
from extract.text_columns import column_starts, split_side_by_side, stacked_break, text_items
from normalize.assemble import assemble
from parsers.findings_text import recommendation_score
from parsers.report import read_report

S = PdfSettings()
A4 = (595.28, 841.89)


# --------------------------------------------------------------------------- gap groups

def test_two_groups_split_wraps_from_item_gaps():
    g = two_groups([-1.34] * 6 + [0.66] * 3, 10.0, S)  # 12.4 pt pitch inside, 14.4 between (13.74 pt boxes)
    assert g is not None and g.wrap_hi == pytest.approx(-1.34) and g.item_lo == pytest.approx(0.66)
    assert two_groups([-1.34] * 6, 10.0, S) is None  # no spacing between items: no groups
    # a double gap (a row the other column left empty) is an item gap too, not a third group
    g = two_groups([-0.74, 11.26, -0.74, 11.26, 29.26], 10.0, S)
    assert g.wrap_hi == pytest.approx(-0.74) and g.item_lo == pytest.approx(11.26)
    # a ragged set of gaps has no clear split
    assert two_groups([0.0, 0.3, 0.5, 0.9, 1.1], 10.0, S) is None


def _line(text, x=73.0, y=100.0):
    return make_line([Piece(text, x, y, x + 5.5 * len(text), y + 12, 10.0, False)], 1, S)


def test_dash_led_lines_repeated_at_one_position_are_a_list():
    lines = [_line("— Första punkten"), _line("fortsätter här", 84), _line("— Andra punkten")]
    out = promote_dashes(lines, S)
    assert [(ln.bullet, ln.text) for ln in out] == [(True, "Första punkten"), (False, "fortsätter här"),
                                                     (True, "Andra punkten")]
    # one dash before a word is text ("A – b" wrapped)
    one = [_line("– fortsättning"), _line("Nästa rad")]
    assert promote_dashes(one, S) is one


# --------------------------------------------------------------------------- PDFs

LEFT = [["Strategiska planen för åren 2018–2022 samt", "kommunikationsstrategin"],
        ["Imponerande arbete med information.", "Ett nationellt gott exempel"],
        ["Förenkling och tydlighet är ledord i arbetet"]]
RIGHT = [["Uppföljning av insatserna som genomförs inom", "området medborgardialog och inflytande."],
         ["Utveckla innehållet under webbportalens rubrik"]]


def _findings_pdf(path, pitch: float, between: float):
    """A borderless two-column findings table: items without bullets, lines
    `pitch` apart inside an item and `between` apart from item to item; the
    second item's first line ends at a sentence end, stopping short."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    font = pymupdf.Font("helv")
    tw = pymupdf.TextWriter(page.rect)
    tw.append((70, 80), "Område 1 Ett område", font=font, fontsize=13)
    tw.append((73, 110), "Styrkor", font=font, fontsize=10)
    tw.append((297.6, 110), "Förbättringsmöjligheter", font=font, fontsize=10)
    for x, items in ((73, LEFT), (297.6, RIGHT)):
        y = 130.0
        for k, item in enumerate(items):
            if k:
                y += between - pitch
            for ln in item:
                tw.append((x, y), ln, font=font, fontsize=10)
                y += pitch
    tw.append((70, 400), "Område 2 Nästa område", font=font, fontsize=13)
    tw.write_text(page)
    doc.save(path)
    return path


def _cells(doc):
    t = next(b for b in doc.blocks if b.kind == "table")
    return [[(b.text, b.inferred) for b in c.blocks] for c in t.rows[-1].cells]


def test_unruled_items_from_the_columns_own_spacing(tmp_path):
    """12.4 pt inside an item, 14.4 pt between: two groups of gaps, so every
    boundary is certain (a fixed threshold saw one paragraph per column)."""
    d = read_pdf(_findings_pdf(tmp_path / "a.pdf", 12.4, 14.4))
    left, right = _cells(d)
    assert left == [(" ".join(i), False) for i in LEFT]
    assert right == [(" ".join(i), False) for i in RIGHT]


def test_unruled_items_without_spacing_are_guessed_and_marked(tmp_path):
    d = read_pdf(_findings_pdf(tmp_path / "b.pdf", 12.4, 12.4))
    left, right = _cells(d)
    assert any(inferred for _t, inferred in left + right)
    r = assemble(read_report(d), "0" * 64)
    assert any(f.segmentation == "inferred" for f in r.findings)
    assert r.report.status == "warning"
    assert any(i.startswith("warning: area 1:") and "guess" in i and ("strengths" in i or "improvements" in i)
               for i in r.report.issues)


# --------------------------------------------------------------------------- text exports

def _doc(text: str) -> Document:
    return Document("inline.txt", "text", "text", blocks_from_lines(text))


@pytest.mark.parametrize("mark", ["–", "—", "*", "-", "•", "▪", "\uf0b7", "o"])
@pytest.mark.parametrize("sep", [" ", "\t"])
def test_every_glyph_leads_an_item(mark, sep):
    d = _doc(f"Styrkor\n{mark}{sep}Första styrkan\n{mark}{sep}Andra styrkan\n")
    items = [b for b in d.blocks if b.kind == "item"]
    assert [b.text for b in items] == ["Första styrkan", "Andra styrkan"]


def test_list_numbers_in_sequence_lead_items_and_keep_their_number():
    d = _doc("Styrkor\n1. Första\n2)\tAndra\n3. Tredje\n\n2021. Ett årtal\n")
    assert [(b.kind, b.text) for b in d.blocks][1:4] == [("item", "1. Första"), ("item", "2) Andra"),
                                                         ("item", "3. Tredje")]
    assert d.blocks[-1].kind == "paragraph"
    # an overview row with more tabs stays a table row
    d = _doc("1.\tSamspel\tUppnått\tMax\n")
    assert d.blocks[0].kind == "table"


def test_a_dash_before_lower_case_goes_on():
    d = _doc("- Punkten börjar här och\n– fortsättning på en rad\n")
    assert [(b.kind, b.text) for b in d.blocks] == [("item", "Punkten börjar här och – fortsättning på en rad")]


def test_layout_export_columns_side_by_side_become_a_table():
    text = ("Område 1 Ett\n"
            "Styrkor                                         Förbättringsmöjligheter\n"
            "Strategiska planen för åren 2018–2022 samt      Uppföljning av insatserna som genomförs inom\n"
            "kommunikationsstrategin                         området medborgardialog och inflytande.\n"
            "• Förenkling och tydlighet                      Utveckla innehållet på webben\n"
            "\n\nOmråde 2 Två\n")
    d = _doc(text)
    t = next(b for b in d.blocks if b.kind == "table")
    assert t.rows[0].texts == ["Styrkor", "Förbättringsmöjligheter"]
    left = [b.text for b in t.rows[1].cells[0].blocks]
    right = [b.text for b in t.rows[1].cells[1].blocks]
    assert left == ["Strategiska planen för åren 2018–2022 samt kommunikationsstrategin", "Förenkling och tydlighet"]
    assert right[0] == "Uppföljning av insatserna som genomförs inom området medborgardialog och inflytande."
    r = read_report(d)
    assert [(f.kind, f.text) for f in r.findings][:2] == [
        ("strength", "Strategiska planen för åren 2018–2022 samt kommunikationsstrategin"),
        ("strength", "Förenkling och tydlighet")]


def test_split_side_by_side_follows_a_pushed_column():
    lines = ["Kommunens arbete med social hållbarhet          Fortsätta utveckla arbetet",
             "Kommunens arbete för att skapa trygga miljöer i området ekologisk hållbarhet",
             "kommunen är ett gott nationellt exempel         och mer"]
    left, right = split_side_by_side(lines, [0, 48])
    assert left[1] == "Kommunens arbete för att skapa trygga miljöer i"
    assert right[1] == "området ekologisk hållbarhet"


def test_raw_export_stacked_columns_are_recovered_and_said_to_be_a_guess():
    text = ("Område 1 Ett område\n"
            "Styrkor Förbättringsmöjligheter\n"
            "Strategiska planen för åren 2018–2022 samt\n"
            "kommunikationsstrategin\n"
            "Medborgardialog etablerat\n"
            "Utveckla innehållet under webbportalens rubrik\n"
            "om resultaten\n"
            "Fortsätt att följa upp medborgarförslagen\n"
            "Område 2 Två\n")
    r = assemble(read_report(_doc(text)), "0" * 64)
    got = [(f.kind, f.text, f.segmentation) for f in r.findings]
    assert got == [("strength", "Strategiska planen för åren 2018–2022 samt kommunikationsstrategin", "inferred"),
                   ("strength", "Medborgardialog etablerat", "inferred"),
                   ("improvement", "Utveckla innehållet under webbportalens rubrik om resultaten", "inferred"),
                   ("improvement", "Fortsätt att följa upp medborgarförslagen", "inferred")]
    assert r.report.status == "warning"
    assert any(i.startswith("warning: area 1:") and "strengths" in i and "guess" in i for i in r.report.issues)


def test_text_items_and_stacked_break():
    items = text_items(["• Ett", "• Två som", "bryts", "Tre utan märke"])
    assert [(i.text, i.marked) for i in items] == [("• Ett", True), ("• Två som bryts Tre utan märke", True)]
    lines = ["Medborgarkontor", "Aktiv medborgardialog", "Utveckla webben", "Ta fram en plan"]
    assert stacked_break(lines, recommendation_score).at == 2
    assert column_starts("Styrkor      Förbättringar") == [0, 13]


# --------------------------------------------------------------------------- self-checks

def _issues(text: str) -> list[str]:
    return assemble(read_report(_doc(text)), "0" * 64).report.issues


def test_a_findings_table_with_no_items_is_a_warning():
    issues = _issues("Område 3 Tre\n\nStyrkor\tFörbättringsmöjligheter\n")
    assert any(i.startswith("warning: area 3:") and "strengths" in i and "no item" in i for i in issues)
    assert any(i.startswith("warning: area 3:") and "improvements" in i and "no item" in i for i in issues)


def test_an_item_far_too_long_or_with_a_glyph_inside_is_a_warning():
    long = " ".join(["Ett långt fynd utan slut"] * 20)
    issues = _issues(f"Område 2 Två\nStyrkor\n\n- {long}\n\n- Ett • Två\n\nFörbättringsmöjligheter\n\n- Tre\n")
    assert any(i.startswith("warning: area 2: strength 1") and "characters" in i for i in issues)
    assert any(i.startswith("warning: area 2: strength 2") and "glyph" in i for i in issues)


def test_certain_items_give_no_findings_warning():
    issues = _issues("Område 2 Två\nStyrkor\n\n- Ett\n\n- Två\n\nFörbättringsmöjligheter\n\n- Tre\n")
    assert not [i for i in issues if i.startswith("warning") and ("strength" in i or "improvement" in i)]


def test_an_ocrd_item_holding_a_misread_bullet_before_a_capital_is_a_warning():
    from dataclasses import replace
    text = ("Område 6 Sex\nStyrkor\n\n- Jämställdhetsplan som omfattar mer än genus ee. Bra samverkansklimat\n\n"
            "- Friskvård es — De flesta enheter deltar\n\n- Tydlig lönepolitik\n\nFörbättringsmöjligheter\n\n- Tre\n")
    doc = _doc(text)
    ocrd = replace(doc, extraction="ocr", blocks=[replace(b, confidence=0.8) for b in doc.blocks])
    issues = assemble(read_report(ocrd), "0" * 64).report.issues
    glued = [i for i in issues if i.startswith("warning: area 6: strength") and "glyph" in i]
    assert [i.split(":")[2].split()[1] for i in glued] == ["1", "2"]
    # the same words from a text layer are text (no OCR reads a bullet there)
    assert not [i for i in _issues(text) if "glyph" in i]


def test_on_an_ocrd_page_a_capital_after_a_line_that_stopped_short_starts_a_guessed_item():
    from extract.pdf.blocks import segment, to_block
    from extract.pdf.stats import Stats

    def item(y, words, x=84.0, bullet=False):
        ln = _line(words, x, y)
        ln.bullet = bullet
        return ln
    # an item whose second bullet OCR lost: "... resultat" stops short, "Jämförelser" follows
    lines = [item(100, "Utveckla arbetet med jämförelser av de egna enheternas", bullet=True),
             item(113, "resultat"),
             item(126, "Jämförelser av enheter med andra kommuners enheter och med"),
             item(139, "Huddinge")]  # a proper noun after a line that ran to the edge goes on
    right = max(ln.x1 for ln in lines)
    for ocr, want in ((set(), [False]), ({1}, [True, True])):  # where both meet is a guess
        st = Stats(10.0, 3.0, 3.0, {}, 0, {1: (72.0, right)}, ocr)
        blocks = [to_block(d) for d in segment(lines, st, S)]
        assert [b.inferred for b in blocks] == want, ocr
    assert blocks[1].text.startswith("Jämförelser") and blocks[1].text.endswith("Huddinge")


def test_an_ocrd_cell_paragraph_starting_in_lower_case_joins_its_item_as_a_guess():
    from extract.model import Block, Cell, Row

    def table(conf):
        def para(text):
            return Block("paragraph", (text,), 10, confidence=conf)
        head = Row((Cell((para("Styrkor"),)), Cell((para("Förbättringsmöjligheter"),))), 10)
        # OCR read "Imponerande" as "imponerande": the two items now join
        body = Row((Cell((para("Strategiska planen för åren 2018–2022"), para("imponerande arbete med information"),
                          para("Förenkling och tydlighet"))), Cell((para("Uppföljning av insatserna"),))), 10)
        return [Block("heading", ("Område 1 Ett",), 9), Block("table", (), 10, rows=(head, body))]
    for conf, guessed in ((None, False), (0.9, True)):
        doc = Document("x.pdf", "pdf", "ocr" if conf else "pdf-text", table(conf))
        found = [(f.text, f.segmentation) for f in read_report(doc).findings if f.kind == "strength"]
        assert found[0][0] == "Strategiska planen för åren 2018–2022 imponerande arbete med information"
        assert (found[0][1] == "inferred") is guessed and found[1] == ("Förenkling och tydlighet", "certain")


@pytest.mark.parametrize("line, kind", [
    ("Styrkor", "strength"), ("Styrkor:", "strength"), ("S t y r k o r", "strength"),
    ("Förbät tringsmöjligheter", "improvement"), ("FÖRBÄTTRINGS OMRÅDEN", "improvement"),
    ("Starka sidor", "strength"), ("Starkasidor", "strength"),
    ("Styrkor och svagheter", None), ("Förbättringsmöjligheter finns i flera av kommunens verksamheter", None),
])
def test_findings_titles_with_spaces_inside_their_words(line, kind):
    # letter-spaced titles, and text layers set glyph by glyph where the
    # reader's space guessing splits words (variants/routes.py "words")
    from parsers import vocabulary as V
    got = "strength" if V.STRENGTHS.match(line) else "improvement" if V.IMPROVEMENTS.match(line) else None
    assert got == kind


def _pairs_read(blocks):
    from parsers.skeleton import skeleton
    sk = skeleton(Document("x", "text", "text", blocks))
    return [(g.area_no, [i.lines[0] for i in g.strengths], [i.lines[0] for i in g.improvements]) for g in sk.groups]


def test_a_report_that_lists_improvements_before_strengths_keeps_each_pair_in_its_area():
    from extract.model import heading, item
    blocks = []
    for no in (1, 2):
        blocks += [heading(f"Område {no} Namn", 2), heading("Förbättringsområden", 4), item(f"I{no}"),
                   heading("Styrkor", 4), item(f"S{no}")]
    assert _pairs_read(blocks) == [(1, ["S1"], ["I1"]), (2, ["S2"], ["I2"])]
    # an area that lists only improvements does not turn the order round for the next areas
    lone = [heading("Område 1 Namn", 2), heading("Förbättringsområden", 4), item("I1")]
    for no in (2, 3):
        lone += [heading(f"Område {no} Namn", 2), heading("Styrkor", 4), item(f"S{no}"),
                 heading("Förbättringsområden", 4), item(f"I{no}")]
    assert _pairs_read(lone) == [(1, [], ["I1"]), (2, ["S2"], ["I2"]), (3, ["S3"], ["I3"])]
    # without area headings (an export that lost them) the usual order is
    # assumed: a report printing improvements first then reads more lists than
    # it has areas, which validation names in every area (test_validate)
    flat = [b for no in range(1, 9) for b in (heading("Förbättringsområden", 4), item(f"I{no}"),
                                               heading("Styrkor", 4), item(f"S{no}"))]
    assert max(area for area, _, _ in _pairs_read(flat)) > 8
    # the usual order is unchanged, headings or none
    usual = [b for no in (1, 2) for b in (heading("Styrkor", 4), item(f"S{no}"), heading("Förbättringsområden", 4),
                                          item(f"I{no}"))]
    assert _pairs_read(usual) == [(1, ["S1"], ["I1"]), (2, ["S2"], ["I2"])]


def test_a_findings_table_with_the_improvements_column_first_reads_each_column_by_its_title():
    from extract.model import Cell, Row, heading, item, paragraph, table
    head = Row((Cell((paragraph("Förbättringsmöjligheter"),)), Cell((paragraph("Styrkor"),))))
    body = Row((Cell((item("I1"),)), Cell((item("S1"),))))
    more = Row((Cell((item("I2"),)), Cell((item("S2"),))))  # the table continued on the next page
    blocks = [heading("Område 1 Namn", 2), table([head, body]), table([more])]
    assert _pairs_read(blocks) == [(1, ["S1", "S2"], ["I1", "I2"])]


def test_a_text_export_of_a_findings_table_with_the_improvements_column_first():
    # pdftotext -layout of such a table: the titles on one line, the columns side by side
    text = ("Område 1 Namn\n\n"
            "Förbättringsmöjligheter                      Styrkor\n\n"
            "• Utveckla uppföljningen av målen           • Tydlig styrmodell\n"
            "• Ta fram en plan för dialogen              • Aktiv medborgardialog\n")
    got = _pairs_read(blocks_from_lines(text))
    assert got == [(1, ["Tydlig styrmodell", "Aktiv medborgardialog"],
                    ["Utveckla uppföljningen av målen", "Ta fram en plan för dialogen"])]


def test_a_findings_table_with_a_first_column_of_its_own_is_read_by_its_titles():
    from extract.model import Cell, Row, heading, item, paragraph, table
    head = Row((Cell((paragraph("Område 1"),)), Cell((paragraph("Styrkor"),)),
                Cell((paragraph("Förbättringsområden"),))))
    body = Row((Cell(()), Cell((item("S1"),)), Cell((item("I1"),))))
    assert _pairs_read([heading("Område 1 Namn", 2), table([head, body])]) == [(1, ["S1"], ["I1"])]
