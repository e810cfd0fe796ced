"""What the corpus shows beside its tables, drawn in isolated workers under a
time and memory limit, side by side on both cores: the QA page's pictures of
the pages a report's rows were read from, and the kompassros plots.

Page pictures are drawn for the primary reading of each PDF evaluation only
(a duplicate's would never be shown) and cached by what they depend on (the
PDF's bytes and the marks), so a rerun or a new file in an unchanged batch
draws nothing twice; the plots keep their own cache (release/plots.py). The
main process never imports matplotlib."""
from __future__ import annotations

from pathlib import Path

from qa.images import Result, cache_key, marks_for, page_images
from store.cache import image_cache

from .isolate import Limits, run_isolated

# Drawing a few pages at 70 dpi, or a few plots, takes well under a second
# each; a job that takes this long is hostile (an image drawn 100,000 times).
SECONDS = 120.0
_AREA_COLUMNS = ["report_id", "area_no", "area_name", "score", "max"]


def _job(kind: str, *args):
    if kind == "plots":
        from release.plots import kompassros_files
        reports, areas, cache = args
        return kompassros_files(reports, areas, cache=cache)
    path, marks, _key, _rid = args
    return page_images(path, marks, name="the PDF")


def draw(corpus, tables: dict, files: dict, out: Path, workers: int, memory_mb: int) -> dict[str, bytes]:
    """Fill corpus.images (report_id -> qa.images.Result) for every primary
    PDF report; return the plots ({plots/<report_id>.svg: bytes})."""
    cache = image_cache(out)
    reports = tables["reports"].to_pylist()
    jobs: list[tuple] = [("plots", reports, tables["area_scores"].select(_AREA_COLUMNS).to_pylist(),
                          out / ".cache" / "plots")] if reports else []
    keys = []
    for rows in corpus.reports:
        src = files.get(rows.report.primary_source)
        if src is None or src.path.suffix.lower() != ".pdf":
            continue
        marks = marks_for(rows.subquestions, rows.findings)
        if not marks:
            continue
        key = cache_key(src.sha256, marks)
        keys.append(key)
        hit = cache.get(key)
        if hit is not None:
            corpus.images[rows.report.report_id] = hit
        else:
            jobs.append(("images", src.path, marks, key, rows.report.report_id))
    plots: dict[str, bytes] = {}
    for job, outcome in run_isolated(_job, jobs, workers, lambda job: Limits(seconds=SECONDS, memory_mb=memory_mb)):
        if job[0] == "plots":
            if outcome.failure is not None:
                raise RuntimeError(f"the kompassros plots could not be drawn: {outcome.failure}")
            plots = outcome.value
            continue
        _kind, _path, _marks, key, rid = job
        if outcome.failure is None:
            result = outcome.value
            cache.put(key, result)
        else:
            result = Result(error=f"the page pictures were not drawn: {outcome.failure}")
        corpus.images[rid] = result
    cache.keep_only(keys)
    return plots
