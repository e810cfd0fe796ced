"""The compiled span lister (extract/pdf/_stext.c) lists every page as
PyMuPDF's extractDICT does: same blocks, lines, spans, text, boxes, sizes,
flags, fonts and vector paths. Compared on the shared PDFs, on generated
layouts, and on pages made here to hit its rarer rules (superscripts,
turned and invisible text, colours, zero-width glyphs, many fonts)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pymupdf
import pytest

from conftest import CORPUS, ROOT, need_corpus
from extract.pdf import native
from extract.pdf.page import FLAGS

SPAN_KEYS = ("text", "bbox", "size", "flags", "font", "alpha")
VECTOR_KEYS = ("type", "bbox", "stroked", "isrect", "color", "alpha")


def _buildable() -> bool:
    return bool(shutil.which("cc") or shutil.which("gcc")) \
        and (Path(sysconfig.get_paths()["include"]) / "Python.h").exists()


needs_native = pytest.mark.skipif(not native.native(), reason="the span lister is not built here")


def _as_extract_dict(d: dict) -> list:
    """extractDICT's blocks, cut to the keys the lister gives."""
    out = []
    for b in d["blocks"]:
        if b.get("type", 0) == 0:
            out.append({"type": 0, "lines": [{"dir": ln["dir"], "spans": [{k: sp[k] for k in SPAN_KEYS}
                                                                          for sp in ln["spans"]]}
                                             for ln in b["lines"]]})
        else:
            out.append({k: b[k] for k in VECTOR_KEYS})
    return out


def _same_on_every_page(path: Path) -> int:
    """Assert the lister agrees with extractDICT on each page of `path`; the pages compared."""
    from extract.pdf import _stext
    doc = pymupdf.open(path)
    n = 0
    for page in doc:
        tp = page.get_textpage(flags=FLAGS)
        listed = _stext.page_blocks(tp.this.m_internal_value(), not pymupdf.TOOLS.unset_quad_corrections())
        assert listed is not None, f"{path.name} page {page.number + 1}: not listed"
        assert listed == _as_extract_dict(tp.extractDICT()), f"{path.name} page {page.number + 1} differs"
        n += 1
    return n


def test_the_lister_is_built_where_it_can_be():
    """`make setup` builds it wherever a compiler and Python's headers are (CI: here)."""
    if not _buildable():
        pytest.skip("no C compiler or no Python headers: extractDICT reads every page")
    assert not os.environ.get("KK_NO_NATIVE"), "KK_NO_NATIVE is set"
    assert native.native(), "make setup did not build extract/pdf/_stext.c (scripts/build_native.py says why)"


@needs_native
def test_the_shared_pdfs_are_listed_as_extract_dict_lists_them():
    need_corpus()
    assert sum(_same_on_every_page(p) for p in sorted((CORPUS / "pdf").glob("*.pdf"))) >= 80


@needs_native
def test_generated_layouts_are_listed_as_extract_dict_lists_them(tmp_path):
    need_corpus()
    from variants import make
    presets = ["serif", "mono_unruled", "bullet_f0b7", "bullet_check", "unequal_rev"]
    pages = sum(_same_on_every_page(v.path) for v in make("layouts", "002", tmp_path, presets=presets))
    assert pages >= 5 * 20


@needs_native
def _raw_page(doc) -> None:
    """A page written as PDF operators: a line ending in a character of
    another colour whose font gives it no width (a last span without extent,
    which PyMuPDF drops), and two words set a little apart with no space
    between them (MuPDF adds one of its own, flagged synthetic, in the span)."""
    page = doc.new_page(width=300, height=200)
    widths = ["556"] * 95
    widths[ord("x") - 32] = "0"
    font = doc.get_new_xref()
    doc.update_object(font, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/FirstChar 32/LastChar 126"
                            f"/Widths[{' '.join(widths)}]/Encoding/WinAnsiEncoding>>")
    doc.xref_set_key(page.xref, "Resources", f"<</Font<</F1 {font} 0 R>>>>")
    content = doc.get_new_xref()
    doc.update_object(content, "<<>>")
    doc.update_stream(content, b"BT /F1 10 Tf 20 100 Td (abc) Tj 1 0 0 rg (x) Tj ET "
                               b"BT 0 g /F1 10 Tf 20 130 Td (apart) Tj 30 0 Td (words) Tj ET")
    doc.xref_set_key(page.xref, "Contents", f"{content} 0 R")


def test_rare_rules_are_listed_as_extract_dict_lists_them(tmp_path):
    """Superscripts (a span flag), a font whose ascender and descender span
    less than an em (boxes corrected), words turned by 90 and 180 degrees, invisible
    text (render mode 3: alpha 0), a colour change inside a line, many fonts
    (serif, mono, bold, italic: the font flags), a vector path of each kind,
    text beyond the media box (dropped), and spaces of zero width."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_htmlbox(pymupdf.Rect(20, 20, 380, 120),
                        "<p>E = mc<sup>2</sup> and H<sub>2</sub>O, <b>bold</b> <i>italic</i> "
                        "<span style='color:#c00000'>red</span> <code>mono</code> "
                        "<span style='font-family:serif'>serif</span> åäö “quotes” ﬁ ligature</p>")
    for font, y in (("helv", 140), ("tiro", 155), ("cour", 170), ("hebo", 185), ("tiit", 200)):
        page.insert_text((20, y), f"{font}: Förbättringsområden 12,5", fontname=font, fontsize=9)
    # ZapfDingbats spans less than an em from ascender to descender: PyMuPDF
    # then gives its characters boxes of the font's own height
    page.insert_text((250, 140), "a b\u00a0c", fontname="zadb", fontsize=9)
    page.insert_text((390, 40), "turned", fontsize=10, rotate=90)
    page.insert_text((380, 290), "upside", fontsize=10, rotate=180)
    page.insert_text((20, 230), "invisible text", fontsize=10, render_mode=3)
    page.insert_text((350, 250), "runs off the page edge and beyond", fontsize=10)
    page.insert_text((20, 250), "a\u200bb\u00a0c\td", fontsize=10)
    page.draw_rect(pymupdf.Rect(20, 260, 120, 280), color=(0, 0, 0))
    page.draw_line((130, 270), (300, 270), color=(0.5, 0.5, 0.5))
    page.draw_polyline([(310, 260), (330, 280), (350, 260)], color=(0, 0, 1), fill=(1, 1, 0))
    _raw_page(doc)
    path = tmp_path / "rare.pdf"
    doc.save(path)
    assert _same_on_every_page(path) == 2
    # and with PyMuPDF's quad corrections on (off by default since 2.0)
    skip = pymupdf.TOOLS.unset_quad_corrections()
    try:
        pymupdf.TOOLS.unset_quad_corrections(not skip)
        assert _same_on_every_page(path) == 2
    finally:
        pymupdf.TOOLS.unset_quad_corrections(skip)


def test_settings_the_lister_does_not_follow_go_to_extract_dict(monkeypatch):
    """Small glyph heights or subset font names set in PyMuPDF: every page
    is listed by extractDICT itself."""
    need_corpus()
    if not native.native():
        pytest.skip("the span lister is not built here")
    page = pymupdf.open(sorted((CORPUS / "pdf").glob("*.pdf"))[0])[2]
    tp = page.get_textpage(flags=FLAGS)
    calls = []
    real = native._lister  # (counted through a stand-in that calls it)
    monkeypatch.setattr(native, "_lister", type("Spy", (), {"page_blocks": staticmethod(
        lambda *a: calls.append(a) or real.page_blocks(*a))}))
    native.page_blocks(tp)
    assert len(calls) == 1
    pymupdf.TOOLS.set_subset_fontnames(True)
    try:
        blocks, expected = native.page_blocks(tp), tp.extractDICT()["blocks"]
    finally:
        pymupdf.TOOLS.set_subset_fontnames(False)
    assert len(calls) == 1  # not asked
    assert blocks == expected and expected[0]["lines"][0]["spans"][0]["font"].startswith("BAAAAA+")


def test_pages_read_the_same_with_and_without_the_lister(tmp_path):
    """The reader's whole output for a shared PDF, with the lister and with
    KK_NO_NATIVE=1 (extractDICT on every page), in fresh processes."""
    need_corpus()
    if not native.native():
        pytest.skip("the span lister is not built here")
    src = sorted((CORPUS / "pdf").glob("*.pdf"))[0]
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); from extract.pdf import read_pdf, native; "
             "d = read_pdf(sys.argv[2]); print(native.native()); print(repr(d.blocks))")
    runs = {}
    for flag in ("", "1"):
        env = dict(os.environ, KK_NO_NATIVE=flag)
        p = subprocess.run([sys.executable, "-c", probe, str(ROOT), str(src)], capture_output=True, text=True,
                           env=env, timeout=300)
        assert p.returncode == 0, p.stderr
        used, blocks = p.stdout.split("\n", 1)
        runs[used] = blocks
    assert set(runs) == {"True", "False"}
    assert runs["True"] == runs["False"] and len(runs["True"]) > 10_000
