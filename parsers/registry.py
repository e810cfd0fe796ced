"""Picks the parser for a document by its content, never by its file name.

Each parser recognises its own kind of document (ReportParser: a
municipality's evaluation with its score overview; CompilationParser: a book
that prints several municipalities' area-level summary tables); the first that
does reads it. A document no parser takes is not an evaluation, and the message says what
it is instead, so a steward can tell at a glance.
"""
from __future__ import annotations

import re

from extract.model import Document

from .compilation import CompilationParser
from .hints import Vocabulary
from .records import NotAnEvaluation, ParsedCompilation, ParsedReport, UnreadableEvaluation
from .report import ReportParser
from .skeleton import Skeleton, skeleton
from .transcript import mark_inferred, restore

# A municipality's own report first: a report that quotes a summary table is
# still that report.
PARSERS: tuple[ReportParser | CompilationParser, ...] = (ReportParser(), CompilationParser())


def parse(doc: Document, vocabulary: Vocabulary | None = None) -> ParsedReport | ParsedCompilation:
    """`vocabulary`: the catalogue's wording (normalize/vocabulary.py), which a
    document that lost its line breaks needs to tell where labels and names
    end; without it such a document is read from what its text shows."""
    restored = None
    if doc.flattened:
        restored = restore(doc, vocabulary)
        doc = restored.document
    sk = skeleton(doc)
    if restored is not None:
        sk.overview = restored.overview
        sk.observations.extend(restored.observations)
    for parser in PARSERS:
        try:
            seen = parser.recognise(doc, sk)
            parsed = parser.parse(doc, seen) if seen is not None else None
        except UnreadableEvaluation:
            if isinstance(parser, CompilationParser) and len(sk.groups) >= MIN_SECTIONS:
                # a report's own area sections, its score table lost: say that,
                # not what a compilation parser missed in a caption it quotes
                raise UnreadableEvaluation(describe(doc, sk, unreadable=True)) from None
            raise
        if seen is not None:
            if restored is not None:
                mark_inferred(parsed, restored)
            return parsed
    if looks_like_an_evaluation(doc, sk):
        raise UnreadableEvaluation(describe(doc, sk, unreadable=True))
    raise NotAnEvaluation(describe(doc, sk))


# An evaluation shows at least this many of its eight area sections (or
# strengths/improvements blocks) even when its score table is lost.
MIN_SECTIONS = 4


def looks_like_an_evaluation(doc: Document, sk: Skeleton) -> bool:
    """Title, area sections, the overview's heading: the document is one
    municipality's evaluation even if no score row could be read (damaged,
    or a layout no reader understands): never `no_evaluation`."""
    return _mentions(doc) > 0 and (sk.overview_found or len(sk.headings) >= MIN_SECTIONS
                                   or len(sk.groups) >= MIN_SECTIONS)


def _mentions(doc: Document) -> int:
    text = " ".join(b.text for b in doc.blocks[:400] if b.kind != "table")
    return len(re.findall(r"(?i)kommunkompass", text))


def describe(doc: Document, sk: Skeleton, unreadable: bool = False) -> str:
    """Say what the document is, so a steward can tell at a glance."""
    text = " ".join(b.text for b in doc.blocks[:400] if b.kind != "table")
    mentions = _mentions(doc)
    first = next((b.text for b in doc.blocks if b.kind != "table" and len(b.text) > 3), "")[:80]
    if mentions == 0:
        return f"not a Kommunkompassen report (no mention of Kommunkompassen; starts '{first}')"
    what = []
    if sk.headings:
        what.append(f"{len(sk.headings)} area section(s)")
    if sk.groups:
        what.append(f"{len(sk.groups)} strengths/improvements block(s)")
    found = ", ".join(what) or "no area sections"
    if unreadable:
        pages = sorted({p for p in (pg for _, pg, _conf in sk.overview_lines) if p is not None})
        where = f" (overview on page(s) {', '.join(map(str, pages[:10]))})" if pages else ""
        scan = f"; {doc.notes[0]}" if doc.extraction == "ocr" and doc.notes else ""
        return (f"reads as a Kommunkompassen evaluation (mentions it {mentions} time(s); {found}; "
                f"'Översikt av poängfördelning' {'found' if sk.overview_found else 'not found'}{where}{scan}) but "
                f"no sub-question score could be read: the file may be damaged, or its score table is laid out in a "
                f"way no reader understands" + (" or too badly scanned to read" if scan else ""))
    frame = " It prints the question framework (nivå 1 och 2) without scores." if re.search(
        r"(?i)nivå 1 och 2", text) else ""
    return (f"mentions Kommunkompassen {mentions} time(s) but holds no sub-question score table "
            f"('Översikt av poängfördelning' {'found empty' if sk.overview_found else 'not found'}; {found}); "
            f"not a single municipality's evaluation (starts '{first}').{frame}")
