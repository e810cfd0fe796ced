"""The web-transcript reader (extract/transcript.py): pages, running header
and page numbers out, recognised by content only."""
from __future__ import annotations

from extract.text import blocks_from_lines
from extract.transcript import split_transcript, transcript_blocks

HEADER = "Kommunkompassen - Analys av Exempla kommun 2030"


def _transcript(pages: list[str], chrome=True) -> str:
    out = ["Exempla 2030", "", "Storlek: px", "", "Transkript", ""] if chrome else []
    for i, text in enumerate(pages, 1):
        out += [f"{i} {text}".rstrip(), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- the reader

def test_pages_header_and_page_numbers_removed():
    pages = [f"{HEADER} {w} har text om område {i} och mer. {i}"
             for i, w in enumerate(("Ett", "Två", "Tre", "Fyra", "Fem"), 1)]
    pages[2] = f"{HEADER} En tabell 12 15 3 Procent 80%"  # page 3's number stands inside its text
    t = split_transcript(_transcript(pages))
    assert t is not None
    assert sorted(t.pages) == [1, 2, 3, 4, 5]
    assert t.pages[1] == ["Ett har text om område 1 och mer."]
    assert t.pages[3] == ["En tabell 12 15 3 Procent 80%"]
    assert t.page_numbers[3] == "3"
    assert set(t.header.values()) == {HEADER}
    blocks = transcript_blocks(t)
    assert [b.page for b in blocks] == [None, None, None, 1, 2, 3, 4, 5]


def test_book_with_title_on_left_pages_and_offset_page_numbers():
    """A book prints its title on even pages and its chapter on odd ones; page 3 prints '1'."""
    words = "alfa beta gamma delta epsilon zeta eta theta iota kappa lambda my".split()
    pages = ["", "", "Bokens titel"]
    for p in range(4, 14):
        head = "fem exempel 2030" if p % 2 == 0 else ("inledning" if p < 9 else "metod")
        pages.append(f"{head} {words[p - 4].capitalize()} står på sidan. {p - 2}")
    t = split_transcript(_transcript(pages))
    assert t is not None
    assert t.pages[6] == ["Gamma står på sidan."]
    assert t.pages[7] == ["inledning Delta står på sidan."]  # a chapter's name on two pages stays
    assert t.page_numbers[7] == "5"


def test_a_page_left_out():
    pages = [f"{HEADER} {w} text. {i}" for i, w in enumerate(("Ett", "Två", "Tre", "Fyra", "Fem"), 1)]
    text = _transcript(pages).replace("3 " + HEADER + " Tre text. 3\n\n", "")
    t = split_transcript(text)
    assert sorted(t.pages) == [1, 2, 4, 5] and t.pages[4] == ["Fyra text."]


def test_not_a_transcript():
    assert split_transcript("1 Inledning\n\n2 Metod\n\n3 Resultat\n\n4 Slutsats") is None  # no running header
    assert split_transcript(_transcript([f"{HEADER} text {i}" for i in range(1, 3)])) is None  # two pages
    assert split_transcript("\f".join(f"{HEADER}\n{i} text" for i in range(1, 6))) is None  # paginated export


def test_read_text_marks_a_transcript_flattened(tmp_path):
    from extract import read_document
    f = tmp_path / "t.txt"
    f.write_text(_transcript([f"{HEADER} {w} text. {i}" for i, w in enumerate(("Ett", "Två", "Tre", "Fyra"), 1)]),
                 encoding="utf-8")
    doc = read_document(f)
    assert doc.flattened and doc.page_count == 4
    assert [b.text for b in doc.blocks if b.page == 2] == ["Två text."]
    other = tmp_path / "o.txt"
    other.write_text("Rubrik\n\nEtt stycke.\n", encoding="utf-8")
    assert not read_document(other).flattened


def test_other_text_exports_are_not_flattened():
    blocks = blocks_from_lines("1 Inledning\n\n2 Metod\n\n3 Resultat\n")
    assert [b.text for b in blocks] == ["1 Inledning", "2 Metod", "3 Resultat"]
