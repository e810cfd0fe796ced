"""The plain-text reader on small inline snippets of each export style."""
from extract.inline_html import split_fragment
from extract.model import join_lines
from extract.text import blocks_from_lines, decode
from extract.errors import ReadError
import pytest


def test_word_export_cells_keep_paragraphs_apart():
    text = "Styrkor\tFörbättringsmöjligheter\n<p>Första styrkan</p> <p>Andra <b>styrkan</b></p>\t<p>En förbättring</p>"
    (tbl,) = blocks_from_lines(text)
    assert tbl.kind == "table"
    assert tbl.rows[0].texts == ["Styrkor", "Förbättringsmöjligheter"]
    left, right = tbl.rows[1].cells
    assert [b.text for b in left.blocks] == ["Första styrkan", "Andra styrkan"]
    assert [b.text for b in right.blocks] == ["En förbättring"]


def test_flattened_ul_becomes_items():
    pieces = split_fragment('<ul style="list-style-type: none"> • Ett • Två med <u>understrykning</u> </ul>')
    assert pieces == [("item", "Ett"), ("item", "Två med understrykning")]


def test_markdown_headings_bold_heading_and_item_continuation():
    text = "## Område 2 Namn\n\n**FÖRBÄTTRINGSOMRÅDEN**\n\n- Första punkten.  \nFortsättning\n- Andra\n\n- Tredje"
    blocks = blocks_from_lines(text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Område 2 Namn"), ("heading", "FÖRBÄTTRINGSOMRÅDEN"),
        ("item", "Första punkten. Fortsättning"), ("item", "Andra"), ("item", "Tredje")]
    assert blocks[0].level == 2


def test_pdftotext_paragraph_keeps_lines():
    (p,) = blocks_from_lines("Utveckla integreringen av ekonomi och \nverksamhet i planerings- \noch beslutsprocesser")
    assert p.lines[0].startswith("Utveckla")
    assert p.text == "Utveckla integreringen av ekonomi och verksamhet i planerings- och beslutsprocesser"


def test_last_line_without_newline_is_read():
    (tbl,) = blocks_from_lines("1.1\tEtt\t3\t5\n\t\t3\t5")
    assert tbl.rows[-1].texts == ["", "", "3", "5"]


def test_hyphenation_joins_words_but_keeps_compound_hyphens():
    assert join_lines(["Brandför-", "svar."]) == "Brandför-svar."
    assert join_lines(["mål- ", "och resultat"]) == "mål- och resultat"
    assert join_lines(["kvalitets-", "och"]) == "kvalitets- och"


def test_binary_and_empty_rejected():
    with pytest.raises(ReadError, match="empty"):
        decode(b"  \n", "x.txt")
    with pytest.raises(ReadError, match="binary"):
        decode(bytes(range(256)), "x.txt")
    assert decode("Översikt".encode("latin-1"), "x.txt") == "Översikt"


def test_paginated_export_gets_pages_and_loses_running_header_and_footer():
    header = "Kommunkompassen - Analys av Exempel kommun 2020"
    pages = [f"{header}\n\nStycke {n}a.\n\nStycke {n}b.\n\nStycke {n}c.\n\n{n}\n" for n in range(1, 6)]
    blocks = blocks_from_lines("\f".join(pages))
    assert [(b.page, b.text) for b in blocks] == [(n, f"Stycke {n}{x}.") for n in range(1, 6) for x in "abc"]


def test_ligature_characters_become_letters():
    assert join_lines(["Eﬀektivitet och ﬁnansie\u00adring"]) == "Effektivitet och finansiering"


def test_a_line_break_inside_an_html_paragraph_keeps_one_block():
    from extract.html import blocks_from_html
    bs = blocks_from_html("<h2>Styrkor</h2><p>• Tryckt information.<br>Bland annat Årsberättelse.</p>"
                          "<p>• Webbsändningar</p><ul><li>Ett<br/>två</li></ul>")
    assert [(b.kind, b.lines) for b in bs] == [
        ("heading", ("Styrkor",)), ("paragraph", ("• Tryckt information.", "Bland annat Årsberättelse.")),
        ("paragraph", ("• Webbsändningar",)), ("item", ("Ett", "två"))]


def test_markdown_pipe_tables_read_as_rows():
    from extract.text import blocks_from_lines
    text = ("Översikt\n\n| **Nr** | **Fråga** | **Uppnått** | **Max** |\n|---|:---|---:|---|\n"
            "| 1.1 | Strategi för demokrati | 7 | 15 |\n|  | Summa | 61 | 100 |\n\nEfter | tabellen\n")
    tables = [b for b in blocks_from_lines(text) if b.kind == "table"]
    assert len(tables) == 1
    assert [r.texts for r in tables[0].rows][1:] == [["1.1", "Strategi för demokrati", "7", "15"],
                                                     ["", "Summa", "61", "100"]]
    # a lone pipe in running text is text
    assert any("Efter | tabellen" in b.text for b in blocks_from_lines(text) if b.kind == "paragraph")


def test_the_pipes_export_variant_prints_pipe_tables(tmp_path):
    from variants import make
    v = make("exports", "sample", tmp_path, kinds=("markdown",), presets=["md_pipes"])[0]
    lines = v.path.read_text(encoding="utf-8").splitlines()
    assert any(ln.startswith("| 1.1 |") for ln in lines) and any(ln.startswith("|---|") for ln in lines)


def test_html_that_places_each_line_at_fixed_positions_is_refused_by_name(tmp_path):
    # pdftohtml / pdf2htmlEX: lines in drawing order, table cells as loose
    # lines -- read, it made one report look like two; refused with a reason
    from extract.errors import ReadError
    from extract.text import read_text
    rows = "".join(f'<p style="position:absolute;top:{20 * k}px;left:{107 + 300 * (k % 2)}px;white-space:nowrap" '
                   f'class="ft10">rad {k}</p>\n' for k in range(80))
    p = tmp_path / "page.html"
    p.write_text(f"<!DOCTYPE html><html><body>{rows}</body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match=r"page\.html: an HTML page that places each line at fixed positions"):
        read_text(p)
    # a web page with a positioned logo or two is read as usual
    q = tmp_path / "web.html"
    q.write_text('<html><body><div style="position: absolute; top: 0">logo</div>'
                 + "".join(f"<p>Stycke {k}.</p>" for k in range(80)) + "</body></html>", encoding="utf-8")
    assert [b.text for b in read_text(q).blocks][:2] == ["logo", "Stycke 0."]


def test_a_document_outline_of_links_is_not_read_as_the_report_again():
    # pdftohtml appends the PDF's bookmarks as a list of links to its pages;
    # read, every area heading came a second time ("more than one evaluation")
    from extract.html import blocks_from_html
    page = ("<html><body><b>Område 1 Offentlighet</b><br/>Text om området.<br/><hr/>"
            '<a name="outline"></a><h1>Document Outline</h1><ul>'
            '<li><a href="r.html#3">Område 1 Offentlighet</a></li>'
            '<li><a href="#4">Område 2 Tillgänglighet</a></li></ul>'
            '<ul><li><a href="https://skr.se/">SKR:s webbplats</a> om Kommunkompassen</li></ul></body></html>')
    texts = [b.text for b in blocks_from_html(page)]
    assert sum("Område 1" in t for t in texts) == 1 and not any("Område 2" in t for t in texts)
    assert any("SKR:s webbplats" in t for t in texts)  # a link that is not to a place in the document stays


GRID = """Intro.

+-----+------------------+-----+
| 1.  | Offentlighet     | Max |
+=====+==================+=====+
| 1.1 | Strategi för     | 20  |
|     | demokrati        |     |
+-----+------------------+-----+
|     |                  | 100 |
+-----+------------------+-----+

+------------------------+------------------------+
| Styrkor                | Förbättringsmöjligheter|
+========================+========================+
| - Ett kort             | - Följ upp resultaten  |
| - Ett långt som går    |   och jämför - kommun  |
|   över två rader       | - Andra                |
+------------------------+------------------------+
"""


def test_grid_tables_are_read_as_rows_with_their_cells_items():
    blocks = blocks_from_lines(GRID)
    tables = [b for b in blocks if b.kind == "table"]
    assert [b.text for b in blocks if b.kind == "paragraph"] == ["Intro."]
    assert [r.texts for r in tables[0].rows] == [["1.", "Offentlighet", "Max"], ["1.1", "Strategi för demokrati", "20"],
                                                 ["", "", "100"]]
    head, body = tables[1].rows
    assert head.texts == ["Styrkor", "Förbättringsmöjligheter"]
    left, right = body.cells
    assert [(b.kind, b.text, b.inferred) for b in left.blocks] == [("item", "Ett kort", False),
                                                                  ("item", "Ett långt som går över två rader", False)]
    # an indented line goes on with its item, even when it starts with a dash
    assert [b.text for b in right.blocks] == ["Följ upp resultaten och jämför - kommun", "Andra"]


def test_a_dash_wrapped_to_the_cell_edge_is_a_new_item_marked_as_a_guess():
    from extract.grid_tables import grid_rows_as_tabs
    flush = ["+----------------------+-----+",
             "| - Jämför med andra   | x   |",
             "| kommuner och län     |     |",
             "| - Kort               |     |",
             "| - Jämför resultat åt |     |",
             "| - Fokus              |     |",
             "+----------------------+-----+"]
    (row,) = [ln for ln in grid_rows_as_tabs(flush) if ln]
    blocks = blocks_from_lines(row)[0].rows[0].cells[0].blocks
    # after a line that stopped short the bullet is certain; after a full line
    # it may be the item's own " - " wrapped to the edge: a guess, flagged
    assert [(b.text, b.inferred) for b in blocks] == [("Jämför med andra kommuner och län", False),
                                                     ("Kort", False), ("Jämför resultat åt", False),
                                                     ("Fokus", True)]


def test_a_grid_that_leaves_its_columns_is_left_as_text():
    from extract.grid_tables import grid_rows_as_tabs
    spanning = ["+-----+-----+", "| a   | b   |", "+-----+-----+", "| one cell  |", "+-----+-----+"]
    assert grid_rows_as_tabs(spanning) == spanning
    assert grid_rows_as_tabs(["+---+", "text"]) == ["+---+", "text"]  # a border alone is not a table


def test_a_long_run_of_border_lines_is_looked_at_once():
    # a hostile or broken export: every line a border. Each run is scanned
    # once (a rescan from every line made this quadratic: hours for 50,000)
    from extract.grid_tables import grid_rows_as_tabs
    lines = ["+---+---+"] * 50_000 + ["| a | b |", "+--+----+", "text"]
    assert grid_rows_as_tabs(lines) == lines
