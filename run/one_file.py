"""Reads, parses and assembles one input file (in a worker process);
everything that can go wrong with one file ends here as an outcome and a
message, never as an exception reaching the run.

A result depends on the file's bytes only (it is cached by their hash and
served for any byte-identical copy), so nothing here knows the file's name:
the run puts the name in front of the message and into the rows.
"""
from __future__ import annotations

import sys
import time
import traceback
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from extract import format_of, read_document
from extract.errors import ReadError
from normalize.assemble import ReportRows, assemble
from normalize.compilation import CompilationRows, assemble_compilation
from parsers.records import NotAnEvaluation, ParsedCompilation, UnreadableEvaluation
from store.schema import Status


# Set by the run when a terminal watches it (not --quiet): a scanned file
# shows a line per OCR'd page while it is read (OCR takes seconds a page).
OCR_PROGRESS = False


def _ocr_line(name: str):
    def show(done: int, total: int) -> None:
        end = "\r\x1b[K" if done == total else ""
        sys.stderr.write(f"\r\x1b[K  OCR {name}: page {done}/{total}{end}")
        sys.stderr.flush()
    return show


class Outcome(str, Enum):
    """What became of one file in its worker (the run turns PARSED into the
    report's own status, or duplicate)."""
    PARSED = "parsed"
    NO_EVALUATION = Status.NO_EVALUATION.value
    SKIPPED = Status.SKIPPED.value
    FAILED = Status.FAILED.value

    def __str__(self) -> str:
        return self.value


@dataclass
class FileResult:
    sha256: str
    format: str | None
    extraction: str | None
    outcome: Outcome
    message: str | None = None
    rows: ReportRows | None = None  # a municipality's own report
    compilation: CompilationRows | None = None  # a compilation: several evaluations and reference values
    pages: int | None = None
    seconds: float = 0.0
    reader_notes: list[str] = field(default_factory=list)  # what the reader worked around (OCR'd pages)
    document_date: str | None = None
    detail: str | None = None  # where in the code a failure happened (for --log-json, not for stewards)


def failed(fmt: str | None, why: str) -> FileResult:
    return FileResult("", fmt, None, Outcome.FAILED, why)


def skipped(why: str) -> FileResult:
    return FileResult("", None, None, Outcome.SKIPPED, f"skipped: {why}")


def _without_name(message: str, path: Path) -> str:
    """Readers name the file they fail on; the run names it once, itself."""
    for prefix in (f"{path}: ", f"{path.name}: "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def _with_pictures_ocrd(path: Path, parse, vocabulary):
    """(document, parsed) read with picture pages OCR'd, or None when that
    reads nothing new (no such page, no OCR here, still no scores)."""
    try:
        doc = read_document(path, pictures=True)
        if doc.extraction != "ocr":
            return None  # no picture page
        return doc, parse(doc, vocabulary=vocabulary)
    except (UnreadableEvaluation, NotAnEvaluation, ReadError):
        return None


def process(path: Path, sha256: str) -> FileResult:
    t0 = time.perf_counter()
    fmt = format_of(path)
    if fmt is None:
        return FileResult(sha256, None, None, Outcome.SKIPPED,
                          f"not a supported input type ({path.suffix or 'no extension'}); "
                          "accepted: .pdf, .docx, .txt, .md, .html")
    extraction = pages = None
    notes: list[str] = []
    date = None
    rows = compilation = None
    detail = None
    if OCR_PROGRESS and fmt == "pdf":
        from extract.pdf.ocr import set_progress
        set_progress(_ocr_line(path.name))
    try:
        doc = read_document(path)
        extraction, pages, notes, date = doc.extraction, doc.page_count, list(doc.notes), doc.date
        if not doc.blocks:
            raise ReadError("no text could be read from the file (no text layer, and OCR found none)")
        from normalize.vocabulary import VOCABULARY
        from parsers.registry import parse
        try:
            parsed = parse(doc, vocabulary=VOCABULARY)
        except UnreadableEvaluation:
            if fmt != "pdf" or doc.extraction != "pdf-text":
                raise  # (a scan was OCR'd whole already: reading it again finds nothing new)
            # an evaluation whose scores were not found: they may be printed
            # as a picture (a table pasted as an image); read again with such
            # pages OCR'd, and keep the first answer if that finds nothing
            again = _with_pictures_ocrd(path, parse, VOCABULARY)
            if again is None:
                raise
            doc, parsed = again
            extraction, notes = doc.extraction, list(doc.notes) + [
                "the scores are printed as a picture: pages that are mostly a picture were OCR'd"]
        if isinstance(parsed, ParsedCompilation):
            compilation = assemble_compilation(parsed, sha256, notes)
        else:
            rows = assemble(parsed, sha256, notes)
        outcome, message = Outcome.PARSED, None
    except NotAnEvaluation as e:
        outcome, message = Outcome.NO_EVALUATION, str(e)
    except UnreadableEvaluation as e:
        outcome, message = Outcome.FAILED, str(e)
    except ReadError as e:
        outcome, message = Outcome.FAILED, _without_name(str(e), path)
    except MemoryError:
        raise  # the worker reports it as the memory limit
    except Exception as e:  # a bug or a library failure on this file must not stop the run
        where = traceback.extract_tb(e.__traceback__)[-1]
        outcome = Outcome.FAILED
        message = f"could not be read: {e or type(e).__name__}"
        detail = f"{type(e).__name__} at {Path(where.filename).name}:{where.lineno}"
    return FileResult(sha256, fmt, extraction, outcome, message, rows, compilation, pages,
                      round(time.perf_counter() - t0, 3), notes, date, detail)
