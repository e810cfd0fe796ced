"""Tests of extract.docx on small DOCX files made here, and on the shared corpus."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from extract.docx import read_docx
from extract.errors import ReadError

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


def add_hyperlink(paragraph, text, url):
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_deleted_run(paragraph, text):
    d = OxmlElement("w:del")
    d.set(qn("w:id"), "1")
    d.set(qn("w:author"), "x")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText")
    t.text = text
    run.append(t)
    d.append(run)
    paragraph._p.append(d)


@pytest.fixture()
def sample_docx(tmp_path):
    d = docx.Document()
    d.core_properties.title = "Testrapport 2020"
    d.add_heading("Testrapport", level=0)
    d.add_heading("Kapitel ett", level=1)
    p = d.add_paragraph("Se hemsidan ")
    add_hyperlink(p, "www.example.se/sida", "http://www.example.se/sida")
    p.add_run(" för mer.")
    add_deleted_run(p, "BORTTAGET")
    d.add_heading("Avsnitt", level=2)
    d.add_paragraph("Första punkten", style="List Bullet")
    item = d.add_paragraph("Andra punkten med mjuk radbrytning.", style="List Bullet")
    item.runs[0].add_break()
    item.add_run("Bland annat detta.")
    d.add_paragraph("Ett", style="List Number")
    d.add_paragraph("Två", style="List Number")
    d.add_paragraph("•\tEgen punkt med glyf")
    t = d.add_table(rows=4, cols=3)
    t.cell(0, 0).text = "Styrkor"
    t.cell(0, 1).text = "Förbättringar"
    t.cell(0, 2).text = "Poäng"
    c = t.cell(1, 0)
    c.text = "Första styrkan"
    c.add_paragraph("Andra styrkan som är lång")
    c.add_paragraph("Punkt i cell", style="List Bullet")
    t.cell(1, 1).text = "Enda förbättringen"
    t.cell(1, 2).text = "68"
    merged = t.cell(1, 2).merge(t.cell(2, 2))  # vertical merge
    merged.text = "68"
    wide = t.cell(2, 0).merge(t.cell(2, 1))  # horizontal merge
    wide.text = "Över två kolumner"
    t.cell(3, 0).text = "Tabb\ti text"
    nested = t.cell(3, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "inre a"
    nested.cell(0, 1).text = "inre b"
    d.add_paragraph("Efter tabellen.")
    path = tmp_path / "sample.docx"
    d.save(path)
    return path


def test_order_headings_paragraphs(sample_docx):
    doc = read_docx(sample_docx)
    assert doc.format == "docx" and doc.extraction == "docx" and doc.page_count is None
    assert doc.title == "Testrapport 2020"
    kinds = [(b.kind, b.level, b.text) for b in doc.blocks]
    assert kinds[0] == ("heading", 1, "Testrapport")
    assert kinds[1] == ("heading", 1, "Kapitel ett")
    assert kinds[3] == ("heading", 2, "Avsnitt")
    assert doc.blocks[-1].text == "Efter tabellen."
    assert [b.kind for b in doc.blocks].index("table") == len(doc.blocks) - 2
    assert all(b.page is None for b in doc.blocks)


def test_hyperlink_text_kept_and_deleted_text_dropped(sample_docx):
    doc = read_docx(sample_docx)
    p = doc.blocks[2]
    assert p.kind == "paragraph"
    assert p.text == "Se hemsidan www.example.se/sida för mer."


def test_list_items(sample_docx):
    doc = read_docx(sample_docx)
    items = [b for b in doc.blocks if b.kind == "item"]
    assert [b.text for b in items] == ["Första punkten",
                                      "Andra punkten med mjuk radbrytning. Bland annat detta.",
                                      "1. Ett", "2. Två", "Egen punkt med glyf"]
    assert items[1].lines == ("Andra punkten med mjuk radbrytning.", "Bland annat detta.")


def test_table_cells_rows_and_merges(sample_docx):
    doc = read_docx(sample_docx)
    t = next(b for b in doc.blocks if b.kind == "table")
    assert t.rows[0].texts == ["Styrkor", "Förbättringar", "Poäng"]
    cell = t.rows[1].cells[0]
    assert [(b.kind, b.text) for b in cell.blocks] == [
        ("paragraph", "Första styrkan"), ("paragraph", "Andra styrkan som är lång"), ("item", "Punkt i cell")]
    assert t.rows[1].texts[1:] == ["Enda förbättringen", "68"]
    # one cell over two columns, then the empty place of the vertically merged cell
    assert t.rows[2].texts == ["Över två kolumner", ""]
    assert t.rows[3].cells[0].blocks[0].lines == ("Tabb\ti text",)
    nested = t.rows[3].cells[1].blocks
    assert [b.lines for b in nested] == [("inre a\tinre b",)]
    assert all(r.page is None for r in t.rows)


def test_not_a_zip_raises(tmp_path):
    p = tmp_path / "x.docx"
    p.write_bytes(b"this is plain text, not a docx")
    with pytest.raises(ReadError, match="not a zip"):
        read_docx(p)


def test_zip_without_document_raises(tmp_path):
    p = tmp_path / "y.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match="corrupt DOCX"):
        read_docx(p)


def test_truncated_docx_raises(tmp_path, sample_docx):
    data = sample_docx.read_bytes()
    p = tmp_path / "trunc.docx"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError):
        read_docx(p)


def test_empty_and_encrypted_docx_raise(tmp_path):
    e = tmp_path / "e.docx"
    e.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        read_docx(e)
    ole = tmp_path / "enc.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ReadError, match="password-protected"):
        read_docx(ole)


# ---------------------------------------------------------------------------
# the shared corpus

needs_corpus = pytest.mark.skipif(not (CORPUS / "pdf").is_dir(), reason=f"shared corpus not found at {CORPUS}")
BASES = ["000_363669046f7561fc", "002_8eb5ca326e9c8db1", "004_af26385dc4824b40"]


def _norm(s):
    return " ".join(s.split())


def _expected(base):
    return json.loads((CORPUS / "expected" / f"{base}.json").read_text(encoding="utf-8"))


@needs_corpus
@pytest.mark.parametrize("base", BASES)
def test_corpus_docx_findings_and_overview(base):
    d = read_docx(CORPUS / "pdf" / f"{base}.docx")
    exp = _expected(base)
    texts = set()
    rows = []
    for b in d.blocks:
        if b.kind == "table":
            for r in b.rows:
                rows.append([_norm(t) for t in r.texts])
                texts |= {_norm(x.text) for c in r.cells for x in c.blocks}
        else:
            texts.add(_norm(b.text))
    missing = [f["text"] for f in exp["findings"] if _norm(f["text"]) not in texts]
    assert not missing
    for q in exp["subquestions"]:
        want = [q["question_no"], _norm(q["label"]), str(q["score"]), str(q["max"])]
        if q.get("percent") is not None:
            want.append(f"{q['percent']}%")
        assert want in rows, (base, want)


@needs_corpus
def test_corpus_docx_first_strengths_table():
    d = read_docx(CORPUS / "pdf" / "000_363669046f7561fc.docx")
    exp = _expected("000_363669046f7561fc")
    t = next(b for b in d.blocks if b.kind == "table" and b.rows[0].texts[0] == "Styrkor")
    assert [b.text for b in t.rows[1].cells[0].blocks] == [
        f["text"] for f in exp["findings"] if f["area_no"] == 1 and f["kind"] == "strength"]
    assert [b.text for b in t.rows[1].cells[1].blocks] == [
        f["text"] for f in exp["findings"] if f["area_no"] == 1 and f["kind"] == "improvement"]
