"""The same report through other PDF producers, each written with its truth.

Routes (presets):
  chromium_ruled, chromium_unruled  the report's text laid out as HTML (the
      layouts family's markup and CSS) and printed by headless Chromium (Skia's
      PDF backend: its own fonts, spans, table borders as paths), no running
      header or page numbers;
  outlines  the report's own PDF with every glyph drawn as a vector path (a
      "print to PDF" that converts fonts to curves): no text layer, no image;
  nomap  the report's own PDF with every font's ToUnicode map removed: the
      text extracts as glyph ids (control characters and shifted letters);
  words  the report's own PDF with its text taken out and set again word by
      word (no space characters: a distiller's or TeX's text layer) at the
      original positions, in Helvetica squeezed to each word's original
      width: the reader must find the spaces from the gaps;
  shuffled  the same, with each page's words drawn in random order: reading
      order must come from the positions alone, not from the content stream;
  two_up  the report's own PDF printed "2 pages per sheet": two pages side by
      side on each landscape sheet;
  pdftohtml  poppler's pdftohtml of the report's own PDF (one HTML page, a
      line per <br/>, table cells one per line, the PDF's bookmarks appended
      as a "Document Outline" of links);
  html  the HTML the Chromium routes print, saved as a web page (a wrapped
      finding holds a <br>);
  docx_styles  a Word document written with python-docx the way a template
      does it: Heading styles, findings as "List Bullet" paragraphs (the
      bullet comes from the style's numbering, not from the text) in the
      cells of a two-column table, the overview as a real table;
  docx_rows  the same, with the findings table holding one strength and one
      improvement per row (a row per item pair, cells left empty where one
      column has fewer);
  docx_breaks, docx_breaks_plain  the same, each findings cell one paragraph
      whose items are apart by line breaks (Shift+Enter), led by a typed "• "
      or by nothing.

outlines and nomap need OCR to be read; the Chromium routes need the
`chromium` command (Debian's chromium; `make setup` installs it).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .common import SourceMissing, Variant, resolve_source, rng, variant_stem, write_truth
from .layouts import DEFAULTS, PRESETS as LAYOUT_PRESETS, css, render_html
from .textmodel import read_blocks

PRESETS = {
    "chromium_ruled": dict(producer="chromium", layout="ruled"),
    "chromium_unruled": dict(producer="chromium", layout="unruled"),
    "outlines": dict(producer="outlines"),
    "nomap": dict(producer="nomap"),
    "words": dict(producer="placed"),
    "shuffled": dict(producer="placed", shuffled=True),
    "two_up": dict(producer="two_up"),
    "pdftohtml": dict(producer="pdftohtml"),
    "html": dict(producer="html", layout="ruled"),
    "docx_styles": dict(producer="docx"),
    "docx_rows": dict(producer="docx", rows=True),
    "docx_breaks": dict(producer="docx", breaks="• "),
    "docx_breaks_plain": dict(producer="docx", breaks=""),
}
# Page box of the printed HTML (pt): A4 with the layouts family's margins.
PAGE_CSS = "@page { size: A4; margin: 70pt 50pt 60pt 50pt; }"
CHROMIUM_SECONDS = 120


class RouteUnavailable(SourceMissing):
    """The tool a route needs is not installed (skipped like a missing source)."""


def make_routes(source, out_dir, presets=None) -> list[Variant]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for name in presets or PRESETS:
        if name not in PRESETS:
            raise ValueError(f"unknown route {name!r} (one of {', '.join(PRESETS)})")
        P = PRESETS[name]
        if P["producer"] == "chromium":
            src = resolve_source(source, "text")
            path = out_dir / (variant_stem(src, "route", name) + ".pdf")
            chromium_pdf(src, P["layout"], path)
        elif P["producer"] == "docx":
            src = resolve_source(source, "text")
            path = out_dir / (variant_stem(src, "route", name) + ".docx")
            styled_docx(src, path, rows=P.get("rows", False), breaks=P.get("breaks"))
        elif P["producer"] == "html":
            src = resolve_source(source, "text")
            path = out_dir / (variant_stem(src, "route", name) + ".html")
            path.write_text(report_html(src, P["layout"]), encoding="utf-8")
        else:
            src = resolve_source(source, "pdf")
            path = out_dir / (variant_stem(src, "route", name) + ".pdf")
            if P["producer"] == "pdftohtml":
                path = path.with_suffix(".html")
                pdftohtml(src, path)
            elif P["producer"] == "two_up":
                two_up_pdf(src, path)
            elif P["producer"] == "placed":
                placed_pdf(src, path, shuffled=P.get("shuffled", False))
            else:
                (outlines_pdf if P["producer"] == "outlines" else nomap_pdf)(src, path)
        out.append(Variant("routes", name, path, write_truth(path, src, "routes", name, P), src.name, P))
    return out


def chromium_pdf(text_src: Path, layout: str, out: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise RouteUnavailable("the chromium command is not installed (apt-get install chromium)")
    page = out.with_suffix(".html")
    page.write_text(report_html(text_src, layout), encoding="utf-8")
    try:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={out}", page.resolve().as_uri()],
                       capture_output=True, timeout=CHROMIUM_SECONDS, check=False)
    finally:
        page.unlink(missing_ok=True)
    if not out.exists() or out.stat().st_size == 0:
        raise RouteUnavailable(f"chromium wrote no PDF for {text_src.name}")


def report_html(text_src: Path, layout: str) -> str:
    """The report as one HTML page (the layouts family's markup and CSS)."""
    P = dict(DEFAULTS, **LAYOUT_PRESETS[layout])
    body = render_html(read_blocks(text_src), P, {}, set())
    return (f'<!doctype html><html><head><meta charset="utf-8"><style>{PAGE_CSS}\n{css(P)}</style></head>'
            f"<body>{body}</body></html>")


def outlines_pdf(pdf_src: Path, out: Path) -> None:
    """Every page redrawn from its SVG with text as paths."""
    import pymupdf

    dst = pymupdf.open()
    with pymupdf.open(pdf_src) as src:
        for page in src:
            svg = page.get_svg_image(text_as_path=True)
            with pymupdf.open("svg", svg.encode("utf-8")) as drawn:
                with pymupdf.open("pdf", drawn.convert_to_pdf()) as one:
                    dst.insert_pdf(one)
    dst.save(out, garbage=3, deflate=True, no_new_id=True)


def nomap_pdf(pdf_src: Path, out: Path) -> None:
    """The PDF with every font's ToUnicode entry removed."""
    import pymupdf

    with pymupdf.open(pdf_src) as doc:
        for xref in range(1, doc.xref_length()):
            if doc.xref_get_key(xref, "ToUnicode")[0] != "null":
                doc.xref_set_key(xref, "ToUnicode", "null")
        doc.save(out, garbage=3, deflate=True, no_new_id=True)


def pdftohtml(pdf_src: Path, out: Path) -> None:
    """pdftohtml -noframes -i: the whole PDF as one HTML file `out` (.html)."""
    exe = shutil.which("pdftohtml")
    if exe is None:
        raise RouteUnavailable("the pdftohtml command is not installed (apt-get install poppler-utils)")
    subprocess.run([exe, "-noframes", "-i", "-q", "-enc", "UTF-8", str(pdf_src), str(out.with_suffix(""))],
                   capture_output=True, timeout=CHROMIUM_SECONDS, check=False)
    if not out.exists() or out.stat().st_size == 0:
        raise RouteUnavailable(f"pdftohtml wrote no HTML for {pdf_src.name}")


def two_up_pdf(pdf_src: Path, out: Path) -> None:
    """Pages 1+2, 3+4, ... side by side on sheets twice as wide."""
    import pymupdf

    dst = pymupdf.open()
    with pymupdf.open(pdf_src) as src:
        for i in range(0, src.page_count, 2):
            w, h = src[i].rect.width, src[i].rect.height
            sheet = dst.new_page(width=2 * w, height=h)
            sheet.show_pdf_page(pymupdf.Rect(0, 0, w, h), src, i)
            if i + 1 < src.page_count:
                sheet.show_pdf_page(pymupdf.Rect(w, 0, 2 * w, h), src, i + 1)
        dst.save(out, garbage=3, deflate=True, no_new_id=True)


def placed_pdf(pdf_src: Path, out: Path, shuffled: bool = False) -> None:
    """The PDF with every page's text removed (its drawings and pictures
    kept) and set again one word at a time at the original positions, in
    Helvetica (bold where the span was) at the original size, each word
    squeezed or stretched to its original width."""
    import pymupdf

    names = {False: "helv", True: "hebo"}
    fonts = {b: pymupdf.Font(n) for b, n in names.items()}
    with pymupdf.open(pdf_src) as doc:
        for page in doc:
            runs = []
            for b in page.get_text("rawdict")["blocks"]:
                for line in b.get("lines", ()):
                    if abs(line["dir"][0] - 1) > 1e-3:
                        continue  # turned text: left out
                    for sp in line["spans"]:
                        bold = bool(sp["flags"] & 16)
                        word = []
                        for ch in sp["chars"] + [None]:
                            if ch is not None and ch["c"].strip():
                                word.append(ch)
                            elif word:
                                text = "".join(c["c"] for c in word)
                                wide = fonts[bold].text_length(text, fontsize=sp["size"])
                                fit = (word[-1]["bbox"][2] - word[0]["bbox"][0]) / wide if wide else 1.0
                                runs.append((word[0]["origin"], text, sp["size"], bold, min(2.0, max(0.3, fit))))
                                word = []
            if shuffled:  # drawn in no reading order (the seed: the page's number)
                rng(pdf_src.name, page.number).shuffle(runs)
            page.add_redact_annot(page.rect)
            page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_NONE,
                                  graphics=pymupdf.PDF_REDACT_LINE_ART_NONE, text=pymupdf.PDF_REDACT_TEXT_REMOVE)
            for origin, text, size, bold, fit in runs:
                at = pymupdf.Point(origin)
                page.insert_text(at, text, fontsize=size, fontname=names[bold],
                                 morph=(at, pymupdf.Matrix(fit, 1)))
        doc.save(out, garbage=3, deflate=True, no_new_id=True)


def styled_docx(text_src: Path, out: Path, rows: bool = False, breaks: str | None = None) -> None:
    """The report written as a Word document through python-docx's default template.
    `breaks`: each findings cell one paragraph, its items apart by line breaks
    (Shift+Enter), each led by this text (a typed "• ", or nothing)."""
    import docx

    from .textmodel import item_text, plain

    doc = docx.Document()
    for b in read_blocks(text_src):
        kind = b[0]
        if kind == "title":
            doc.add_paragraph(plain(b[1]), style="Title")
        elif kind == "h":
            doc.add_heading(plain(b[2]), level=min(max(b[1], 1), 4))
        elif kind in ("p", "toc"):
            doc.add_paragraph(plain(b[1]) if kind == "p" else f"{plain(b[1])}\t{b[2]}")
        elif kind == "findings" and rows:
            left, right = b[2], b[3]
            table = doc.add_table(rows=1 + max(len(left), len(right), 1), cols=2)
            table.style = "Table Grid"
            for col, (head, items) in enumerate(((b[1][0], left), (b[1][1], right))):
                table.cell(0, col).text = plain(head)
                for r, it in enumerate(items, start=1):
                    table.cell(r, col).text = item_text(it)
        elif kind == "findings" and breaks is not None:
            table = doc.add_table(rows=2, cols=2)
            table.style = "Table Grid"
            for col, (head, items) in enumerate(((b[1][0], b[2]), (b[1][1], b[3]))):
                table.cell(0, col).text = plain(head)
                para = table.cell(1, col).paragraphs[0]
                for k, it in enumerate(items):
                    run = para.add_run(breaks + item_text(it))
                    if k < len(items) - 1:
                        run.add_break()
        elif kind == "findings":
            table = doc.add_table(rows=2, cols=2)
            table.style = "Table Grid"
            for col, (head, items) in enumerate(((b[1][0], b[2]), (b[1][1], b[3]))):
                table.cell(0, col).text = plain(head)
                cell = table.cell(1, col)
                cell.paragraphs[0].text = item_text(items[0]) if items else ""
                cell.paragraphs[0].style = doc.styles["List Bullet"]
                for it in items[1:]:
                    cell.add_paragraph(item_text(it), style="List Bullet")
        elif kind == "rubriker":
            table = doc.add_table(rows=2, cols=2)
            table.style = "Table Grid"
            for col, head in enumerate(b[1][:2]):
                table.cell(0, col).text = plain(head)
            cell = table.cell(1, 0)
            cell.paragraphs[0].text = item_text(b[2][0]) if b[2] else ""
            for it in b[2][1:]:
                cell.add_paragraph(item_text(it), style="List Bullet")
            table.cell(1, 1).text = plain(b[3])
        elif kind in ("overview", "table"):
            rows = b[1]
            width = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, c in enumerate(r):
                    table.cell(i, j).text = plain(c)
    doc.core_properties.title = ""
    doc.save(out)
