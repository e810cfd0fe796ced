"""Reader for plain-text exports: Word-to-text (tab-separated table rows with
HTML fragments in cells), pdftotext output (wrapped lines, blank-line
paragraphs), markdown (# headings, "- " items, tab tables with <b> tags) and
web transcripts (one long line per page).

These styles differ in markup, not in structure, so one line-oriented pass
reads them all: a line with a tab is a table row, consecutive rows make a
table; "#" lines and whole-bold lines are headings; bullet lines start items;
other non-blank lines gather into paragraphs, keeping their line breaks.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import ReadError
from .inline_html import has_markup, split_fragment, strip_inline
from .model import Block, Cell, Document, Row, heading, item, paragraph, table

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_WHOLE_BOLD = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*$")
_BULLET_LINE = re.compile(r"^\s*(?:[-*+]|[•▪◦\uf0b7])\s+(.*)$")


def decode(data: bytes, name: str) -> str:
    """Bytes -> str. UTF-8 first (with or without BOM), then cp1252 for old exports.
    Refuses binary data rather than producing mojibake rows."""
    if not data.strip():
        raise ReadError(f"{name}: the file is empty")
    sample = data[:65536]
    if b"\x00" in sample:
        raise ReadError(f"{name}: binary data (NUL bytes), not a text export")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(sample) * 0.01:
        raise ReadError(f"{name}: binary data ({controls} control bytes in the first {len(sample)}), not a text export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path | str) -> Document:
    path = Path(path)
    text = decode(path.read_bytes(), path.name)
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        from .html import blocks_from_html
        return Document(str(path), "text", "text", blocks_from_html(text))
    return Document(str(path), "text", "text", blocks_from_lines(text))


def blocks_from_lines(text: str) -> list[Block]:
    # Form feeds are page breaks in pdftotext output; we have no page numbers
    # for text inputs, so they only end the current paragraph.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n").split("\n")
    blocks: list[Block] = []
    para: list[str] = []
    rows: list[Row] = []
    cur_item: list[str] | None = None

    def flush_para():
        nonlocal para
        if para:
            blocks.append(paragraph(tuple(para)))
            para = []

    def flush_item():
        nonlocal cur_item
        if cur_item:
            blocks.append(item(tuple(cur_item)))
        cur_item = None

    def flush_table():
        nonlocal rows
        if rows:
            blocks.append(table(tuple(rows)))
            rows = []

    def flush_all():
        flush_para(); flush_item(); flush_table()

    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            flush_para(); flush_item()
            # A blank line between tab rows ends the table (Word exports put
            # one blank line between consecutive tables).
            flush_table()
            continue
        if "\t" in line:
            flush_para(); flush_item()
            rows.append(_row(line))
            continue
        flush_table()
        m = _MD_HEADING.match(line)
        if m:
            flush_all()
            blocks.append(heading(strip_inline(m.group(2)), level=len(m.group(1))))
            continue
        m = _WHOLE_BOLD.match(line)
        if m and len(m.group(2)) < 120:
            flush_all()
            blocks.append(heading(strip_inline(m.group(2))))
            continue
        if has_markup(line) and "<" in line:
            flush_all()
            blocks.extend(_fragment_blocks(line))
            continue
        m = _BULLET_LINE.match(line)
        if m:
            flush_para(); flush_item()
            cur_item = [m.group(1)]
            continue
        if cur_item is not None:
            # Markdown continuation (hard break "  " or plain wrap) joins the item.
            cur_item.append(line)
            continue
        para.append(line)
    flush_all()
    return blocks


def _fragment_blocks(fragment: str) -> list[Block]:
    return [item(t) if k == "item" else paragraph(t) for k, t in split_fragment(fragment)]


def _row(line: str) -> Row:
    cells = []
    for raw in line.split("\t"):
        if has_markup(raw):
            cells.append(Cell(tuple(_fragment_blocks(raw))))
        else:
            t = strip_inline(raw)
            cells.append(Cell((paragraph(t),) if t else ()))
    return Row(tuple(cells))
