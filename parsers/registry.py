"""Picks the parser for a document by its content, never by its file name.

The printed area names and sub-question labels are matched against each
revision's catalogue (normalize/catalogue.py); the revision whose questions the
report prints is the generation whose parser reads it. Documents with neither
area sections nor a score overview are not evaluations.
"""
from __future__ import annotations

import re

from extract.model import Document

from .base import ReportParser
from .engine import Skeleton, all_lines, skeleton
from .gen2002 import Parser2002
from .gen2010 import Parser2010
from .gen2016 import Parser2016
from .gen2020 import Parser2020
from .overview import read_overview
from .records import NotAnEvaluation, ParsedReport

# Fewer complete score rows than this in a whole document is not an overview.
MIN_STRICT_ROWS = 20

PARSERS: dict[str, ReportParser] = {p.revision: p for p in (Parser2002(), Parser2010(), Parser2016(), Parser2020())}


def parse(doc: Document) -> ParsedReport:
    sk = skeleton(doc)
    res = read_overview(sk.overview_lines)
    if not res.subquestions and not sk.overview_found:
        # The overview heading may be worded differently: scan every line for
        # complete score rows; a real overview has dozens of them.
        found = read_overview(all_lines(doc.blocks), strict=True)
        if len(found.subquestions) >= MIN_STRICT_ROWS:
            sk.strict_overview = True
            sk.notes.append("no 'Översikt av poängfördelning' heading; score rows found by scanning the whole document")
            res = found
    sk.overview = res  # read once: the generation's parser reuses it
    if not res.subquestions:
        raise NotAnEvaluation(_describe(doc, sk))
    revision, _, scores = _detect(sk, res)
    report = PARSERS[revision].parse(doc, sk)
    report.notes.append("revision detected from content: " + ", ".join(f"{r} {s:.0f}" for r, s in
                                                                     sorted(scores.items(), key=lambda x: -x[1])))
    return report


def _detect(sk: Skeleton, res) -> tuple[str, float, dict]:
    from normalize.catalogue import detect_revision
    names = [a.name for a in res.areas.values() if a.name] + [n for n, _ in sk.headings.values()]
    labels = [(q.question_no, q.label) for q in res.subquestions]
    revision, score, scores = detect_revision(names, labels)
    if revision is None:
        # Score tables are there but fit no catalogue well (a reworded instrument,
        # OCR noise): keep the scores under the closest revision and say so.
        revision = max(scores, key=scores.get)
        sk.notes.append(f"revision uncertain: the printed questions match no revision well "
                        f"(best {revision} at {score:.0f}/100)")
    return revision, score, scores


def _describe(doc: Document, sk: Skeleton) -> str:
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


def warm_up() -> None:
    """Load the catalogue and municipality tables before workers fork."""
    from normalize import catalogue, municipalities
    for q in catalogue.questions():
        catalogue.normalize_text(q.label)  # forked workers inherit the warm cache
    catalogue.detect_revision([], [])
    municipalities.municipality_names()
