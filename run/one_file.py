"""Reads and parses one input file; everything that can go wrong with one
file ends here as a status and a message naming the file, never as an
exception reaching the run."""
from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from extract import format_of, read_document
from extract.errors import ReadError
from parsers.records import NotAnEvaluation, ParsedReport, ParseError


@dataclass
class FileResult:
    sha256: str
    format: str | None
    extraction: str | None
    status: str  # parsed | no_evaluation | skipped | failed
    message: str | None = None
    report: ParsedReport | None = None
    pages: int | None = None
    seconds: float = 0.0
    reader_notes: list[str] = field(default_factory=list)
    document_date: str | None = None


def process(path: Path, name: str, sha256: str) -> FileResult:
    t0 = time.perf_counter()
    fmt = format_of(path)
    if fmt is None:
        return FileResult(sha256, None, None, "skipped",
                          f"{name}: not a supported input type ({path.suffix or 'no extension'}); "
                          "accepted: .pdf, .docx, .txt, .md, .html")
    extraction = None
    pages = None
    try:
        doc = read_document(path)
        extraction, pages = doc.extraction, doc.page_count
        if not doc.blocks:
            raise NotAnEvaluation("no text could be read from the file")
        from parsers.registry import parse
        report = parse(doc)
        status, message = "parsed", None
    except NotAnEvaluation as e:
        report, status, message = None, "no_evaluation", f"{name}: {e}"
    except (ReadError, ParseError) as e:
        report, status, message = None, "failed", f"{name}: {e}" if name not in str(e) else str(e)
    except Exception as e:  # a bug or a library failure on this file must not stop the run
        where = traceback.extract_tb(e.__traceback__)[-1]
        report, status = None, "failed"
        message = (f"{name}: could not be read ({type(e).__name__}: {e}) "
                   f"[at {Path(where.filename).name}:{where.lineno}]")
    res = FileResult(sha256, fmt, extraction, status, message, report, pages)
    if status == "parsed":
        res.reader_notes = list(doc.notes)
        res.document_date = doc.date
    res.seconds = round(time.perf_counter() - t0, 3)
    return res
