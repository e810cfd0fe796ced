"""Readers: one per file format, all producing the block model of model.py."""
from __future__ import annotations

import sys
from pathlib import Path

# PyMuPDF 2.0 imports its optional add-ons whenever they are installed: the ML
# layout model (an ONNX model, ~1 s to load; it only serves page.get_layout())
# and pymupdf4llm (~0.2 s; only serves to_markdown()). No reader here calls
# either, so keep them out of every process; PyMuPDF treats them as absent.
sys.modules.setdefault("pymupdf.layout", None)
sys.modules.setdefault("pymupdf4llm", None)

FORMATS = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text", ".markdown": "text",
           ".html": "text", ".htm": "text"}


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def read_document(path: Path, pictures: bool = False):
    """`pictures`: also OCR PDF pages that are mostly a picture with little
    text (a table pasted as an image); a second reading, asked for when the
    first found nothing to read in them."""
    fmt = format_of(path)
    if fmt == "pdf":
        from .pdf.read import DEFAULT_SETTINGS, read_pdf
        if pictures:
            from dataclasses import replace
            return read_pdf(path, replace(DEFAULT_SETTINGS, ocr_picture_pages=True))
        return read_pdf(path)
    if fmt == "docx":
        from .docx import read_docx
        return read_docx(path)
    if fmt == "text":
        from .text import read_text
        return read_text(path)
    raise ValueError(f"unsupported file type {path.suffix!r}")


def preload(formats: set[str]) -> None:
    """Import the readers (and the libraries behind them) a run will need, so
    forked workers inherit them instead of importing them once per file."""
    from . import text  # noqa: F401
    if "pdf" in formats:
        from . import pdf  # noqa: F401
    if "docx" in formats:
        from . import docx  # noqa: F401
