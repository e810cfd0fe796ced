"""The parser of a municipality's own evaluation report.

One parser reads every revision: they share the skeleton (area sections with a
"Rubriker / Poäng" box and strengths/improvements, then the overview score
tables). Which revision a report follows is decided from what it prints, in
normalize/ (the catalogue knows every revision's questions).
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.model import Document, join_lines
from extract.typography import strip_list_marker

from .findings_checks import check_findings
from .metadata import first_area_index, read_metadata
from .overview import MAX_ROWS, OverviewResult, read_overview
from .records import Area, Code, Finding, Observation, ParsedReport, UnreadableEvaluation
from .skeleton import Skeleton, all_lines_confidence, skeleton

# Fewer complete score rows than this in a whole document is not an overview.
MIN_STRICT_ROWS = 20


@dataclass(slots=True)
class Recognition:
    """What a parser saw that made it take the document: its skeleton and the
    score rows it read (read once, reused by parse)."""
    skeleton: Skeleton
    overview: OverviewResult


class ReportParser:
    """A parser: `recognise` says from content whether the document is its
    kind (None if not), `parse` reads it. Subclasses override the hooks where
    a kind of document reads differently."""

    kind = "report"

    def recognise(self, doc: Document, sk: Skeleton) -> Recognition | None:
        if sk.second_evaluation is not None:
            where = f" on page {sk.second_evaluation}" if sk.second_evaluation else ""
            raise UnreadableEvaluation(f"holds more than one evaluation: area sections with findings and a score "
                                       f"overview, then the area sections start again{where}; split the file into "
                                       f"one report each (not read, so that no report mixes two)")
        res = sk.overview if sk.overview is not None else read_overview(sk.overview_lines)
        if not res.subquestions and not sk.overview_found:
            # The overview heading may be worded differently: scan every line for
            # complete score rows; a real overview has dozens of them.
            found = read_overview(all_lines_confidence(doc.blocks), strict=True)
            if len(found.subquestions) >= MIN_STRICT_ROWS:
                sk.observations.append(Observation(
                    Code.NO_OVERVIEW_HEADING,
                    "no 'Översikt av poängfördelning' heading; score rows found by scanning the whole document"))
                res = found
        if res.too_many:
            raise UnreadableEvaluation(f"prints more than {MAX_ROWS} score rows in its overview, where a report "
                                       f"has about 45: not one municipality's evaluation as it stands (a generated "
                                       f"or damaged file); not read")
        return Recognition(sk, res) if res.subquestions else None

    def parse(self, doc: Document, seen: Recognition) -> ParsedReport:
        sk, res = seen.skeleton, seen.overview
        areas: dict[int, Area] = dict(res.areas)
        for no in sorted(set(sk.headings) | set(sk.header_scores) | set(areas)):
            a = areas.setdefault(no, Area(area_no=no, name=None))
            if no in sk.headings:
                a.heading_name = sk.headings[no][0]
            a.header_score = sk.header_scores.get(no)
            a.header_confidence = sk.header_confidence.get(no)
            a.topics = sk.topics.get(no, [])
        meta = read_metadata(doc, doc.blocks[:first_area_index(doc.blocks)])
        findings = findings_of(sk)
        return ParsedReport(meta, [areas[k] for k in sorted(areas)], res.subquestions, findings,
                            grand_total=res.grand_total,
                            observations=list(sk.observations) + res.observations + check_findings(sk.groups, findings))


def findings_of(sk: Skeleton) -> list[Finding]:
    findings: list[Finding] = []
    for g in sk.groups:
        for kind, items in (("strength", g.strengths), ("improvement", g.improvements)):
            pos = 0
            for it in items:
                text = clean_finding(join_lines(it.lines))
                if text:
                    pos += 1
                    guessed = it.inferred or g.guess is not None
                    findings.append(Finding(g.area_no, kind, pos, text, it.page,
                                            segmentation="inferred" if guessed else "certain",
                                            confidence=it.conf))
    return findings


def clean_finding(text: str) -> str:
    """An item's text without a bullet glyph or list number left in front."""
    return strip_list_marker(" ".join(text.split()))


def read_report(doc: Document) -> ParsedReport:
    """Read a document as a report whether or not it has score tables (tools
    and tests; the pipeline goes through registry.parse)."""
    sk = skeleton(doc)
    return ReportParser().parse(doc, Recognition(sk, read_overview(sk.overview_lines)))
