"""How long and how much memory one file may take before its worker is
killed. Decided in the main process without opening the file with a PDF
library (a hostile file could hang the run there): pages are estimated from
the raw bytes."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from .isolate import Limits

# Seconds every file gets, and seconds per (estimated) PDF page: a scanned
# page costs seconds of OCR. KK_FILE_TIMEOUT / KK_PAGE_TIMEOUT override.
BASE_SECONDS = 120.0
PAGE_SECONDS = 20.0
# A time limit never grows past this, whatever a file claims to hold.
MAX_SECONDS = 3600.0
# An image-only page is rarely under this many bytes: a scan's page count is
# at least its size over this, even when its page objects are compressed.
BYTES_PER_SCANNED_PAGE = 60_000
# Read at most this much of a file to count its page objects.
SCAN_BYTES = 64 << 20
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@lru_cache(maxsize=4096)  # asked for the time limit and for the order of work
def estimate_pages(path: Path) -> int:
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            data = fh.read(SCAN_BYTES)
    except OSError:
        return 0
    return max(len(_PAGE_OBJECT.findall(data)), size // BYTES_PER_SCANNED_PAGE)


def time_limit(path: Path, memory_mb: int) -> Limits:
    base = float(os.environ.get("KK_FILE_TIMEOUT", BASE_SECONDS))
    seconds = base
    if path.suffix.lower() == ".pdf":
        per_page = float(os.environ.get("KK_PAGE_TIMEOUT", PAGE_SECONDS))
        seconds = min(max(base, MAX_SECONDS), base + per_page * estimate_pages(path))
    return Limits(seconds=seconds, memory_mb=memory_mb)
