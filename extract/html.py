"""Reader for HTML exports (web transcripts, "save as web page"): block-level
elements become blocks, <table> becomes a table of cells, <li> becomes items.
Uses the standard library's HTMLParser: no layout is needed, only structure."""
from __future__ import annotations

import re

from html.parser import HTMLParser

from .model import Block, Cell, Row, heading, item, paragraph, table

_SKIP = {"script", "style", "head", "title", "noscript"}
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "ul", "ol", "table",
          "section", "article", "header", "footer", "blockquote", "pre"}


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.skip = 0
        self.buf: list[str] = []
        self.lines: list[str] = []  # lines of the current block ended by <br>
        self.kind = "paragraph"
        self.level = 0
        # Table state: a stack so nested tables don't corrupt the outer one.
        self.tables: list[dict] = []

    def _target(self) -> list[Block]:
        if self.tables and self.tables[-1]["cell"] is not None:
            return self.tables[-1]["cell"]
        return self.blocks

    def _break_line(self):
        """<br>: a line break inside the block (a wrapped item stays one item)."""
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if text:
            self.lines.append(text)

    def _flush(self):
        self._break_line()
        lines, self.lines = self.lines, []
        if lines:
            if self.kind == "heading":
                self._target().append(heading(" ".join(lines), self.level))
            elif self.kind == "item":
                self._target().append(item(lines))
            else:
                self._target().append(paragraph(lines))
        self.kind, self.level = "paragraph", 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "br":
            self._break_line()
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "li":
            self.kind = "item"
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.kind, self.level = "heading", int(tag[1])
        elif tag == "table":
            self.tables.append({"rows": [], "row": None, "cell": None})
        elif tag == "tr" and self.tables:
            self.tables[-1]["row"] = []
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            if t["row"] is None:
                t["row"] = []
            t["cell"] = []

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _BLOCK:
            self._flush()
        if not self.tables:
            return
        t = self.tables[-1]
        if tag in ("td", "th") and t["cell"] is not None:
            t["row"].append(Cell(tuple(t["cell"])))
            t["cell"] = None
        elif tag == "tr" and t["row"] is not None:
            t["rows"].append(Row(tuple(t["row"])))
            t["row"] = None
        elif tag == "table":
            self.tables.pop()
            if t["rows"]:
                self._target().append(table(t["rows"]))

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


# A list item that is nothing but a link to a place in the document: a
# table of contents or a converter's "Document Outline" of bookmarks, which
# repeats every heading (read, the headings start again after the report).
_NAV_ITEM = re.compile(r"<li>\s*<a\s+href\s*=\s*[\"'][^\"'#]*#[^\"']*[\"'][^>]*>[^<]*</a>\s*(?:</li>)?", re.I)


def blocks_from_html(text: str) -> list[Block]:
    text = _NAV_ITEM.sub("", text)
    b = _Builder()
    b.feed(text)
    b.close()
    b._flush()
    return b.blocks


# An element placed at absolute coordinates ("position:absolute; top:...;
# left:..."), as PDF-to-HTML converters write each line of a page.
_POSITIONED = re.compile(r"position\s*:\s*absolute", re.I)
_ELEMENT = re.compile(r"<(?:p|div|span)\b", re.I)
# A page is a positioned layout when at least this many elements, and this
# share of its paragraphs, divisions and spans, are placed so.
POSITIONED_MIN = 50
POSITIONED_SHARE = 0.5


def positioned_layout(text: str) -> bool:
    """Does this HTML place its lines at absolute positions (pdftohtml,
    pdf2htmlEX)? Its elements then follow the PDF's drawing order, not the
    reading order, and table cells are loose lines: not readable as HTML."""
    n = len(_POSITIONED.findall(text))
    return n >= POSITIONED_MIN and n >= POSITIONED_SHARE * len(_ELEMENT.findall(text))
