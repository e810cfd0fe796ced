"""Debug dumper: print the block model of a file.

    python -m extract.dump FILE [FILE ...]

One line per block: kind, page, heading level, text. Tables print one line
per row with the page of the row and its cells separated by " | "; a cell
holding several blocks shows them separated by " ¶ ", items marked "• ".
"""
from __future__ import annotations

import sys
from pathlib import Path

from .errors import ReadError
from .model import Block, Document
from .typography import BULLET


def read_any(path) -> Document:
    from . import read_document
    try:
        return read_document(Path(path))
    except ValueError as e:
        raise SystemExit(f"{path}: {e}") from e


def _cell_text(cell, row_page=None) -> str:
    parts = []
    for b in cell.blocks:
        other = f"(p{b.page}) " if b.page != row_page else ""
        parts.append(other + (BULLET + " " if b.kind == "item" else "") + ("(inferred) " if b.inferred else "") + b.text)
    return " ¶ ".join(parts)


def _marks(b: Block) -> str:
    """What the reader was unsure of: a guessed boundary, an OCR confidence."""
    out = " (inferred)" if b.inferred else ""
    return out + (f" (conf {b.confidence:.2f})" if b.confidence is not None else "")


def format_block(b: Block) -> str:
    page = "-" if b.page is None else str(b.page)
    if b.kind != "table":
        tag = f"heading{b.level}" if b.kind == "heading" else b.kind
        return f"[p{page}] {tag}:{_marks(b)} " + " / ".join(b.lines)
    out = [f"[p{page}] table: {len(b.rows)} rows"]
    for i, r in enumerate(b.rows):
        rp = "-" if r.page is None else str(r.page)
        out.append(f"    r{i} [p{rp}] " + " | ".join(_cell_text(c, r.page) for c in r.cells))
    return "\n".join(out)


def dump(doc: Document, out=sys.stdout) -> None:
    print(f"# {doc.source}  format={doc.format} extraction={doc.extraction} "
          f"pages={doc.page_count} title={doc.title!r} blocks={len(doc.blocks)}", file=out)
    for n in doc.notes:
        print(f"# note: {n}", file=out)
    for b in doc.blocks:
        print(format_block(b), file=out)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rc = 0
    for path in argv:
        try:
            dump(read_any(path))
        except ReadError as e:
            print(f"# {path}: ReadError: {e}", file=sys.stderr)
            rc = 1
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
