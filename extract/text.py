"""Reader for plain-text exports: Word-to-text (tab-separated table rows with
HTML fragments in cells), pdftotext output (wrapped lines, blank-line
paragraphs), markdown (# headings, "- " items, tab tables with <b> tags) and
web transcripts (one paragraph per page: extract/transcript.py).

These styles differ in markup, not in structure, so one line-oriented pass
reads them all: a line with a tab is a table row, consecutive rows make a
table; "#" lines and whole-bold lines are headings; bullet lines start items;
other non-blank lines gather into paragraphs, keeping their line breaks.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import ReadError
from .limits import check_text_size
from .inline_html import has_markup, split_fragment, strip_inline
from .model import Block, Cell, Document, Row, heading, item, paragraph, table
from .running import TEXT_RUNNING, edge_candidates, running_lines
from .transcript import split_transcript, transcript_blocks
from .typography import BULLET, TEXT_LINE_BULLET, WORD_TAB_BULLET

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_WHOLE_BOLD = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*$")


# Byte order marks of the Unicode encodings Word's "Unicode text" export and
# other tools write.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8-sig"))


def _unicode_without_bom(sample: bytes) -> str | None:
    """UTF-16/32 without a byte order mark, told by where the NUL bytes of
    Latin text fall (every second or fourth byte)."""
    if len(sample) < 16:
        return None
    n = len(sample)
    nul = [sum(1 for i in range(k, n, 4) if sample[i] == 0) / len(range(k, n, 4)) for k in range(4)]
    if nul[1] > 0.9 and nul[2] > 0.9 and nul[3] > 0.9 and nul[0] < 0.1:
        return "utf-32-le"
    if nul[0] > 0.9 and nul[1] > 0.9 and nul[2] > 0.9 and nul[3] < 0.1:
        return "utf-32-be"
    odd = (nul[1] + nul[3]) / 2
    even = (nul[0] + nul[2]) / 2
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def decode(data: bytes, name: str) -> str:
    """Bytes -> str. A byte order mark decides (UTF-8/16/32); else UTF-16/32 by
    their NUL pattern, UTF-8, then cp1252 for old exports. Refuses binary data
    rather than producing mojibake rows."""
    if not data.strip():
        raise ReadError(f"{name}: the file is empty")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None) \
        or _unicode_without_bom(data[:4096])
    if encoding and encoding != "utf-8-sig":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            raise ReadError(f"{name}: looks like {encoding.upper()} text but does not decode ({e.reason} "
                            f"at byte {e.start})") from e
        return text.lstrip("\ufeff")
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
    check_text_size(path.stat().st_size)
    text = decode(path.read_bytes(), path.name)
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        from .html import blocks_from_html
        return Document(str(path), "text", "text", blocks_from_html(text))
    t = split_transcript(text)
    if t is not None:
        return Document(str(path), "text", "text", transcript_blocks(t), page_count=max(t.pages),
                        flattened=True, page_numbers=dict(t.page_numbers))
    return Document(str(path), "text", "text", blocks_from_lines(text))


def split_pages(text: str) -> list[list[str]]:
    """pdftotext marks page breaks with form feeds: one list of lines per page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [p.split("\n") for p in pages]


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop the running header and footer of a paginated text export, which
    would otherwise land in the middle of a table row (extract.running with
    TEXT_RUNNING): among the first or last two non-blank lines of a page, a
    line whose text recurs on at least half the pages, or a bare page number;
    the very first and last line also go when only their digits differ
    between pages ("Sida 3 av 30")."""
    found = edge_candidates(pages, depth=2)
    drop = running_lines((c for _p, _i, c in found), len(pages), TEXT_RUNNING)
    if not drop:
        return pages
    gone = {(p, i) for k, (p, i, _c) in enumerate(found) if k in drop}
    return [[ln for i, ln in enumerate(lines) if (p, i) not in gone] for p, lines in enumerate(pages)]


def blocks_from_lines(text: str) -> list[Block]:
    pages = split_pages(text)
    if len(pages) < 2:
        return _blocks(pages[0] if pages else [], None)
    # A paginated export (pdftotext): blocks carry their page, running
    # headers/footers go, and a page break ends the paragraph.
    blocks: list[Block] = []
    for no, lines in enumerate(strip_running_lines(pages), start=1):
        blocks.extend(_blocks(lines, no))
    return blocks


def _blocks(lines: list[str], page: int | None) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    rows: list[Row] = []
    cur_item: list[str] | None = None

    def flush_para():
        nonlocal para
        if para:
            blocks.append(paragraph(tuple(para), page))
            para = []

    def flush_item():
        nonlocal cur_item
        if cur_item:
            blocks.append(item(tuple(cur_item), page))
        cur_item = None

    def flush_table():
        nonlocal rows
        if rows:
            blocks.append(table(tuple(rows), page))
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
        if WORD_TAB_BULLET.match(line):
            # Word-to-text writes a bulleted paragraph as "•<TAB>text": an item, not a table row.
            line = BULLET + " " + WORD_TAB_BULLET.sub("", line).replace("\t", " ")
        if "\t" in line:
            flush_para(); flush_item()
            rows.append(_row(line, page))
            continue
        flush_table()
        m = _MD_HEADING.match(line)
        if m:
            flush_all()
            blocks.append(heading(strip_inline(m.group(2)), level=len(m.group(1)), page=page))
            continue
        m = _WHOLE_BOLD.match(line)
        if m and len(m.group(2)) < 120:
            flush_all()
            blocks.append(heading(strip_inline(m.group(2)), page=page))
            continue
        if has_markup(line) and "<" in line:
            flush_all()
            blocks.extend(_fragment_blocks(line, page))
            continue
        m = TEXT_LINE_BULLET.match(line)
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


def _fragment_blocks(fragment: str, page=None) -> list[Block]:
    return [item(t, page) if k == "item" else paragraph(t, page) for k, t in split_fragment(fragment)]


def _row(line: str, page=None) -> Row:
    cells = []
    for raw in line.split("\t"):
        if has_markup(raw):
            cells.append(Cell(tuple(_fragment_blocks(raw, page))))
        else:
            t = strip_inline(raw)
            cells.append(Cell((paragraph(t, page),) if t else ()))
    return Row(tuple(cells), page)
