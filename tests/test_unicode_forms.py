"""Text in decomposed Unicode (NFD: "a" + combining diaeresis, as macOS
exports write it) reads as the same report as the composed text: every
reader hands the parsers NFC (extract/typography.composed). Before, an NFD
export lost its municipality (a warning) and, in Huddinge 2017, 44 of 112
findings with the report still `ok`."""
from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest

from conftest import CORPUS, need_corpus

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _read(path: Path):
    from extract import read_document
    from normalize.assemble import assemble
    from parsers.registry import parse
    rows = assemble(parse(read_document(path)), "0" * 64)
    return (rows.report.municipality_code, rows.report.year,
            [(q.question_no, q.score) for q in rows.subquestions],
            [(f.area_no, f.kind, f.text) for f in rows.findings],
            [i for i in rows.report.issues if i.startswith("warning")])


def _nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize("stem", ["004_af26385dc4824b40", "002_8eb5ca326e9c8db1"])
def test_a_decomposed_text_export_reads_as_the_composed_one(stem, tmp_path):
    need_corpus()
    src = CORPUS / "text" / f"{stem}.txt"
    nfd = tmp_path / "nfd.txt"
    nfd.write_text(_nfd(src.read_text(encoding="utf-8")), encoding="utf-8")
    assert nfd.read_bytes() != src.read_bytes()
    want, got = _read(src), _read(nfd)
    assert want[3] and got == want


def test_a_decomposed_docx_reads_as_the_composed_one(tmp_path):
    need_corpus()
    src = CORPUS / "pdf" / "004_af26385dc4824b40.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = _nfd(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    nfd = tmp_path / "nfd.docx"
    nfd.write_bytes(buf.getvalue())
    want, got = _read(src), _read(nfd)
    assert want[3] and got == want


def test_a_pdf_drawing_decomposed_letters_reads_composed(tmp_path):
    if not FONT.is_file():
        pytest.skip(f"{FONT} (a font with combining marks) is not installed")
    import pymupdf
    from extract import read_document
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), _nfd("Förbättringsmöjligheter i Grästorps kommun"), fontsize=11,
                     fontfile=str(FONT), fontname="dejavu")
    doc.save(tmp_path / "nfd.pdf")
    assert not unicodedata.is_normalized("NFC", pymupdf.open(tmp_path / "nfd.pdf")[0].get_text())
    texts = [b.text for b in read_document(tmp_path / "nfd.pdf").blocks]
    assert texts == ["Förbättringsmöjligheter i Grästorps kommun"]
