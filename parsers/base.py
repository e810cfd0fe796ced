"""What every generation's parser shares: read the report skeleton with the
engine, then let the generation check what it expects of its own layout."""
from __future__ import annotations

from extract.model import Document

from .engine import Skeleton, read_report
from .records import ParsedReport


class ReportParser:
    revision: str = ""
    # Whether this generation's overview tables print a percent column.
    percent_column: bool = False

    def parse(self, doc: Document, sk: Skeleton) -> ParsedReport:
        report = read_report(doc, self.revision, sk)
        if self.percent_column and report.subquestions and all(q.percent is None for q in report.subquestions):
            report.notes.append(f"the {self.revision} overview normally prints a percent column; none was read")
        return report
