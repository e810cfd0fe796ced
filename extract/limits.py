"""How much a file may make a reader hold or inflate. A hostile or broken
file must fail fast with a message naming the limit, before a library
inflates it: the worker's memory limit is the backstop, these are the
reasons a steward can act on.

Each limit is far above what a real report needs (a report's text export is
well under 1 MB, its DOCX parts a few MB, a page's drawing instructions a few
MB at most)."""
from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass

from .errors import ReadError

MB = 1 << 20


@dataclass(frozen=True, slots=True)
class InputLimits:
    text_bytes: int = 32 * MB  # a text export larger than this is not a report's text
    docx_inflated: int = 256 * MB  # all parts of a DOCX, uncompressed
    docx_part: int = 128 * MB  # one part, uncompressed
    page_content: int = 128 * MB  # one PDF page's content streams, inflated
    # Only streams at least this large (compressed) are measured: a bomb is
    # large even compressed (a 1 GB stream deflates to a few MB), normal
    # pages never pay for the check.
    content_measured_from: int = 256 * 1024


LIMITS = InputLimits()


def check_text_size(size: int, limits: InputLimits = LIMITS) -> None:
    if size > limits.text_bytes:
        raise ReadError(f"{size / MB:.0f} MB is too large for a text export of a report "
                        f"(the limit is {limits.text_bytes // MB} MB)")


def check_zip(path, limits: InputLimits = LIMITS) -> None:
    """Refuse a zip (DOCX) whose parts inflate past the limits, before any is read."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        raise ReadError(f"not a DOCX: the zip archive cannot be read ({e})") from e
    total = 0
    for info in infos:
        if info.file_size > limits.docx_part:
            raise ReadError(f"the DOCX part {info.filename} inflates to {info.file_size / MB:.0f} MB "
                            f"(more than {limits.docx_part // MB} MB: a zip bomb or a damaged file)")
        total += info.file_size
    if total > limits.docx_inflated:
        raise ReadError(f"the DOCX inflates to {total / MB:.0f} MB (more than {limits.docx_inflated // MB} MB: "
                        f"a zip bomb or a damaged file)")


def check_page_content(doc, page, page_no: int, limits: InputLimits = LIMITS) -> None:
    """Refuse a PDF page whose content streams inflate past the limit, measured
    by inflating (only) the large ones in bounded steps, before MuPDF parses
    them."""
    budget = limits.page_content
    for xref in page.get_contents():
        try:
            raw = doc.xref_stream_raw(xref)
        except Exception:
            continue  # MuPDF will say what is wrong with it
        if raw is None or len(raw) < limits.content_measured_from:
            continue
        if "FlateDecode" not in (doc.xref_get_key(xref, "Filter")[1] or ""):
            budget -= len(raw)
        else:
            budget -= _inflated_size(raw, budget + 1)
        if budget < 0:
            raise ReadError(f"page {page_no}: its drawing instructions inflate to more than "
                            f"{limits.page_content // MB} MB (a decompression bomb or a damaged file)")


def _inflated_size(raw: bytes, cap: int) -> int:
    """How many bytes `raw` inflates to, counting no further than `cap`."""
    d = zlib.decompressobj()
    size = 0
    data = raw
    try:
        while data and size < cap:
            out = d.decompress(data, 4 * MB)
            size += len(out)
            data = d.unconsumed_tail
    except zlib.error:
        pass  # a broken stream: MuPDF decides what it can read
    return size
