"""Scanned reports (issue 10): the invented sample printed and scanned at every
degradation level of variants/scans.py (150/200/300 dpi, 0-1.5 degrees, JPEG
q20-q95, blur, grain, specks, a page upside down or sideways), made on the
fly, one page each, and read as the born-digital page reads. The figures over
whole reports are bench/variants_eval.py's (README), not a test: OCR costs
seconds a page."""
from __future__ import annotations

import sys

import pymupdf
import pytest
from rapidfuzz.fuzz import ratio

from conftest import ROOT
from extract.errors import ReadError
from extract.model import Block, Document
from extract.pdf import read_pdf
from extract.pdf.ocr_engine import NeedsOCR, tessdata
from normalize.assemble import assemble
from parsers.records import UnreadableEvaluation
from parsers.registry import parse
from parsers.report import read_report
from variants.routes import nomap_pdf, outlines_pdf
from variants.scans import make_scans


def _has_tesseract() -> bool:
    try:
        return bool(tessdata())
    except NeedsOCR:
        return False


needs_tesseract = pytest.mark.skipif(not _has_tesseract(), reason="Tesseract (tesserocr + swe data) not installed")
SAMPLE = ROOT / "data" / "raw" / "pahitto_2021.pdf"


def _page_with(word: str) -> int:
    with pymupdf.open(SAMPLE) as d:
        return next(i + 1 for i, p in enumerate(d) if word in p.get_text())


def _one_page(pno: int, tmp_path):
    """The sample's page `pno` as a PDF of its own."""
    out = pymupdf.open()
    with pymupdf.open(SAMPLE) as d:
        out.insert_pdf(d, from_page=pno - 1, to_page=pno - 1)
    p = tmp_path / f"born_p{pno}.pdf"
    out.save(p)
    return p


def _born_digital(pno: int, tmp_path) -> Document:
    return read_pdf(_one_page(pno, tmp_path))


def _scan(level: str, pno: int, tmp_path, **kw) -> Document:
    v = make_scans("sample", tmp_path, levels=[level], pages=[pno], **kw)[0]
    return read_pdf(v.path)


def _rows(doc: Document) -> dict:
    return {q.question_no: (q.score, q.max, q.percent) for q in read_report(doc).subquestions}


def _labels(doc: Document) -> dict:
    return {q.question_no: q.label for q in read_report(doc).subquestions}


# (level, extra generator arguments, share of rows that must come out exact):
# the turned levels turn the page read; rough150 (150 dpi, q20, up to 1.5
# degrees, hundreds of specks) loses the sample's faint grey rules in its
# grain, and only has to be never silently wrong; bilevel300 thresholds the
# grain into black specks beside the digits (one row in twenty may be flagged).
LEVELS = [("clean300", {}, 1.0), ("office200", {}, 1.0), ("rough150", {}, 0.3), ("q90", {}, 1.0),
          ("bilevel300", {}, 0.9), ("colour200", {}, 1.0),
          ("upside_down_page", {"turn_page": "overview"}, 1.0), ("landscape_page", {"turn_page": "overview"}, 1.0)]


@needs_tesseract
@pytest.mark.parametrize("level,kw,exact", LEVELS, ids=[x for x, _, _ in LEVELS])
def test_every_level_reads_the_score_table_as_born_digital(level, kw, exact, tmp_path):
    pno = _page_with("Uppnått")
    want = _rows(_born_digital(pno, tmp_path))
    doc = _scan(level, pno, tmp_path, **kw)
    assert doc.extraction == "ocr" and any("OCR" in n for n in doc.notes)
    assert len(want) >= 15
    # never silently wrong: a value the checks cannot confirm is named by a warning
    rows = assemble(read_report(doc), "0" * 64)
    warned = [i for i in rows.issues if i.is_warning]
    got = {q.question_no: (q.score, q.max, q.percent) for q in rows.subquestions}
    wrong = [k for k in want if got.get(k) != want[k]]
    assert not [k for k in wrong if not any(i.question == k or i.area == int(k.split(".")[0]) for i in warned)]
    assert len(want) - len(wrong) >= exact * len(want)
    if exact < 1:
        return
    # labels: Tesseract may misread a letter, never a whole label
    labels, born = _labels(doc), _labels(_born_digital(pno, tmp_path))
    assert min(ratio(labels[k], born[k]) for k in born) >= 90
    # every OCR'd value carries its confidence
    assert all(q.confidence is not None and 0 < q.confidence <= 1 for q in read_report(doc).subquestions)


@needs_tesseract
def test_a_findings_page_reads_its_items(tmp_path):
    pno = _page_with("Styrkor")
    born = [b.text for b in _table_items(_born_digital(pno, tmp_path))]
    got = [b for b in _table_items(_scan("office200", pno, tmp_path))]
    assert len(got) == len(born) >= 3
    assert all(ratio(g.text, t) >= 90 for g, t in zip(got, born))
    assert all(g.confidence is not None for g in got)


@needs_tesseract
def test_a_page_whose_text_maps_to_no_letters_is_ocrd(tmp_path):
    pno = _page_with("Uppnått")
    p = tmp_path / "nomap.pdf"
    nomap_pdf(_one_page(pno, tmp_path), p)  # every font's ToUnicode map removed
    with pymupdf.open(p) as d:
        assert "Uppnått" not in d[0].get_text()  # the text layer is unusable
    want = _rows(_born_digital(pno, tmp_path))
    doc = read_pdf(p)
    assert doc.extraction == "ocr" and "page(s) 1 had no usable text layer" in doc.notes[-1]
    assert _rows(doc) == want


@needs_tesseract
def test_a_page_whose_text_is_drawn_as_outlines_is_ocrd(tmp_path):
    pno = _page_with("Uppnått")
    p = tmp_path / "outlines.pdf"
    outlines_pdf(_one_page(pno, tmp_path), p)  # every glyph a vector path
    with pymupdf.open(p) as d:
        assert d[0].get_text().strip() == "" and not d[0].get_image_info()
    doc = read_pdf(p)
    assert doc.extraction == "ocr"
    assert _rows(doc) == _rows(_born_digital(pno, tmp_path))


def _with_invisible_text(pno: int, tmp_path):
    """The sample's page scanned at office200, with a garbled invisible text
    layer over it, as a scanner's own OCR leaves one ("8996" for "89%")."""
    v = make_scans("sample", tmp_path, levels=["office200"], pages=[pno])[0]
    with pymupdf.open(v.path) as d:
        page = d[0]
        for k in range(40):
            page.insert_text((60, 80 + 18 * k), "1.1 Strategi EEE | 8996 [12 Uppnått", fontsize=9, render_mode=3)
        p = tmp_path / "searchable.pdf"
        d.save(p)
    return p


@needs_tesseract
def test_a_scan_with_another_ocrs_invisible_text_is_ocrd_again(tmp_path):
    pno = _page_with("Uppnått")
    p = _with_invisible_text(pno, tmp_path)
    doc = read_pdf(p)
    assert doc.extraction == "ocr" and "had no usable text layer" in doc.notes[-1]
    assert _rows(doc) == _rows(_born_digital(pno, tmp_path))


def test_without_tesseract_the_invisible_text_is_read_and_said(tmp_path, monkeypatch):
    p = _with_invisible_text(_page_with("Uppnått"), tmp_path)
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    doc = read_pdf(p)
    assert doc.extraction == "ocr" and "read from the invisible text another OCR left" in doc.notes[-1]
    assert "8996" in " ".join(b.text for b in doc.blocks)


def test_a_blank_page_is_not_ocrd(tmp_path):
    out = pymupdf.open()
    out.new_page().draw_rect(pymupdf.Rect(50, 50, 545, 792))  # a frame, nothing to read
    out.new_page().insert_text((72, 100), "Kommunkompassen", fontsize=12)
    p = tmp_path / "blank.pdf"
    out.save(p)
    assert read_pdf(p).extraction == "pdf-text"


def test_a_file_with_more_pages_to_ocr_than_the_cap_is_refused_by_name(tmp_path):
    from extract.pdf.settings import PdfSettings
    out = pymupdf.open()
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 20, 20), 0)
    for _ in range(3):
        out.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=pix)
    p = tmp_path / "many.pdf"
    out.save(p)
    with pytest.raises(ReadError, match=r"many.pdf: 3 pages \(1-3\) have no usable text layer.*more than 2 "):
        read_pdf(p, PdfSettings(ocr_max_pages=2))


def _table_items(doc: Document) -> list[Block]:
    """The paragraphs of the findings table's body cells, in reading order."""
    out = []
    for b in doc.blocks:
        if b.kind == "table" and b.rows and b.rows[0].texts[:1] == ["Styrkor"]:
            for r in b.rows[1:]:
                for c in r.cells:
                    out += [x for x in c.blocks if x.text.strip()]
    return out


def test_without_tesseract_a_scan_is_a_message_naming_its_pages(tmp_path, monkeypatch):
    src = pymupdf.open()
    page = src.new_page()
    page.insert_text((72, 100), "Kommunkompassen", fontsize=20)
    pix = page.get_pixmap(dpi=100)
    out = pymupdf.open()
    out.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=pix)
    out.new_page().insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=pix)
    p = tmp_path / "scan.pdf"
    out.save(p)
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    with pytest.raises(ReadError, match=r"page\(s\) 1-2 .*need OCR.*install tesseract-ocr"):
        read_pdf(p)
    from run.one_file import Outcome, process
    res = process(p, "0" * 64)
    assert res.outcome is Outcome.FAILED and "install tesseract-ocr" in res.message


def test_an_ocrd_evaluation_whose_table_is_unreadable_is_never_no_evaluation():
    # what OCR makes of a badly scanned report: the title, area sections, the
    # overview's heading misread, and score rows nobody can read
    blocks = [Block("paragraph", ("Kommunkompassen - Analys av Exempelby kommun 2009",), 1)]
    blocks += [Block("heading", (f"Område {n} Något område",), n + 1) for n in range(1, 6)]
    blocks += [Block("heading", ("4, Oversikt av poängfördelning",), 9),
               Block("paragraph", ("EEE | [12 Strategi ... 8996",), 9)]
    doc = Document("x.pdf", "pdf", "ocr", blocks, page_count=10,
                   notes=["page(s) 1-10 had no usable text layer and were OCR'd (Tesseract)"])
    with pytest.raises(UnreadableEvaluation, match=r"'Översikt av poängfördelning' found.*page\(s\) 9.*"
                                                   r"page\(s\) 1-10 had no usable text layer.*too badly scanned"):
        parse(doc)


def test_a_terminal_sees_a_line_per_ocrd_page(capsys):
    from run.one_file import _ocr_line
    show = _ocr_line("scan.pdf")
    show(1, 3)
    show(3, 3)
    err = capsys.readouterr().err
    assert "OCR scan.pdf: page 1/3" in err and "page 3/3" in err and err.endswith("\r\x1b[K")


@needs_tesseract
def test_a_score_table_pasted_as_a_picture_is_read_by_a_second_reading(tmp_path):
    from run.one_file import Outcome, process
    out = pymupdf.open()
    with pymupdf.open(SAMPLE) as src:
        for i, page in enumerate(src):
            if "Uppnått" in page.get_text():  # the overview: a picture, a running header as text
                new = out.new_page(width=page.rect.width, height=page.rect.height)
                new.insert_image(new.rect, pixmap=page.get_pixmap(dpi=200))
                new.insert_text((60, 40), "Kommunkompassen - Analys av Påhittö kommun", fontsize=8)
            else:
                out.insert_pdf(src, from_page=i, to_page=i)
    p = tmp_path / "table_as_picture.pdf"
    out.save(p)
    assert not _rows(read_pdf(p))  # the first reading finds no score row
    res = process(p, "0" * 64)
    assert res.outcome is Outcome.PARSED and res.extraction == "ocr"
    assert any("printed as a picture" in n for n in res.reader_notes)
    want = _rows(read_pdf(SAMPLE))
    got = {q.question_no: (q.score, q.max, q.percent) for q in res.rows.subquestions}
    wrong = [k for k in want if got.get(k) != want[k]]
    warned = [i for i in res.rows.report.issues if i.startswith("warning:")]
    assert len(wrong) <= 0.1 * len(want)  # OCR of a picture; each miss named
    assert all(any(f"question {k}:" in i or f"area {k.split('.')[0]}:" in i for i in warned) for k in wrong)
