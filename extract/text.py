"""Reader for plain-text exports: Word-to-text (tab-separated table rows with
HTML fragments in cells), pdftotext output (wrapped lines, blank-line
paragraphs), markdown (# headings, "- " items, tab tables with <b> tags) and
web transcripts (one paragraph per page: extract/transcript.py).

These styles differ in markup, not in structure, so one line-oriented pass
reads them all: a line with a tab is a table row, consecutive rows make a
table; "#" lines and whole-bold lines are headings; bullet lines start items;
other non-blank lines gather into paragraphs, keeping their line breaks.
A list mark leads an item whatever the glyph: any bullet glyph, "-", "*",
"+", an en or em dash or Word's "o" before a capital, any of them (and "§")
before a tab, and list numbers in sequence ("1.", "2)" ...; the number is
kept in the item's text, as the PDF reader keeps it).
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .errors import ReadError
from .grid_tables import grid_rows_as_tabs
from .inline_html import has_block_tags, has_markup, split_fragment, strip_inline
from .limits import check_text_size
from .model import Block, Cell, Document, Row, heading, item, paragraph, table
from .text_columns import header_starts, side_by_side_region, split_side_by_side, text_items
from .running import TEXT_RUNNING, edge_candidates, running_lines
from .transcript import split_transcript, transcript_blocks
from .typography import BULLET, TEXT_LINE_BULLET, TEXT_LINE_NUMBER, TEXT_TAB_MARK, WORD_TAB_BULLET, composed

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
    """Bytes -> str in Unicode NFC (typography.composed). A byte order mark
    decides (UTF-8/16/32); else UTF-16/32 by their NUL pattern, UTF-8, then
    cp1252 for old exports. Refuses binary data rather than producing mojibake
    rows."""
    return composed(_decode(data, name))


def _decode(data: bytes, name: str) -> str:
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
        from .html import blocks_from_html, positioned_layout
        if positioned_layout(text):
            raise ReadError(f"{path.name}: an HTML page that places each line at fixed positions (made by a PDF "
                            f"converter such as pdftohtml or pdf2htmlEX): which lines form a table cell or a "
                            f"column is lost in it; read the PDF it was made from instead")
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
    return [pipe_rows_as_tabs(grid_rows_as_tabs(p.split("\n"))) for p in pages]


# A markdown (GFM) table row "| 1.1 | Strategi ... | 7 | 15 | 45% |" and the
# rule under its header "|---|:---:|".
_PIPE_ROW = re.compile(r"^\s*\|(.*\|.*)\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+(\s*:?-{3,}:?\s*)?\|?\s*$")


def pipe_rows_as_tabs(lines: list[str]) -> list[str]:
    """Markdown pipe tables read as the tab-separated rows of a Word export
    (one reader of rows for both); their header rules go."""
    if not any("|" in ln for ln in lines):
        return lines
    out = []
    for ln in lines:
        if _PIPE_RULE.match(ln):
            continue
        m = _PIPE_ROW.match(ln)
        out.append("\t".join(c.strip() for c in m.group(1).split("|")) if m else ln)
    return out


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
        return _blocks(pages[0] if pages else [], None)[0]
    # A paginated export (pdftotext): blocks carry their page, running
    # headers/footers go, and a page break ends the paragraph.
    blocks: list[Block] = []
    carry = None
    for no, lines in enumerate(strip_running_lines(pages), start=1):
        got, carry = _blocks(lines, no, carry)
        blocks.extend(got)
    return blocks


def _side_by_side(header: str | None, body: list[str], starts: list[int], page) -> Block:
    """Lines of two columns printed side by side (pdftotext -layout) -> a
    table of a header row (if any) and one row of each column's items
    (extract.text_columns: items whose boundaries were guessed are inferred)."""
    rows = []
    if header is not None:
        a, b = header[:starts[1]].strip(), header[starts[1]:].strip()
        rows.append(Row((Cell((paragraph(a, page),)), Cell((paragraph(b, page),))), page))
    cells = []
    for col in split_side_by_side(body, starts):
        blocks = []
        for it in text_items(col):
            lines = list(it.lines)
            m = TEXT_LINE_BULLET.match(lines[0]) if it.marked else None
            if m:
                lines[0] = m.group(1)
            blocks.append(Block("item" if it.marked else "paragraph", tuple(lines), page, inferred=it.inferred))
        cells.append(Cell(tuple(blocks)))
    rows.append(Row(tuple(cells), page))
    return table(tuple(rows), page)


def _blocks(lines: list[str], page: int | None, carry: list[int] | None = None):
    """A page's lines -> (blocks, carry): carry = the column starts of a
    side-by-side table that ran to the end of the page (it may go on on
    the next page, without its header)."""
    blocks: list[Block] = []
    para: list[str] = []
    rows: list[Row] = []
    cur_item: list[str] | None = None
    last_no = 0  # the number of the last item of the current list (0: none); glyph items count too

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

    skip_to = 0
    if carry is not None:
        first = next((k for k, ln in enumerate(lines) if ln.strip()), len(lines))
        end = side_by_side_region(lines, first, carry[1]) if first < len(lines) else first
        if end > first:
            blocks.append(_side_by_side(None, lines[first:end], carry, page))
            skip_to = end
        carry = carry if end > first and not any(ln.strip() for ln in lines[end:]) else None
    for k, raw in enumerate(lines):
        if k < skip_to:
            continue
        line = raw.rstrip("\n")
        starts = header_starts(line) if not rows else None
        if starts is not None:
            end = side_by_side_region(lines, k + 1, starts[1])
            if end > k + 1:
                flush_all()
                last_no = 0
                blocks.append(_side_by_side(line, lines[k + 1:end], starts, page))
                skip_to = end
                if not any(ln.strip() for ln in lines[end:]):
                    carry = starts
                continue
        if not line.strip():
            flush_para(); flush_item()
            # A blank line between tab rows ends the table (Word exports put
            # one blank line between consecutive tables).
            flush_table()
            continue
        if WORD_TAB_BULLET.match(line):
            # Word-to-text writes a bulleted paragraph as "•<TAB>text": an item, not a table row.
            line = BULLET + " " + WORD_TAB_BULLET.sub("", line).replace("\t", " ")
        elif TEXT_TAB_MARK.match(line) and "\t" not in TEXT_TAB_MARK.sub("", line):
            # ... and a dash or a list number the same way
            mark = TEXT_TAB_MARK.match(line).group(0).strip()
            line = mark + " " + TEXT_TAB_MARK.sub("", line)
        n = _list_number(line, last_no)
        if n:
            flush_para(); flush_item(); flush_table()
            last_no = n
            # (inline markup such as <u> goes; the line is kept as it is otherwise)
            cur_item = [strip_inline(line) if "<" in line and not has_block_tags(line) else line]
            continue
        if "\t" in line:
            flush_para(); flush_item()
            rows.append(_row(line, page))
            last_no = 0
            continue
        flush_table()
        m = _MD_HEADING.match(line)
        if m:
            flush_all()
            last_no = 0
            blocks.append(heading(strip_inline(m.group(2)), level=len(m.group(1)), page=page))
            continue
        m = _WHOLE_BOLD.match(line)
        if m and len(m.group(2)) < 120:
            flush_all()
            last_no = 0
            blocks.append(heading(strip_inline(m.group(2)), page=page))
            continue
        m = TEXT_LINE_BULLET.match(line)
        if m and BULLET not in line and "<" in line and not has_block_tags(line):
            # a list line with inline markup ("- Endast <u>använda</u> ..."): an item
            flush_para(); flush_item()
            cur_item = [strip_inline(m.group(1))]
            last_no += 1
            continue
        if has_markup(line) and "<" in line:
            flush_all()
            blocks.extend(_fragment_blocks(line, page))
            continue
        if m:
            flush_para(); flush_item()
            cur_item = [m.group(1)]
            last_no += 1
            continue
        if cur_item is not None:
            # Markdown continuation (hard break "  " or plain wrap) joins the item.
            cur_item.append(line)
            continue
        para.append(line)
        last_no = 0
    flush_all()
    return blocks, carry


def _list_number(line: str, last_no: int) -> int:
    """The list number leading the line if it goes on the list (1, or one
    more than the list's items so far), else 0."""
    m = TEXT_LINE_NUMBER.match(line)
    if not m or "\t" in line:
        return 0
    n = int(m.group(1))
    return n if n == 1 or n == last_no + 1 else 0


def _fragment_blocks(fragment: str, page=None) -> list[Block]:
    return [paragraph(t, page) if k == "paragraph" else replace(item(t, page), inferred=k == "item-guess")
            for k, t in split_fragment(fragment)]


def _row(line: str, page=None) -> Row:
    cells = []
    for raw in line.split("\t"):
        if has_markup(raw):
            cells.append(Cell(tuple(_fragment_blocks(raw, page))))
        else:
            t = strip_inline(raw)
            cells.append(Cell((paragraph(t, page),) if t else ()))
    return Row(tuple(cells), page)
