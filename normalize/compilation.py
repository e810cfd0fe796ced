"""Turns a parsed compilation (a book of several municipalities' summary
tables) into corpus rows: one report per (table, score column) with its area
scores and no sub-questions, and the reference columns (the median of all
evaluated municipalities) as reference_scores rows.

Nothing is guessed. A cell whose digits are lost, or a row whose cells cannot
be placed in the columns, is kept as a null score with a warning naming its
area; a value read from a column whose year was inferred (the printed
headings are lost) carries a warning saying so; a report's total is the sum of
its area scores only when all eight were read (else the printed total, with a
warning, or null). A table whose columns cannot be assigned to years is
reported in the file's message and not written.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from parsers.records import ParsedCompilation, SummaryRow, SummaryTable, TableColumn, UnreadableEvaluation
from store.schema import AreaScoreRow, ReferenceScoreRow, ReportRow, Status

from . import catalogue, municipalities
from .assemble import ReportRows, report_id_of
from .issues import Issue, has_warning, note, warning
from .repair import AREA_MAX, AREAS, TOTAL_MAX

KIND = "compilation"


@dataclass
class CompilationRows:
    """Everything one compilation file gives: its reports (in the order
    printed), its reference values (source_path filled in by the run) and what
    is wrong with the file beyond any one report (a table not written)."""
    reports: list[ReportRows] = field(default_factory=list)
    references: list[ReferenceScoreRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _printed(r: SummaryRow) -> str:
    return " ".join([r.name, *r.cells]).strip()


def distinct_references(refs: list[ReferenceScoreRow]) -> list[ReferenceScoreRow]:
    """A book prints the same reference column (the median of all evaluated
    municipalities) beside several of its tables: one fact, kept once, from
    the table whose columns are read from their headings when there is one."""
    best: dict[tuple, ReferenceScoreRow] = {}
    for r in sorted(refs, key=lambda r: r.columns_inferred):  # stable: headed columns first
        best.setdefault((r.statistic, r.area_no, r.value, r.population), r)
    kept = {id(r) for r in best.values()}
    return [r for r in refs if id(r) in kept]


def assemble_compilation(parsed: ParsedCompilation, sha256: str, reader_notes: list[str] = ()) -> CompilationRows:
    out = CompilationRows()
    for t in parsed.tables:
        if t.problem:
            out.issues.append(warning("table_not_written", f"{t.label} ('{t.title[:160]}'): {t.problem}; not written"))
            continue
        reports, refs = assemble_table(t, parsed.title, sha256, list(reader_notes))
        out.reports += reports
        out.references += refs
    out.references = distinct_references(out.references)
    if not out.reports:
        raise UnreadableEvaluation("a compilation of Kommunkompassen results, but none of its summary tables could "
                                   "be written: " + "; ".join(i.message for i in out.issues))
    return out


def _revision(t: SummaryTable) -> tuple[str, list[Issue]]:
    names = [r.name for r in t.rows if r.name]
    rev, score, scores = catalogue.detect_revision(names, [])
    if rev is not None:
        return rev, []
    rev = max(scores, key=scores.get)
    return rev, [warning("revision_uncertain", f"revision uncertain: the area names of {t.label} match no revision "
                                               f"well (best {rev} at {score:.0f}/100)")]


def place_rows(t: SummaryTable, revision: str) -> tuple[dict[int, SummaryRow], list[Issue]]:
    """Each printed row to its area by its name (the catalogue's variants of
    the revision's area names); a row that names no area is not read."""
    placed: dict[int, SummaryRow] = {}
    issues: list[Issue] = []
    for r in t.rows:
        no, score = catalogue.match_area(revision, r.name) if r.name else (None, 0.0)
        if no is None:
            issues.append(warning("area_unmatched", f"{t.label}: the row '{_printed(r)[:80]}' names no area of the "
                                                    f"{revision} instrument (best match {score:.0f}/100); not read"))
        elif no in placed:
            issues.append(warning("area_repeated", f"{t.label} prints a second row for this area "
                                                   f"('{_printed(r)[:80]}'); only the first is read", area=no))
        else:
            placed[no] = r
    return placed, issues


def _cell(t: SummaryTable, r: SummaryRow, i: int, col: TableColumn, no: int) -> tuple[float | None, list[Issue]]:
    """The value of row r in column i, and what to say about it."""
    if r.values is None:
        return None, [warning("area_unreadable", f"garbled in this source: '{_printed(r)}' in {t.label} has "
                                                 f"{len(r.cells)} number(s) for {len(t.columns)} columns; not read",
                              area=no)]
    v = r.values[i]
    what = f"{col.year}'s score" if col.statistic is None else f"the {col.statistic}"
    if v is None:
        return None, [warning("area_unreadable", f"garbled in this source: {what} in '{_printed(r)}' "
                                                 f"({t.label}); not read", area=no)]
    if v > AREA_MAX:
        return None, [warning("score_out_of_range", f"{what} printed as {v:g} in {t.label}, more than the area's "
                                                    f"maximum {AREA_MAX:g}; not used", area=no)]
    if col.inferred:
        order = ", ".join(str(c.year) for c in t.columns if c.statistic is None)
        return v, [warning("year_inferred", f"{v:g} read as {what}; the year is inferred: {t.label}'s column "
                                            f"headings are lost ('{t.header}'), its score columns were taken as the "
                                            f"title's years oldest first ({order})", area=no)]
    return v, []


def _total(t: SummaryTable, i: int, col: TableColumn, scores: dict[int, float]) -> tuple[float | None, list[Issue]]:
    """Sum of the eight area scores when all were read; else the printed
    total (with a warning) or null: a total never pretends."""
    printed = t.total.values[i] if t.total is not None and t.total.values is not None else None
    if len(scores) == AREAS:
        total = sum(scores.values())
        if printed is not None and abs(printed - total) > 1e-9:
            return total, [warning("grand_total", f"printed total {printed:g} in {t.label} differs from the sum of "
                                                  f"the areas {total:g}", total=True)]
        if printed is None and t.total is not None:
            return total, [note("total_unreadable", f"the printed row '{_printed(t.total)}' of {t.label} is garbled "
                                                    f"in this source; the total is the sum of the 8 area scores",
                                total=True)]
        return total, []
    if printed is not None and printed <= TOTAL_MAX:
        inferred = " (from a column whose year is inferred)" if col.inferred else ""
        return printed, [warning("total_printed_only", f"only {len(scores)} of {AREAS} area scores could be read; "
                                                       f"the total is the printed {printed:g} of {t.label}{inferred}",
                                 total=True)]
    return None, [warning("total_missing", f"only {len(scores)} of {AREAS} area scores could be read and the printed "
                                           f"total is {'garbled' if t.total is not None else 'absent'}; no total",
                          total=True)]


def assemble_table(t: SummaryTable, book: str | None, sha256: str,
                   reader_notes: list[str]) -> tuple[list[ReportRows], list[ReferenceScoreRow]]:
    """The reports of one summary table (one per score column, in the order
    the title prints the years) and its reference values."""
    rev, common = _revision(t)
    placed, row_issues = place_rows(t, rev)
    common += row_issues
    name, code = municipalities.resolve_candidates([t.municipality], t.municipality)
    if code is None:
        common.append(warning("municipality_unknown", f"municipality {name!r} (title of {t.label}) not found in the "
                                                      f"SCB table"))
    where = f"{t.label} of the compilation '{book}'" if book else t.label
    common.append(note("compilation", f"only area scores exist: read from {where} ('{t.title[:160]}'); no "
                                      f"sub-questions or findings"))
    common += [note("reader", n) for n in reader_notes]

    score_cols = [(i, c) for i, c in enumerate(t.columns) if c.statistic is None]
    printed_order = {y: k for k, y in enumerate(t.years)}
    score_cols.sort(key=lambda ic: (printed_order.get(ic[1].year, len(printed_order)), ic[0]))
    reports: list[ReportRows] = []
    for i, col in score_cols:
        rid = report_id_of(code, name, col.year, sha256)
        issues = list(common)
        areas: list[AreaScoreRow] = []
        scores: dict[int, float] = {}
        for no in range(1, AREAS + 1):
            r = placed.get(no)
            if r is None:
                issues.append(warning("area_missing", f"no row for it in {t.label}", area=no))
                continue
            v, said = _cell(t, r, i, col, no)
            issues += said
            if v is not None:
                scores[no] = v
            areas.append(AreaScoreRow(report_id=rid, area_no=no, area_name=r.name, heading_name=None, score=v,
                                      max=AREA_MAX, percent=None, header_score=None))
        total, said = _total(t, i, col, scores)
        issues += said
        report = ReportRow(report_id=rid, municipality=name, municipality_code=code, year=col.year,
                           month=t.months.get(col.year), revision=rev, evaluators=[],
                           total_score=total, total_max=TOTAL_MAX, primary_source="",
                           status=str(Status.WARNING if has_warning(issues) else Status.OK),
                           issues=[x.text for x in issues], source_sha256=sha256, source_kind=KIND)
        reports.append(ReportRows(report, areas, [], [], issues))
    return reports, references(t, rev, placed, reports)


def references(t: SummaryTable, rev: str, placed: dict[int, SummaryRow],
               reports: list[ReportRows]) -> list[ReferenceScoreRow]:
    """The reference columns' readable values, linked to the evaluation they
    are printed beside (in a comparison table, the later one). A garbled cell
    gives no row; its area's warning is on the report already."""
    if not reports:
        return []
    beside = max(reports, key=lambda rr: rr.report.year or 0)
    year = beside.report.year
    inferred = any(c.inferred for c in t.columns)
    out = []
    for j, col in enumerate(t.columns):
        if col.statistic is None:
            continue
        for no in sorted(placed):
            r = placed[no]
            v = r.values[j] if r.values is not None else None
            if v is None:
                continue
            if v > AREA_MAX:
                beside.add_issue(warning("reference_out_of_range", f"the {col.statistic} printed as {v:g} in "
                                                                    f"{t.label} exceeds {AREA_MAX:g}; not used", area=no))
                continue
            out.append(ReferenceScoreRow(source_path="", report_id=beside.report.report_id, table=t.label, year=year,
                                         revision=rev, area_no=no, area_name=r.name, statistic=col.statistic,
                                         value=v, population=t.population, columns_inferred=inferred, page=r.page))
    return out
