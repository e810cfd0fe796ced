"""The QA page's pictures of the pages a report's rows were read from: drawn
for the primary reading of each PDF evaluation only (a duplicate's pictures
would never be shown), in isolated workers under the file's limits, and
cached by what they depend on (the PDF's bytes and the marks), so a rerun or a
new file in an unchanged batch draws nothing twice."""
from __future__ import annotations

from pathlib import Path

from qa.images import Result, cache_key, marks_for, page_images
from store.cache import image_cache

from .isolate import Limits, run_isolated

# Drawing a few pages at 70 dpi takes well under a second; a page that takes
# longer is hostile (an image drawn 100,000 times).
SECONDS = 60.0


def _draw(path: Path, marks, _key: str) -> Result:
    return page_images(path, marks, name="the PDF")


def draw_pictures(corpus, files: dict, out: Path, workers: int, memory_mb: int) -> None:
    """Fill corpus.images (report_id -> Result) for every primary PDF report."""
    cache = image_cache(out)
    jobs, keys = [], {}
    for rows in corpus.reports:
        src = files.get(rows.report.primary_source)
        if src is None or src.path.suffix.lower() != ".pdf":
            continue
        marks = marks_for(rows.subquestions, rows.findings)
        if not marks:
            continue
        key = cache_key(src.sha256, marks)
        keys[rows.report.report_id] = key
        hit = cache.get(key)
        if hit is not None:
            corpus.images[rows.report.report_id] = hit
        else:
            jobs.append((src.path, marks, key, rows.report.report_id))
    by_key = {}
    for job, outcome in run_isolated(lambda p, m, k, _rid: _draw(p, m, k), jobs, workers,
                                     lambda job: Limits(seconds=SECONDS, memory_mb=memory_mb)):
        path, _marks, key, rid = job
        if outcome.failure is None:
            result = outcome.value
            cache.put(key, result)
        else:
            result = Result(error=f"the page pictures were not drawn: {outcome.failure}")
        by_key[key] = result
        corpus.images[rid] = result
    cache.keep_only(keys.values())
