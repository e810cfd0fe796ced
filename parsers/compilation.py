"""The parser of compilation books: SKL's "Fem intressanta kommuner" (2003-2011)
and the like, which print, for each prize-nominated municipality, a summary
table of its area scores beside the median of all evaluated municipalities:

    Tabell 1 Stockholms stad 2009 i förhållande till Kommunkompassens huvudområden. ...
    Områden Stockholm Median
    Offentlighet, öppenhet och demokratisk kontroll 74 60,5
    ...
    Totalt 602 476,4

It reads the document as one text stream (every block's text joined,
whitespace collapsed, each offset knowing its page where the reader knew it),
anchored on the table title, the column header ("Områden ..."), the area rows
(a name, then its numbers) and "Totalt", so it does not depend on how a reader
broke the book into blocks or lines. Area names pass through as printed;
normalize/ matches them to the catalogue.

Columns are assigned to years from what is printed: year headings; or one
column headed by the municipality's name under a title with one year; or,
where the transcript lost the headings ("Områden Median"), the title's years
in chronological order before the reference column, flagged as inferred. A
row whose count of cells differs from the columns is kept without values:
nothing is guessed.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from extract.model import Document

from . import vocabulary as V
from .records import ParsedCompilation, SummaryRow, SummaryTable, TableColumn, UnreadableEvaluation
from .skeleton import Skeleton

_YEAR = r"(?:19|20)\d\d"
_TITLE = re.compile(
    rf"\b(?P<label>(?i:Tabell)\s+\d{{1,2}})\s*[:.–-]?\s+"
    rf"(?P<name>[A-ZÅÄÖ][^\d.:;()]{{1,60}}?)\s+"
    rf"(?:(?i:resultat|poäng)\s+)?(?:år\s+)?"
    rf"(?P<years>{_YEAR}(?:\s*(?:,|och|samt|jämfört\s+med|i\s+jämförelse\s+med)\s*{_YEAR})*\s+)?"
    r"(?i:i\s+förhållande\s+till\s+Kommunkompassens\s+huvud[\s\-]*områden)")
_HEADER = re.compile(r"\bOmråden\b")
_YEAR_TOKEN = re.compile(rf"^{_YEAR}$")
# A printed cell: a score or median ("74", "78,5"), or what is left of one
# whose digits were lost (",5", "87,").
_CELL = re.compile(r"^(?:\d{1,3}(?:[,.]\d{1,2})?|[,.]\d{1,2}|\d{1,3}[,.])$")
_WHOLE = re.compile(r"^\d{1,3}(?:[,.]\d{1,2})?$")
_STATISTICS = {"median": "median", "medianvärde": "median", "medel": "mean", "medelvärde": "mean",
               "genomsnitt": "mean"}
_TOTAL_WORDS = {"totalt", "total", "summa", "totalpoäng"}
_POPULATION = re.compile(r"(?i)(?:median|medel)värde\w*\s+(?:för|av|bland)\s+(?P<pop>[^.()]{3,100}?)\s*(?:[.(]|$)")
_EVALUATION = re.compile(
    r"Utvärdering(?:en)?\s+av\s+(?P<name>[^.]{2,60}?)\s+(?:genomfördes|gjordes|utfördes|ägde\s+rum)\s+"
    rf"(?P<when>[^.]{{0,40}}?)(?P<year>{_YEAR})")

HEADER_WINDOW = 300  # characters between a title and its "Områden" header
POPULATION_WINDOW = 600  # characters after a table where the reference column is described
CHAPTER_WINDOW = 8000  # characters before a table where its evaluation sentence may stand
MAX_ROWS = 8  # area rows; then only a total row
MAX_NAME_WORDS = 12


@dataclass(frozen=True, slots=True)
class TextStream:
    """The document's text as one string; `starts[i]` is where the i-th
    piece (a block, or a table row) begins, `pages[i]` its page."""
    text: str
    starts: tuple[int, ...]
    pages: tuple[int | None, ...]

    def page_at(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        return self.pages[i] if i >= 0 else None


def text_stream(doc: Document) -> TextStream:
    parts: list[str] = []
    starts: list[int] = []
    pages: list[int | None] = []
    pos = 0
    for b in doc.blocks:
        pieces = [(" ".join(r.texts), r.page or b.page) for r in b.rows] if b.kind == "table" else [(b.text, b.page)]
        for text, page in pieces:
            text = " ".join(text.split())
            if text:
                parts.append(text)
                starts.append(pos)
                pages.append(page)
                pos += len(text) + 1
    return TextStream(" ".join(parts), tuple(starts), tuple(pages))


@dataclass(slots=True)
class CompilationRecognition:
    tables: list[SummaryTable]  # read once by recognise, reused by parse


class CompilationParser:
    """Takes a document that prints at least one municipality's summary table
    ("Tabell N <municipality> <year> i förhållande till Kommunkompassens
    huvudområden"); a municipality's own report is taken by ReportParser first."""

    kind = "compilation"

    def recognise(self, doc: Document, sk: Skeleton) -> CompilationRecognition | None:
        tables = read_tables(text_stream(doc))
        return CompilationRecognition(tables) if tables else None

    def parse(self, doc: Document, seen: CompilationRecognition) -> ParsedCompilation:
        if not any(t.columns for t in seen.tables):
            raise UnreadableEvaluation(
                "a compilation of Kommunkompassen results, but no summary table could be read: " + "; ".join(
                    f"{t.label} ('{t.title[:80]}'): {t.problem}" for t in seen.tables))
        return ParsedCompilation(title=book_title(doc), tables=seen.tables)


def book_title(doc: Document) -> str | None:
    if doc.title:
        return doc.title
    first = next((b.lines[0].strip() for b in doc.blocks if b.kind != "table" and b.lines and b.lines[0].strip()),
                 None)
    return first[:100] if first else None


def read_tables(stream: TextStream) -> list[SummaryTable]:
    tables: list[SummaryTable] = []
    prev_end = 0
    titles = list(_TITLE.finditer(stream.text))
    for k, m in enumerate(titles):
        limit = titles[k + 1].start() if k + 1 < len(titles) else len(stream.text)
        table, end = read_table(stream, m, prev_end, limit)
        tables.append(table)
        prev_end = end
    # A title without its table that is printed again later with one (a list
    # of tables, a reference in the text) is not a table of its own.
    read = {(t.label, t.title) for t in tables if not t.problem}
    return [t for t in tables if not (t.problem and not t.header and (t.label, t.title) in read)]


def read_table(stream: TextStream, m: re.Match, prev_end: int, limit: int) -> tuple[SummaryTable, int]:
    """One table from its title match; nothing of it lies at or after
    `limit` (the next table's title)."""
    text = stream.text[:limit]
    name = m.group("name").strip()
    name = re.sub(r"\s+(?i:resultat|poäng)$", "", name)
    years = [int(y) for y in re.findall(_YEAR, m.group("years") or "")]
    table = SummaryTable(label=" ".join(m.group("label").split()), title=text[m.end("label"):m.end()].strip(" :.–-"),
                         municipality=name, years=years, columns=[], page=stream.page_at(m.start()))
    table.months = _months(text[max(prev_end, m.start() - CHAPTER_WINDOW):m.start()], name, years)
    h = _HEADER.search(text, m.end(), m.end() + HEADER_WINDOW)
    if h is None:
        table.problem = f"no column header ('Områden ...') within {HEADER_WINDOW} characters after its title"
        return table, m.end()
    tokens = list(re.finditer(r"\S+", text[h.end():]))
    header, k = _header_tokens(tokens, name)
    table.header = " ".join(["Områden", *header])
    columns, problem = assign_columns(header, years)
    table.columns, table.problem = columns, problem
    body_start = h.end() + (tokens[k].start() if k < len(tokens) else len(text) - h.end())
    rows, total, body_end = _rows(stream, body_start, limit, len(columns) if columns else None)
    table.rows, table.total = rows, total
    if not rows and not table.problem:
        table.problem = "no area row after its column header"
    if any(c.statistic for c in columns):
        p = _POPULATION.search(text, body_end, body_end + POPULATION_WINDOW)
        table.population = " ".join(p.group("pop").split()) if p else None
    return table, body_end


def _months(chapter: str, name: str, years: list[int]) -> dict[int, int]:
    """'Utvärdering av Södertälje kommun genomfördes i november 2008' in the
    municipality's chapter: the month of that year's evaluation."""
    out: dict[int, int] = {}
    stem = _stem(name.split()[0])
    for e in _EVALUATION.finditer(chapter):
        year = int(e.group("year"))
        words = e.group("name").split()
        if year in years and words and _stem(words[0]) == stem:
            month = next((n for w, n in V.MONTHS.items() if re.search(rf"(?i)\b{w}\b", e.group("when"))), None)
            if month:
                out[year] = month
    return out


def _stem(word: str) -> str:
    w = word.casefold().strip(",;:")
    return w[:-1] if w.endswith("s") else w


def _header_tokens(tokens: list[re.Match], name: str) -> tuple[list[str], int]:
    """The column headings after 'Områden': years, words of the municipality's
    name ("Stockholm" for "Stockholms stad") and statistics ("Median"); the
    first other word starts the first area row."""
    name_words = {_stem(w) for w in name.split()}
    out = []
    k = 0
    while k < len(tokens):
        tok = tokens[k].group()
        if _YEAR_TOKEN.match(tok) or _stem(tok) in name_words or tok.casefold() in _STATISTICS:
            out.append(tok)
            k += 1
        else:
            break
    return out, k


def assign_columns(header: list[str], years: list[int]) -> tuple[list[TableColumn], str | None]:
    """The value columns of a table from its printed headings and its title's
    years; ([], why) when they cannot be assigned to years."""
    columns: list[TableColumn] = []
    pending: list[str] = []
    for tok in header:
        stat = _STATISTICS.get(tok.casefold())
        if _YEAR_TOKEN.match(tok):
            columns.append(TableColumn(" ".join([*pending, tok]), year=int(tok)))
            pending = []
        elif stat:
            if pending:
                columns.append(TableColumn(" ".join(pending)))
                pending = []
            columns.append(TableColumn(tok, statistic=stat))
        else:
            pending.append(tok)
    if pending:
        columns.append(TableColumn(" ".join(pending)))
    scores = [c for c in columns if c.statistic is None]
    stats = [c for c in columns if c.statistic is not None]
    if scores and all(c.year is not None for c in scores):
        return columns, None
    if len(scores) == 1 and len(set(years)) == 1:
        scores[0].year = years[0]
        return columns, None
    if not scores and years:
        # The headings of the score columns are lost (a transcript drops
        # numbers, and year headings are numbers): the title's years, oldest
        # first, stand before the reference column(s) as printed.
        return [TableColumn(None, year=y, inferred=True) for y in sorted(set(years))] + stats, None
    if not years and not any(c.year for c in scores):
        return [], "neither its title nor its column header names a year"
    headings = ", ".join(f"'{c.heading}'" for c in scores) or "none"
    return [], (f"its score column(s) ({headings}) cannot be assigned to the title's year(s) "
                f"{', '.join(map(str, years)) or '(none)'}")


def _rows(stream: TextStream, start: int, limit: int,
          n_columns: int | None) -> tuple[list[SummaryRow], SummaryRow | None, int]:
    """Area rows ("<name> <cells>") from `start` up to the total row, or to
    where prose begins; returns (rows, total row, end offset)."""
    text = stream.text[:limit]
    rows: list[SummaryRow] = []
    name: list[str] = []
    cells: list[str] = []
    row_start = end = start
    for m in re.finditer(r"\S+", text[start:]):
        tok, at = m.group(), start + m.start()
        if _CELL.match(tok):
            if not name and not cells:
                row_start = at
            cells.append(tok)
            end = start + m.end()
            continue
        if cells or _is_total(name):
            row = _row(name, cells, n_columns, stream.page_at(row_start))
            name, cells = [], []
            if _is_total(row.name.split()):
                return rows, row, end
            rows.append(row)
        if tok.endswith((".", "?", "!", ":")) or len(rows) >= MAX_ROWS and tok.casefold() not in _TOTAL_WORDS:
            return rows, None, end
        if not name:
            row_start = at
        name.append(tok)
        if len(name) > MAX_NAME_WORDS:
            return rows, None, end
    if cells:
        row = _row(name, cells, n_columns, stream.page_at(row_start))
        if _is_total(row.name.split()):
            return rows, row, end
        rows.append(row)
    return rows, None, end


def _is_total(words: list[str]) -> bool:
    return len(words) == 1 and words[0].casefold().rstrip(":") in _TOTAL_WORDS


def _row(name: list[str], cells: list[str], n_columns: int | None, page: int | None) -> SummaryRow:
    values = None
    if n_columns is not None and len(cells) == n_columns:
        values = [float(c.replace(",", ".")) if _WHOLE.match(c) else None for c in cells]
    return SummaryRow(" ".join(name), list(cells), values, page)
