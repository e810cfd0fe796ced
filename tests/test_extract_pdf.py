"""Tests of extract.pdf on small PDFs made here, and on the shared corpus."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pymupdf
import pytest

from extract.errors import ReadError
from extract.model import Document
from extract.pdf import read_pdf

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"

# ---------------------------------------------------------------------------
# helpers to draw small PDFs

A4 = (595, 842)
BODY = 11
PITCH = 13.5  # baseline distance of wrapped lines


def new_page(doc, header="Testrapport - Analys av något 2020", number=None):
    page = doc.new_page(width=A4[0], height=A4[1])
    if header:
        page.insert_text((70, 42), header, fontsize=9, fontname="helv")
        page.draw_line((70, 48), (525, 48), color=(0.5, 0.6, 0.8), width=0.75)
    if number is not None:
        page.insert_text((293, 805), str(number), fontsize=10, fontname="helv")
    return page


def text(page, x, y, s, size=BODY, bold=False):
    if s.isascii() or all(ord(c) < 256 for c in s):
        page.insert_text((x, y), s, fontsize=size, fontname="hebo" if bold else "helv")
        return
    # glyphs beyond Latin-1 ("•", "–"): a Unicode font
    tw = pymupdf.TextWriter(page.rect)
    tw.append((x, y), s, font=pymupdf.Font("hebo" if bold else "helv"), fontsize=size)
    tw.write_text(page)


def lines(page, x, y, items, pitch=PITCH, para_gap=6.0, size=BODY):
    """Write paragraphs (lists of lines) from baseline y; returns the next y."""
    for para in items:
        for ln in para:
            text(page, x, y, ln, size)
            y += pitch
        y += para_gap
    return y


def grid(page, xs, ys, skip_h=()):
    """Ruling lines of a table: verticals at xs from ys[0] to ys[-1], horizontals at ys."""
    for x in xs:
        page.draw_line((x, ys[0]), (x, ys[-1]), width=0.5)
    for i, y in enumerate(ys):
        if i not in skip_h:
            page.draw_line((xs[0], y), (xs[-1], y), width=0.5)


def save(doc, tmp_path, name="t.pdf") -> Path:
    p = tmp_path / name
    doc.save(p)
    return p


def tables(doc: Document):
    return [b for b in doc.blocks if b.kind == "table"]


def all_text(doc: Document) -> str:
    out = []
    for b in doc.blocks:
        if b.kind == "table":
            for r in b.rows:
                out += [c.text for c in r.cells]
        else:
            out.append(b.text)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# a two-page document: heading, paragraph, a two-column table whose body row is
# split by the page break, bullets, running header and page numbers


@pytest.fixture()
def two_page_pdf(tmp_path):
    doc = pymupdf.open()
    p1 = new_page(doc, number=1)
    text(p1, 70, 100, "Avsnitt ett", size=16, bold=True)
    lines(p1, 70, 130, [["Inledande stycke som är brett och går över två rader i", "den här lilla testrapporten."]])
    xs = [66, 293, 520]
    # header row 170-188, body row 188-800 (continues on page 2)
    grid(p1, xs, [170, 188, 780])
    text(p1, 71, 183, "Styrkor", bold=True)
    text(p1, 298, 183, "Förbättringar", bold=True)
    # left column: a wrapped paragraph, then one more that continues on page 2
    lines(p1, 71, 205, [["Första styrkan är lång och bryts", "över två rader i cellen"],
                        ["Andra styrkan som fortsätter"]])
    # right column, same baselines so plain text extraction would interleave
    lines(p1, 298, 205, [["Första förbättringen"], ["Andra förbättringen är lång", "och bryts den också"]])
    p2 = new_page(doc, number=2)
    grid(p2, xs, [70, 110, 140])
    text(p2, 71, 84, "på nästa sida")
    text(p2, 298, 84, "Tredje förbättringen")
    text(p2, 71, 128, "Sista raden")
    text(p2, 298, 128, "Sista cellen")
    y = 170
    text(p2, 70, y, "•")
    text(p2, 88, y, "Punkt ett med en mjuk radbrytning.")
    text(p2, 88, y + 14.5, "Fortsättning på punkt ett.")
    text(p2, 70, y + 29, "•")
    text(p2, 88, y + 29, "Punkt två")
    text(p2, 70, y + 58, "Ett vanligt stycke efter listan.")
    return save(doc, tmp_path)


def test_two_column_cells_do_not_interleave(two_page_pdf):
    d = read_pdf(two_page_pdf)
    t = tables(d)
    assert len(t) == 1, [b.kind for b in d.blocks]
    rows = t[0].rows
    assert rows[0].texts == ["Styrkor", "Förbättringar"]
    left = [b.text for b in rows[1].cells[0].blocks]
    right = [b.text for b in rows[1].cells[1].blocks]
    assert left == ["Första styrkan är lång och bryts över två rader i cellen",
                    "Andra styrkan som fortsätter på nästa sida"]
    assert right == ["Första förbättringen", "Andra förbättringen är lång och bryts den också",
                     "Tredje förbättringen"]


def test_wrapped_cell_paragraph_keeps_its_lines(two_page_pdf):
    d = read_pdf(two_page_pdf)
    first = tables(d)[0].rows[1].cells[0].blocks[0]
    assert first.kind == "paragraph"
    assert [x.strip() for x in first.lines] == ["Första styrkan är lång och bryts", "över två rader i cellen"]


def test_table_split_over_pages_is_one_table_with_row_pages(two_page_pdf):
    d = read_pdf(two_page_pdf)
    t = tables(d)[0]
    assert t.page == 1
    assert [r.page for r in t.rows] == [1, 1, 2]
    assert t.rows[2].texts == ["Sista raden", "Sista cellen"]
    # the row broken by the page is one row; its blocks keep their own pages
    blocks = t.rows[1].cells[1].blocks
    assert [b.page for b in blocks] == [1, 1, 2]
    assert t.rows[1].cells[0].blocks[1].page == 1  # started on page 1


def test_running_header_and_page_numbers_removed(two_page_pdf):
    d = read_pdf(two_page_pdf)
    txt = all_text(d)
    assert "Testrapport" not in txt
    assert not any(b.text.strip() in {"1", "2"} for b in d.blocks if b.kind != "table")


def test_heading_paragraph_and_bullets(two_page_pdf):
    d = read_pdf(two_page_pdf)
    kinds = [(b.kind, b.text, b.page) for b in d.blocks if b.kind != "table"]
    assert kinds[0] == ("heading", "Avsnitt ett", 1)
    assert kinds[1] == ("paragraph", "Inledande stycke som är brett och går över två rader i den här lilla testrapporten.", 1)
    items = [b for b in d.blocks if b.kind == "item"]
    assert [b.text for b in items] == ["Punkt ett med en mjuk radbrytning. Fortsättning på punkt ett.", "Punkt två"]
    assert items[0].lines[0].startswith("Punkt ett")  # glyph stripped, lines kept apart
    assert len(items[0].lines) == 2
    assert d.blocks[-1].kind == "paragraph" and d.blocks[-1].text == "Ett vanligt stycke efter listan."
    assert d.format == "pdf" and d.extraction == "pdf-text" and d.page_count == 2


def test_span_crossing_a_column_boundary_is_split(tmp_path):
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    xs = [66, 293, 520]
    grid(page, xs, [100, 120, 160])
    text(page, 71, 114, "A")
    text(page, 298, 114, "B")
    left = "Vänster text"
    s = left
    while pymupdf.get_text_length(s, fontname="helv", fontsize=BODY) < 293 - 71 + 6:
        s += " "
    s += "höger text"
    text(page, 71, 140, s)  # ONE text run over both cells
    d = read_pdf(save(doc, tmp_path))
    rows = tables(d)[0].rows
    assert rows[1].texts == ["Vänster text", "höger text"]


def overview_pdf(tmp_path, split_mid_row=True):
    doc = pymupdf.open()
    xs = [66, 100, 410, 466, 520]
    p1 = new_page(doc, number=1)
    text(p1, 70, 100, "Översikt", size=16, bold=True)
    ys = [700, 718, 736, 754, 790]
    grid(p1, xs, ys)
    for x, s in zip([71, 105, 414, 471], ["3.", "Styrning", "Uppnått", "Max"]):
        text(p1, x, 713, s, bold=True)
    for y, row in [(731, ["3.1", "Strategi för styrning", "8", "10"]), (749, ["3.2", "Politisk styrning", "21", "30"])]:
        for x, s in zip([71, 105, 432, 488], row):
            text(p1, x, y, s)
    if split_mid_row:
        text(p1, 71, 767, "3.4")
        text(p1, 105, 767, "Samspel mellan rollerna som förtroendevald")
        text(p1, 105, 767 + PITCH, "respektive")
    p2 = new_page(doc, number=2)
    ys2 = [70, 90, 108, 126]
    grid(p2, xs, ys2)
    if split_mid_row:
        text(p2, 105, 84, "tjänsteperson")
        text(p2, 432, 84, "15")
        text(p2, 488, 84, "20")
    else:
        for x, s in zip([71, 105, 432, 488], ["3.4", "Samspel", "15", "20"]):
            text(p2, x, 84, s)
    for x, s in zip([71, 105, 435, 488], ["3.5", "Koncernstyrning", "7", "15"]):
        text(p2, x, 103, s)
    text(p2, 432, 121, "51", bold=True)
    text(p2, 485, 121, "85", bold=True)
    return save(doc, tmp_path, "overview.pdf")


def test_row_split_mid_row_is_merged(tmp_path):
    d = read_pdf(overview_pdf(tmp_path))
    t = tables(d)
    assert len(t) == 1
    texts = [r.texts for r in t[0].rows]
    assert texts == [["3.", "Styrning", "Uppnått", "Max"],
                     ["3.1", "Strategi för styrning", "8", "10"],
                     ["3.2", "Politisk styrning", "21", "30"],
                     ["3.4", "Samspel mellan rollerna som förtroendevald respektive tjänsteperson", "15", "20"],
                     ["3.5", "Koncernstyrning", "7", "15"],
                     ["", "", "51", "85"]]
    merged = t[0].rows[3]
    assert merged.page == 1
    assert merged.cells[1].page == 1  # the label part's page
    assert merged.cells[2].page == 2
    assert [r.page for r in t[0].rows] == [1, 1, 1, 1, 2, 2]


def test_whole_rows_on_next_page_are_not_merged(tmp_path):
    d = read_pdf(overview_pdf(tmp_path, split_mid_row=False))
    texts = [r.texts for r in tables(d)[0].rows]
    assert ["3.4", "Samspel", "15", "20"] in texts
    assert ["", "", "51", "85"] == texts[-1]


def test_new_table_with_header_row_on_next_page_is_not_joined(tmp_path):
    doc = pymupdf.open()
    xs = [66, 300, 520]
    for n, first in ((1, 700), (2, 70)):
        page = new_page(doc, number=n)
        if n == 1:
            text(page, 70, 100, "Tabeller", size=16, bold=True)
        grid(page, xs, [first, first + 18, first + 36, first + 54])
        text(page, 71, first + 13, f"Tabell {n}", bold=True)
        text(page, 305, first + 13, "Värde", bold=True)
        text(page, 71, first + 31, f"Rad a{n}")
        text(page, 305, first + 31, "1")
        text(page, 71, first + 49, f"Rad b{n}")
        text(page, 305, first + 49, "2")
    d = read_pdf(save(doc, tmp_path))
    t = tables(d)
    assert len(t) == 2
    assert t[1].rows[0].texts == ["Tabell 2", "Värde"] and t[1].page == 2


def test_repeated_header_row_is_dropped_when_joining(tmp_path):
    doc = pymupdf.open()
    xs = [66, 300, 520]
    for n, first in ((1, 730), (2, 70)):
        page = new_page(doc, number=n)
        grid(page, xs, [first, first + 18, first + 36, first + 54])
        text(page, 71, first + 13, "Namn", bold=True)
        text(page, 305, first + 13, "Värde", bold=True)
        text(page, 71, first + 31, f"Rad a{n}")
        text(page, 305, first + 31, "1")
        text(page, 71, first + 49, f"Rad b{n}")
        text(page, 305, first + 49, "2")
    d = read_pdf(save(doc, tmp_path))
    t = tables(d)
    assert len(t) == 1
    assert [r.texts[0] for r in t[0].rows] == ["Namn", "Rad a1", "Rad b1", "Rad a2", "Rad b2"]


def test_unruled_columns_become_a_table(tmp_path):
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    text(page, 70, 100, "Tabell utan linjer", size=16, bold=True)
    rows = [("1.", "Samspel och dialog", "Uppnått", "Max"),
            ("1.1", "Strategi för demokratiutveckling", "16", "20"),
            ("1.2", "Kommunens information", "7", "10"),
            ("", "", "23", "30")]
    y = 140
    for r in rows:
        for x, s in zip([71, 105, 414, 471], r):
            if s:
                text(page, x + (0 if len(s) > 2 or x < 400 else 18), y, s, bold=r[0] == "1.")
        y += 17.3
    text(page, 70, y + 30, "Ensam\traden")  # noqa - a lone line with a gap below
    text(page, 70, y + 60, "Namn")
    text(page, 300, y + 60, "Ett värde")
    d = read_pdf(save(doc, tmp_path))
    t = tables(d)
    assert len(t) == 1
    assert [r.texts for r in t[0].rows] == [["1.", "Samspel och dialog", "Uppnått", "Max"],
                                           ["1.1", "Strategi för demokratiutveckling", "16", "20"],
                                           ["1.2", "Kommunens information", "7", "10"],
                                           ["", "", "23", "30"]]
    lone = [b for b in d.blocks if b.kind == "paragraph" and "Namn" in b.text]
    assert lone and lone[0].lines[0].split("\t") == ["Namn", "Ett värde"]


# ---------------------------------------------------------------------------
# tables without ruling lines whose columns hold free-flowing paragraphs


def column_paragraphs(page, x, y, paras, para_gap, pitch=PITCH):
    """Write paragraphs (lists of lines) in a column from baseline y; returns
    the baseline after the last line."""
    for para in paras:
        for ln in para:
            text(page, x, y, ln)
            y += pitch
        y += para_gap
    return y - para_gap - pitch


LEFT = [["Första styrkan är lång och", "bryts över två rader"],
        ["Andra styrkan"],
        ["Tredje styrkan som också", "bryts"],
        ["Fjärde styrkan efter att den", "högra kolumnen har tagit slut"]]
RIGHT = [["Första förbättringen"],
         ["Andra förbättringen är lång", "och bryts den också över", "tre rader"]]
BODY_AFTER = "Ett vanligt stycke efter tabellen som går över hela sidans bredd, från vänster kant till höger."


@pytest.fixture()
def flowing_pdf(tmp_path):
    """Two columns of paragraphs without ruling lines: the right column's
    paragraph spacing differs, so its baselines lie half a line off the left
    column's; the left column runs on after the right one has ended; body text
    after the table starts where the first column starts."""
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    text(page, 70, 100, "Styrkor och brister", size=16, bold=True)
    text(page, 71, 140, "Styrkor")
    text(page, 300, 140, "Förbättringar")
    end_l = column_paragraphs(page, 71, 165, LEFT, para_gap=6)
    end_r = column_paragraphs(page, 300, 165, RIGHT, para_gap=12.75)
    assert end_r < end_l
    text(page, 71, end_l + 30, BODY_AFTER)
    return save(doc, tmp_path)


def test_flowing_columns_are_one_row_of_paragraphs(flowing_pdf):
    d = read_pdf(flowing_pdf)
    t = tables(d)
    assert len(t) == 1, [(b.kind, b.text) for b in d.blocks]
    rows = t[0].rows
    assert rows[0].texts == ["Styrkor", "Förbättringar"]
    assert len(rows) == 2
    assert [b.text for b in rows[1].cells[0].blocks] == [" ".join(p) for p in LEFT]
    assert [b.text for b in rows[1].cells[1].blocks] == [" ".join(p) for p in RIGHT]
    assert all(b.kind == "paragraph" for c in rows[1].cells for b in c.blocks)
    # a wrapped paragraph keeps its lines apart
    assert [x.strip() for x in rows[1].cells[1].blocks[1].lines] == RIGHT[1]


def test_body_text_after_a_flowing_table_stays_body(flowing_pdf):
    d = read_pdf(flowing_pdf)
    assert d.blocks[-1].kind == "paragraph" and d.blocks[-1].text == BODY_AFTER
    assert [b.kind for b in d.blocks] == ["heading", "table", "paragraph"]


def test_header_centred_over_flowing_columns(tmp_path):
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    text(page, 150, 140, "Styrkor")
    text(page, 360, 140, "Förbättringar")
    end_l = column_paragraphs(page, 71, 165, LEFT, para_gap=6)
    column_paragraphs(page, 300, 165, RIGHT, para_gap=12.75)
    text(page, 71, end_l + 30, BODY_AFTER)
    d = read_pdf(save(doc, tmp_path))
    rows = tables(d)[0].rows
    assert rows[0].texts == ["Styrkor", "Förbättringar"]
    assert [b.text for b in rows[1].cells[0].blocks] == [" ".join(p) for p in LEFT]
    assert [b.text for b in rows[1].cells[1].blocks] == [" ".join(p) for p in RIGHT]
    assert d.blocks[-1].text == BODY_AFTER


@pytest.fixture()
def flowing_over_pages_pdf(tmp_path):
    """A flowing two-column table whose header ends page 1 right above its
    first lines, and whose columns go on at the top of page 2 (one paragraph
    broken by the page, continuing in lower case)."""
    doc = pymupdf.open()
    p1 = new_page(doc, number=1)
    lines(p1, 70, 100, [["Inledning."]])
    y = 700
    text(p1, 71, y, "Styrkor")
    text(p1, 300, y, "Förbättringar")
    column_paragraphs(p1, 71, y + 25, [["Första styrkan"], ["Andra styrkan som bryts av"]], para_gap=6)
    column_paragraphs(p1, 300, y + 25, [["Första förbättringen som", "bryts över två rader"]], para_gap=6)
    p2 = new_page(doc, number=2)
    column_paragraphs(p2, 71, 80, [["sidbrytningen och fortsätter"], ["Tredje styrkan"]], para_gap=6)
    column_paragraphs(p2, 300, 86.75, [["Andra förbättringen på", "nästa sida"]], para_gap=6)
    text(p2, 71, 160, BODY_AFTER)
    return save(doc, tmp_path)


def test_flowing_table_goes_on_at_the_top_of_the_next_page(flowing_over_pages_pdf):
    d = read_pdf(flowing_over_pages_pdf)
    t = tables(d)
    assert len(t) == 1, [(b.kind, b.text) for b in d.blocks]
    rows = t[0].rows
    assert rows[0].texts == ["Styrkor", "Förbättringar"]
    assert len(rows) == 2
    left, right = rows[1].cells
    assert [(b.text, b.page) for b in left.blocks] == [
        ("Första styrkan", 1), ("Andra styrkan som bryts av sidbrytningen och fortsätter", 1), ("Tredje styrkan", 2)]
    assert [(b.text, b.page) for b in right.blocks] == [
        ("Första förbättringen som bryts över två rader", 1), ("Andra förbättringen på nästa sida", 2)]
    assert d.blocks[-1].text == BODY_AFTER and d.blocks[-1].page == 2


def test_header_at_the_foot_of_a_page_joins_its_table(tmp_path):
    doc = pymupdf.open()
    p1 = new_page(doc, number=1)
    lines(p1, 70, 100, [["Inledning."]])
    text(p1, 71, 770, "Styrkor")
    text(p1, 300, 770, "Förbättringar")
    p2 = new_page(doc, number=2)
    column_paragraphs(p2, 71, 80, [["Första styrkan som", "bryts"], ["Andra styrkan"]], para_gap=6)
    column_paragraphs(p2, 300, 80, [["Första förbättringen"]], para_gap=6)
    d = read_pdf(save(doc, tmp_path))
    t = tables(d)
    assert len(t) == 1
    rows = t[0].rows
    assert rows[0].texts == ["Styrkor", "Förbättringar"] and rows[0].page == 1
    assert [b.text for r in rows[1:] for b in r.cells[0].blocks] == ["Första styrkan som bryts", "Andra styrkan"]
    assert [b.text for r in rows[1:] for b in r.cells[1].blocks] == ["Första förbättringen"]
    assert {r.page for r in rows[1:]} == {2}


def test_list_set_as_running_text_in_a_cell_is_items(tmp_path):
    """A "Rubriker | Poäng" box: the topics are a list flattened into running
    text ("• a• b• c", wrapping without indentation), the score stands beside."""
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    text(page, 71, 100, "Rubriker")
    text(page, 480, 100, "Poäng")
    text(page, 480, 120, "68")
    text(page, 101, 127, "• Strategi för hållbar utveckling• Social hållbarhet•")
    text(page, 101, 127 + PITCH, "Ekologisk hållbarhet • Kultur, fritid och föreningsliv")
    text(page, 101, 127 + 2 * PITCH, "i kommunen")
    text(page, 70, 180, BODY_AFTER)
    d = read_pdf(save(doc, tmp_path))
    t = tables(d)
    assert len(t) == 1
    rows = t[0].rows
    assert rows[0].texts == ["Rubriker", "Poäng"]
    topics = [b for r in rows[1:] for b in r.cells[0].blocks]
    assert [(b.kind, b.text) for b in topics] == [
        ("item", "Strategi för hållbar utveckling"), ("item", "Social hållbarhet"),
        ("item", "Ekologisk hållbarhet"), ("item", "Kultur, fritid och föreningsliv i kommunen")]
    assert [r.cells[1].text for r in rows[1:] if r.cells[1].text] == ["68"]
    assert d.blocks[-1].text == BODY_AFTER


def test_flattened_list_item_wrapping_without_indent_stays_one_item(tmp_path):
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    text(page, 71, 100, "Styrkor")
    text(page, 300, 100, "Förbättringar")
    # the left column's lines end where the next word would not fit (x < 290)
    text(page, 71, 125, "• Arbetsmiljö- och hälsoarbetet ex.")
    text(page, 71, 125 + PITCH, "\"Hälsa i kommunen\" • Central stab")
    text(page, 71, 125 + 2 * PITCH, "upplevs som ett gott stöd")
    text(page, 300, 125, "• Förtydliga den strategiska")
    text(page, 300, 125 + PITCH, "inriktningen")
    d = read_pdf(save(doc, tmp_path))
    rows = tables(d)[0].rows
    assert [b.text for b in rows[1].cells[0].blocks] == [
        "Arbetsmiljö- och hälsoarbetet ex. \"Hälsa i kommunen\"", "Central stab upplevs som ett gott stöd"]
    assert [b.text for b in rows[1].cells[1].blocks] == ["Förtydliga den strategiska inriktningen"]


def test_unruled_score_tables_with_wrapped_labels_and_own_columns(tmp_path):
    """Two score tables one after the other, each with its own column
    positions, rows separated by a little spacing, a label wrapped in two
    lines: one row per score row, and the second table's columns are its own."""
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    y = 100

    def table_at(y, xs, rows):
        for r in rows:
            for x, s in zip(xs, r[0]):
                if s:
                    text(page, x, y, s)
            for extra in r[1:]:
                y += PITCH
                text(page, xs[1], y, extra)
            y += PITCH + 4.5
        return y

    y = table_at(y, [71, 100, 390, 440, 475], [
        (["1.", "Offentlighet och demokrati", "Uppnått", "Max", "Procent"],),
        (["1.1", "Finns en plan för demokratiutveckling?", "7", "15", "45%"],),
        (["1.2", "Hur informeras medborgarna om resultat och", "13", "20", "65%"], "verksamhet?"),
        (["", "", "20", "35", "57%"],)])
    table_at(y + 8, [71, 100, 410, 460, 495], [
        (["2.", "Tillgänglighet", "Uppnått", "Max", "Procent"],),
        (["2.1", "Finns det en strategi för brukarorientering?", "12", "15", "80%"],)])
    d = read_pdf(save(doc, tmp_path))
    rows = [r.texts for t in tables(d) for r in t.rows]
    assert rows == [["1.", "Offentlighet och demokrati", "Uppnått", "Max", "Procent"],
                    ["1.1", "Finns en plan för demokratiutveckling?", "7", "15", "45%"],
                    ["1.2", "Hur informeras medborgarna om resultat och verksamhet?", "13", "20", "65%"],
                    ["", "", "20", "35", "57%"],
                    ["2.", "Tillgänglighet", "Uppnått", "Max", "Procent"],
                    ["2.1", "Finns det en strategi för brukarorientering?", "12", "15", "80%"]]


def test_numbered_list_lines_are_items(tmp_path):
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    text(page, 70, 100, "Områdena är:")
    for i, s in enumerate(["Samspel", "Samhällsutveckling"]):
        text(page, 79, 120 + i * 14.5, f"{i + 1}.")
        text(page, 97, 120 + i * 14.5, s)
    text(page, 70, 120 + 2 * 14.5, "Ett stycke direkt efter listan.")
    d = read_pdf(save(doc, tmp_path))
    assert [(b.kind, b.text) for b in d.blocks] == [
        ("paragraph", "Områdena är:"), ("item", "1. Samspel"), ("item", "2. Samhällsutveckling"),
        ("paragraph", "Ett stycke direkt efter listan.")]


def test_title_page_big_text_kept(tmp_path):
    doc = pymupdf.open()
    for n in range(1, 4):
        page = new_page(doc, number=n)
        if n == 1:
            text(page, 70, 240, "Testrapport - Analys av", size=30, bold=True)
            text(page, 70, 280, "något 2020", size=30, bold=True)
        else:
            text(page, 70, 100, f"Brödtext på sida {n}.")
    d = read_pdf(save(doc, tmp_path))
    assert d.blocks[0].kind == "heading" and d.blocks[0].level == 1
    assert d.blocks[0].text == "Testrapport - Analys av något 2020"
    assert d.blocks[0].page == 1
    assert [b.text for b in d.blocks[1:]] == ["Brödtext på sida 2.", "Brödtext på sida 3."]


# ---------------------------------------------------------------------------
# errors


def _one_page_bytes():
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Hej")
    return doc


def test_encrypted_pdf_raises(tmp_path):
    p = tmp_path / "enc.pdf"
    _one_page_bytes().save(p, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemligt", owner_pw="ägare")
    with pytest.raises(ReadError, match="encrypted"):
        read_pdf(p)


def test_truncated_pdf_raises(tmp_path):
    data = _one_page_bytes().tobytes()
    p = tmp_path / "trunc.pdf"
    p.write_bytes(data[: int(len(data) * 0.7)])
    with pytest.raises(ReadError, match="truncated|damaged|corrupt"):
        read_pdf(p)


def test_garbage_and_empty_files_raise(tmp_path):
    g = tmp_path / "garbage.pdf"
    g.write_bytes(b"this is not a pdf\n" * 20)
    with pytest.raises(ReadError, match="not a readable PDF"):
        read_pdf(g)
    e = tmp_path / "empty.pdf"
    e.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        read_pdf(e)
    with pytest.raises(ReadError, match="no such file"):
        read_pdf(tmp_path / "missing.pdf")


def test_zero_page_pdf_raises(tmp_path):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode()
    x = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offs)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    p = tmp_path / "zero.pdf"
    p.write_bytes(out)
    with pytest.raises(ReadError, match="no pages"):
        read_pdf(p)


# ---------------------------------------------------------------------------
# scanned pages (OCR)


def _scanned_pdf(tmp_path):
    src = pymupdf.open()
    page = src.new_page(width=A4[0], height=A4[1])
    page.insert_text((72, 120), "Kommunen har en tydlig strategi", fontsize=20, fontname="helv")
    page.insert_text((72, 170), "för utveckling och information.", fontsize=20, fontname="helv")
    pix = page.get_pixmap(dpi=150)
    out = pymupdf.open()
    text_page = out.new_page(width=A4[0], height=A4[1])
    text_page.insert_text((72, 100), "Sida med text.", fontsize=11, fontname="helv")
    scan = out.new_page(width=A4[0], height=A4[1])
    scan.insert_image(scan.rect, pixmap=pix)
    p = tmp_path / "scan.pdf"
    out.save(p)
    return p


def _has_tesseract():
    from extract.pdf.ocr_engine import NeedsOCR, tessdata
    try:
        return bool(tessdata())
    except NeedsOCR:
        return False


@pytest.mark.skipif(not _has_tesseract(), reason="Tesseract OCR is not installed")
def test_scanned_page_is_ocrd(tmp_path):
    d = read_pdf(_scanned_pdf(tmp_path))
    assert d.extraction == "ocr"
    assert any("2" in n and "OCR" in n for n in d.notes)
    txt = all_text(d)
    assert "Sida med text." in txt
    words = set(re.findall(r"\w+", txt.lower()))
    assert {"kommunen", "strategi", "utveckling", "information"} <= words
    assert all(b.page == 2 for b in d.blocks if "strategi" in b.text.lower())


@pytest.mark.skipif(not _has_tesseract(), reason="Tesseract OCR is not installed")
def test_scanned_ruled_table_keeps_its_cells(tmp_path):
    src = pymupdf.open()
    page = src.new_page(width=A4[0], height=A4[1])
    xs = [66, 293, 520]
    grid(page, xs, [100, 124, 190])
    text(page, 72, 117, "Styrkor", size=14, bold=True)
    text(page, 299, 117, "Brister", size=14, bold=True)
    text(page, 72, 145, "Tydlig strategi", size=14)
    text(page, 72, 175, "Bra information", size=14)
    text(page, 299, 145, "Svag uppföljning", size=14)
    pix = page.get_pixmap(dpi=200)
    out = pymupdf.open()
    scan = out.new_page(width=A4[0], height=A4[1])
    scan.insert_image(scan.rect, pixmap=pix)
    p = tmp_path / "scantable.pdf"
    out.save(p)
    d = read_pdf(p)
    t = tables(d)
    assert len(t) == 1
    rows = t[0].rows
    assert rows[0].texts == ["Styrkor", "Brister"]
    assert [b.text for b in rows[1].cells[0].blocks] == ["Tydlig strategi", "Bra information"]
    assert rows[1].texts[1] == "Svag uppföljning"


def test_scanned_page_without_tesseract_raises(tmp_path, monkeypatch):
    import sys
    p = _scanned_pdf(tmp_path)
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # the OCR engine is not installed
    with pytest.raises(ReadError, match=r"page\(s\) 2 .*need OCR.*not installed.*tesseract-ocr"):
        read_pdf(p)


# ---------------------------------------------------------------------------
# the shared corpus

needs_corpus = pytest.mark.skipif(not (CORPUS / "pdf").is_dir(), reason=f"shared corpus not found at {CORPUS}")
BASES = ["000_363669046f7561fc", "002_8eb5ca326e9c8db1", "004_af26385dc4824b40"]


def _norm(s):
    return " ".join(s.split())


@pytest.fixture(scope="module")
def corpus_docs():
    return {b: read_pdf(CORPUS / "pdf" / f"{b}.pdf") for b in BASES}


def _expected(base):
    return json.loads((CORPUS / "expected" / f"{base}.json").read_text(encoding="utf-8"))


@needs_corpus
def test_corpus_first_strengths_table_gives_area1_findings(corpus_docs):
    d = corpus_docs["000_363669046f7561fc"]
    exp = _expected("000_363669046f7561fc")
    t = next(b for b in tables(d) if len(b.rows[0].cells) == 2 and b.rows[0].texts[0] == "Styrkor")
    strengths = [_norm(b.text) for r in t.rows[1:] for b in r.cells[0].blocks]
    improvements = [_norm(b.text) for r in t.rows[1:] for b in r.cells[1].blocks]
    want_s = [f["text"] for f in exp["findings"] if f["area_no"] == 1 and f["kind"] == "strength"]
    want_i = [f["text"] for f in exp["findings"] if f["area_no"] == 1 and f["kind"] == "improvement"]
    assert strengths == want_s
    assert improvements == want_i


@needs_corpus
@pytest.mark.parametrize("base", BASES)
def test_corpus_overview_rows_are_table_rows(corpus_docs, base):
    d = corpus_docs[base]
    exp = _expected(base)
    rows = [[_norm(t) for t in r.texts] for b in tables(d) for r in b.rows]
    for q in exp["subquestions"]:
        want = [q["question_no"], _norm(q["label"]), str(q["score"]), str(q["max"])]
        if q.get("percent") is not None:
            want.append(f"{q['percent']}%")
        assert want in rows, (base, want)
    for a in exp["areas"]:
        total = [str(a["score"]), str(a["max"])] + ([f"{a['percent']}%"] if a.get("percent") is not None else [])
        assert any(r[-len(total):] == total and not any(r[:-len(total)]) for r in rows), (base, a["area_no"])


@needs_corpus
@pytest.mark.parametrize("base", BASES)
def test_corpus_every_finding_is_one_block(corpus_docs, base):
    d = corpus_docs[base]
    texts = set()
    for b in d.blocks:
        if b.kind == "table":
            texts |= {_norm(x.text) for r in b.rows for c in r.cells for x in c.blocks}
        else:
            texts.add(_norm(b.text))
    missing = [f["text"] for f in _expected(base)["findings"] if _norm(f["text"]) not in texts]
    assert not missing


@needs_corpus
def test_corpus_running_header_removed_and_title_kept(corpus_docs):
    d = corpus_docs["000_363669046f7561fc"]
    header = "Kommunkompassen - Analys av Torsås kommun november 2021"
    assert d.blocks[0].kind == "heading" and _norm(d.blocks[0].text) == header and d.blocks[0].page == 1
    body = [b for b in d.blocks if b.kind != "table" and b.page and b.page > 1]
    assert not any(_norm(b.text) == header for b in body)
    assert not any(re.fullmatch(r"\d+", b.text.strip()) for b in d.blocks if b.kind != "table")


@needs_corpus
def test_corpus_soft_line_break_item_is_one_item(corpus_docs):
    d = corpus_docs["004_af26385dc4824b40"]
    items = [b for b in d.blocks if b.kind == "item" and b.text.startswith("Tryckt information")]
    assert len(items) == 1
    assert items[0].text.endswith("om kommunen. Bland annat Årsberättelse.")
    assert len(items[0].lines) == 2 and items[0].page == 6


@needs_corpus
def test_corpus_row_broken_by_page_is_merged(corpus_docs):
    d = corpus_docs["002_8eb5ca326e9c8db1"]
    t = next(b for b in tables(d) if any("Övergripande strategi för kommunens arbete" in c.text
                                         for r in b.rows for c in r.cells))
    cell = t.rows[1].cells[0]
    first = cell.blocks[0]
    assert first.kind == "item" and first.page == 28
    assert _norm(first.text) == "Övergripande strategi för kommunens arbete med kvalitetsutveckling"
    assert cell.blocks[1].page == 29
    assert [r.page for r in t.rows] == [28, 28]


# ---------------------------------------------------------------------------
# end to end: the shared reports' texts laid out as PDFs whose tables have no
# ruling lines (HTML tables without borders, set by MuPDF's Story)

BORDERLESS = ["000_363669046f7561fc", "002_8eb5ca326e9c8db1"]
_STORY_CSS = ("body{font-family:sans-serif;font-size:10pt} td{border:none;padding:2px 6px;vertical-align:top} "
              "p{margin:0 0 6pt 0} table{margin:6pt 0}")


def _report_html(path: Path) -> str:
    """A Word-export text as HTML: tab-separated lines are table rows (cells
    may hold HTML), "Område ..." lines headings, other lines paragraphs."""
    import html
    out = ["<!DOCTYPE html><html><body>"]
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n") + [""]:
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{c if '<' in c else html.escape(c)}</td>"
                                         for c in line.split("\t")) + "</tr>")
            continue
        if rows:
            out.append("<table>" + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            if line.startswith("Område ") or "Översikt av poäng" in line:
                out.append(f"<h2>{html.escape(line)}</h2>")
            else:
                out.append(f"<p>{line if '<' in line else html.escape(line)}</p>")
    return "\n".join(out) + "</body></html>"


def borderless_pdf(text_path: Path, out: Path) -> Path:
    """Lay the report out with Story on one tall page, then cut that into A4
    pages between lines (tables break across pages wherever they fall).
    (Story's own pagination drops content: after a table, text runs on past
    the bottom of the page.)"""
    import io
    top, bottom, left, right = 60, 782, 50, 545
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    tall = pymupdf.Rect(0, 0, A4[0], 40000)
    story = pymupdf.Story(html=_report_html(text_path), user_css=_STORY_CSS)
    dev = writer.begin_page(tall)
    more, _ = story.place(pymupdf.Rect(left, 0, right, tall.y1))
    assert not more
    story.draw(dev)
    writer.end_page()
    writer.close()
    src = pymupdf.open("pdf", buf.getvalue())
    d = src[0].get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE)
    rows = sorted(((ln["bbox"][1], ln["bbox"][3], [s for s in ln["spans"] if s["text"].strip()])
                   for b in d["blocks"] for ln in b.get("lines", ())), key=lambda r: r[0])
    rows = [r for r in rows if r[2]]
    fonts = {False: pymupdf.Font("helv"), True: pymupdf.Font("hebo")}
    doc = pymupdf.open()
    i = 0
    while i < len(rows):
        start = rows[i][0]
        j = i
        while j < len(rows) and rows[j][1] <= start + (bottom - top):
            j += 1
        page = doc.new_page(width=A4[0], height=A4[1])
        tw = pymupdf.TextWriter(page.rect)
        for _y0, _y1, spans in rows[i:j]:
            for s in spans:
                x, y = s["origin"]
                bold = bool(s["flags"] & 16) or "Bold" in s["font"]
                tw.append((x, y - start + top), s["text"], font=fonts[bold], fontsize=s["size"])
        tw.write_text(page)
        i = j
    doc.save(out)
    return out


@pytest.fixture(scope="module")
def borderless_runs(tmp_path_factory):
    """Per report: (the borderless PDF, its pipeline output tables)."""
    if not (CORPUS / "text").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    import pandas as pd
    from conftest import run_pipeline
    cache = {}

    def get(base):
        if base not in cache:
            tmp = tmp_path_factory.mktemp("borderless")
            (tmp / "in").mkdir()
            pdf = borderless_pdf(CORPUS / "text" / f"{base}.txt", tmp / "in" / f"{base}.pdf")
            p = run_pipeline([tmp / "in"], tmp / "out")
            assert p.returncode == 0, p.stderr
            cache[base] = (pdf, {t: pd.read_parquet(tmp / "out" / f"{t}.parquet")
                                 for t in ("reports", "area_scores", "subquestion_scores", "findings")})
        return cache[base]
    return get


def test_borderless_fixture_has_no_ruling_lines_and_all_text(tmp_path):
    if not (CORPUS / "text").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    base = BORDERLESS[0]
    doc = pymupdf.open(borderless_pdf(CORPUS / "text" / f"{base}.txt", tmp_path / "b.pdf"))
    assert doc.page_count > 10
    assert not any(p.get_drawings() for p in doc)
    words = set(" ".join(p.get_text() for p in doc).split())
    want = set(_report_html(CORPUS / "text" / f"{base}.txt").split()) & set(
        (CORPUS / "text" / f"{base}.txt").read_text(encoding="utf-8").split())
    missing = {w for w in want if w.isalpha()} - words
    assert not missing


@pytest.mark.parametrize("base", BORDERLESS)
def test_borderless_report_scores(borderless_runs, base):
    _, t = borderless_runs(base)
    exp = _expected(base)
    got = {q.question_no: q for q in t["subquestion_scores"].itertuples()}
    assert set(got) == {q["question_no"] for q in exp["subquestions"]}
    for q in exp["subquestions"]:
        g = got[q["question_no"]]
        label, want = _unwrap_slash_dash(_norm(g.label)), _unwrap_slash_dash(_norm(q["label"]))
        assert (g.score, g.max, label) == (q["score"], q["max"], want)
    areas = {a.area_no: a.score for a in t["area_scores"].itertuples()}
    assert areas == {a["area_no"]: a["score"] for a in exp["areas"]}
    assert t["reports"].iloc[0].total_score == exp["total"]["score"]


def _findings(t):
    f = t["findings"].sort_values(["area_no", "kind", "position"])
    return [(int(x.area_no), x.kind, int(x.position), _norm(x.text)) for x in f.itertuples()]


def _want_findings(base):
    return sorted((x["area_no"], x["kind"], x["position"], _norm(x["text"])) for x in _expected(base)["findings"])


def _unwrap_slash_dash(s):
    return re.sub(r"(?<=[\w-])([/–]) (?=\w)", r"\1", s)


@pytest.mark.parametrize("base", BORDERLESS)
def test_borderless_report_findings(borderless_runs, base):
    """Every strength/improvement, in order, from the two-column tables
    without ruling lines. (Compared with the space that a line wrapped after
    "/" or "–" leaves taken out: joining wrapped lines is extract.model's.)"""
    _, t = borderless_runs(base)
    got = [(a, k, p, _unwrap_slash_dash(x)) for a, k, p, x in _findings(t)]
    want = [(a, k, p, _unwrap_slash_dash(x)) for a, k, p, x in _want_findings(base)]
    assert sorted(got) == want


def test_borderless_report_findings_exact(borderless_runs):
    for base in BORDERLESS:
        _, t = borderless_runs(base)
        assert sorted(_findings(t)) == _want_findings(base)


@pytest.mark.parametrize("base", BORDERLESS)
def test_borderless_report_finding_pages(borderless_runs, base):
    """Each finding's page is the one where it starts: its first word is
    printed there, and its first words are on that page or the next (an item
    of a list set as running text may start at the foot of a page)."""
    pdf, t = borderless_runs(base)
    doc = pymupdf.open(pdf)
    def toks(text):  # a line may wrap right after a "/": compare the parts
        return [w for w in re.split(r"[\s/]+", text) if w]
    words = [set(toks(p.get_text())) for p in doc] + [set()]
    bad = [(x.area_no, x.kind, x.position, x.page) for x in t["findings"].itertuples()
           if toks(x.text)[0] not in words[int(x.page) - 1]
           or not set(toks(x.text)[:3]) <= words[int(x.page) - 1] | words[int(x.page)]]
    assert not bad


def test_ocr_bullet_lookalikes_become_bullets():
    from extract.pdf.ocr_words import ocr_bullets
    from extract.pdf.primitives import Piece
    from extract.pdf.settings import PdfSettings
    pieces = [Piece("e", 50, 90, 55, 100, 10, False, None), Piece("Första punkten", 70, 90, 200, 100, 10, False, None),
              Piece("e«", 50, 110, 58, 120.3, 10, False, None), Piece("=", 62, 110, 66, 120, 10, False, None),
              Piece("Andra", 70, 110, 120, 120, 10, False, None),
              Piece("e« - Tredje punkten", 50, 130, 200, 140, 10, False, None),
              Piece("Vanlig mening med e i mitten", 50, 150, 300, 160, 10, False, None)]
    ocr_bullets(pieces, PdfSettings())
    assert [p.text for p in pieces] == ["•", "Första punkten", "•", "Andra", "• Tredje punkten",
                                        "Vanlig mening med e i mitten"]


@pytest.mark.parametrize("turn", [90, -90, 180])
def test_a_page_set_sideways_or_upside_down_reads_as_upright(turn, tmp_path):
    # a landscape score table placed turned on its page: its text runs
    # downwards, upwards or right to left, and is read from an upright copy
    from parsers.report import read_report
    sample = Path(__file__).resolve().parents[1] / "data" / "raw" / "pahitto_2021.pdf"
    out = pymupdf.open()
    turned = []
    with pymupdf.open(sample) as src:
        for i, page in enumerate(src):
            if "Uppnått" in page.get_text() or "Styrkor" in page.get_text():
                turned.append(i)
                w, h = page.rect.width, page.rect.height
                new = out.new_page(width=h, height=w) if turn % 180 else out.new_page(width=w, height=h)
                new.show_pdf_page(new.rect, src, i, rotate=turn)
            else:
                out.insert_pdf(src, from_page=i, to_page=i)
    p = tmp_path / f"turned{turn}.pdf"
    out.save(p)
    with pymupdf.open(p) as d:  # the turned pages' text does not run left to right
        assert len(turned) >= 4 and all(ln["dir"][0] < 0.5 for i in turned
                                        for b in d[i].get_text("dict")["blocks"] if b["type"] == 0
                                        for ln in b["lines"])
    want, got = read_report(read_pdf(sample)), read_report(read_pdf(p))
    assert [(q.question_no, q.score, q.max, q.page) for q in got.subquestions] == \
        [(q.question_no, q.score, q.max, q.page) for q in want.subquestions]
    assert [(f.area_no, f.kind, f.text, f.page) for f in got.findings] == \
        [(f.area_no, f.kind, f.text, f.page) for f in want.findings]


def test_a_size_jitter_below_the_rounding_step_does_not_part_a_paragraph(tmp_path):
    # a producer that scales each line a little (10.2 and 10.3 pt round to
    # 10.0 and 10.5): still one paragraph and one item, not a block per line
    doc = pymupdf.open()
    page = new_page(doc, header=None)
    text(page, 70, 100, "Kommunen har en plan for medborgardialog som beslutades", size=10.2)
    text(page, 70, 100 + PITCH, "av fullmaktige och foljs upp varje ar.", size=10.3)
    text(page, 70, 100 + 2 * PITCH + 12, "Nasta stycke.", size=10.2)
    got = [b.lines for b in read_pdf(save(doc, tmp_path)).blocks if b.kind != "table"]
    assert got == [("Kommunen har en plan for medborgardialog som beslutades",
                    "av fullmaktige och foljs upp varje ar."), ("Nasta stycke.",)]


def _two_pages_on_one_sheet(tmp_path, header=True, numbers=True) -> Path:
    """Two small pages, then both printed side by side on one landscape sheet."""
    src = pymupdf.open()
    for n, (head, body) in enumerate((("Område 1 Styrkor", "Vänster sida"), ("Område 2 Styrkor", "Höger sida")),
                                     start=1):
        page = new_page(src, header="Testrapport - Analys av något 2020" if header else None,
                        number=n if numbers else None)
        text(page, 70, 100, head, bold=True)
        lines(page, 70, 130, [[f"{body} rad {k}"] for k in range(1, 4)], para_gap=12.0)
    sheet = pymupdf.open()
    w, h = A4
    page = sheet.new_page(width=2 * w, height=h)
    page.show_pdf_page(pymupdf.Rect(0, 0, w, h), src, 0)
    page.show_pdf_page(pymupdf.Rect(w, 0, 2 * w, h), src, 1)
    return save(sheet, tmp_path, "sheet.pdf")


def test_two_pages_on_one_sheet_are_read_left_page_first(tmp_path):
    doc = read_pdf(_two_pages_on_one_sheet(tmp_path))
    text = " | ".join(b.text for b in doc.blocks)
    assert text == ("Område 1 Styrkor | Vänster sida rad 1 Vänster sida rad 2 Vänster sida rad 3 | "
                    "Område 2 Styrkor | Höger sida rad 1 Höger sida rad 2 Höger sida rad 3")
    assert all(b.page == 1 for b in doc.blocks)  # the PDF's own page, not the half
    assert any("two pages side by side" in n for n in doc.notes)


def test_a_landscape_page_without_two_page_edges_is_one_page(tmp_path):
    # without a running header or page numbers in each half, the two halves
    # could be the columns of one landscape page: left as the page reads
    doc = read_pdf(_two_pages_on_one_sheet(tmp_path, header=False, numbers=False))
    assert not any("two pages side by side" in n for n in doc.notes)


def _as_scan(pdf: Path, out: Path) -> Path:
    """Every page of `pdf` as a picture only (a scan without a text layer)."""
    src, dst = pymupdf.open(pdf), pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=100, colorspace=pymupdf.csGRAY)
        new = dst.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, pixmap=pix)
    dst.save(out)
    return out


def test_a_scanned_sheet_of_two_pages_is_cut_at_its_gutter(tmp_path):
    from extract.pdf.settings import PdfSettings
    from extract.pdf.two_up import scan_halves
    s = PdfSettings()
    sheet = _as_scan(_two_pages_on_one_sheet(tmp_path), tmp_path / "scan.pdf")
    left, right = scan_halves(pymupdf.open(sheet)[0], s)
    assert abs(left.x1 - A4[0]) < 0.1 * A4[0] and left.x1 == right.x0 and right.x1 == 2 * A4[0]
    # one landscape page whose text runs across the middle: not two pages
    doc = pymupdf.open()
    page = doc.new_page(width=2 * A4[0], height=A4[1])
    for k in range(30):
        text(page, 70, 80 + 22 * k, "Kommunen har en plan for medborgardialog som beslutades av fullmaktige " * 2)
    doc.save(tmp_path / "wide.pdf")
    assert scan_halves(pymupdf.open(_as_scan(tmp_path / "wide.pdf", tmp_path / "wide_scan.pdf"))[0], s) is None
    # a portrait page is never two, whatever its gutter
    doc = pymupdf.open()
    page = new_page(doc, number=1)
    for k in range(30):
        text(page, 70, 80 + 22 * k, "Vänster spalt")
        text(page, 400, 80 + 22 * k, "Höger spalt")
    doc.save(tmp_path / "portrait.pdf")
    assert scan_halves(pymupdf.open(_as_scan(tmp_path / "portrait.pdf", tmp_path / "portrait_scan.pdf"))[0], s) is None
