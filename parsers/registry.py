"""Picks the parser for a document by its content, never by its file name.

Each parser recognises its own kind of document (ReportParser: a
municipality's evaluation with its score overview); the first that does reads
it. A document no parser takes is not an evaluation, and the message says what
it is instead, so a steward can tell at a glance.
"""
from __future__ import annotations

import re

from extract.model import Document

from .records import NotAnEvaluation, ParsedReport
from .report import ReportParser
from .skeleton import Skeleton, skeleton

PARSERS: tuple[ReportParser, ...] = (ReportParser(),)


def parse(doc: Document) -> ParsedReport:
    sk = skeleton(doc)
    for parser in PARSERS:
        seen = parser.recognise(doc, sk)
        if seen is not None:
            return parser.parse(doc, seen)
    raise NotAnEvaluation(describe(doc, sk))


def describe(doc: Document, sk: Skeleton) -> str:
    """Say what the document is, so a steward can tell at a glance."""
    text = " ".join(b.text for b in doc.blocks[:400] if b.kind != "table")
    mentions = len(re.findall(r"(?i)kommunkompass", text))
    first = next((b.text for b in doc.blocks if b.kind != "table" and len(b.text) > 3), "")[:80]
    if mentions == 0:
        return f"not a Kommunkompassen report (no mention of Kommunkompassen; starts '{first}')"
    what = []
    if sk.headings:
        what.append(f"{len(sk.headings)} area section(s)")
    if sk.groups:
        what.append(f"{len(sk.groups)} strengths/improvements block(s)")
    found = ", ".join(what) or "no area sections"
    frame = " It prints the question framework (nivå 1 och 2) without scores." if re.search(
        r"(?i)nivå 1 och 2", text) else ""
    return (f"mentions Kommunkompassen {mentions} time(s) but holds no sub-question score table "
            f"('Översikt av poängfördelning' {'found empty' if sk.overview_found else 'not found'}; {found}); "
            f"not a single municipality's evaluation (starts '{first}').{frame}")
