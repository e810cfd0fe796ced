"""What the corpus shows beside its tables: the QA page's pictures of the
pages a report's rows were read from, drawn in isolated workers under a time
and memory limit (MuPDF renders the PDF), and the kompassros plots (SVG text
written from the tables' numbers, in the run's own process).

Page pictures are drawn for the primary reading of each PDF evaluation only
(a duplicate's would never be shown) and cached by what they depend on (the
PDF's bytes and the marks), so a rerun or a new file in an unchanged batch
draws nothing twice; the plots keep their own cache (release/plots.py). The
main process never imports matplotlib.

Pictures are drawn by the workers that read the batch (`Ahead`): when a
reading is the best so far of its evaluation (normalize.dedup's own order),
a job drawing its pictures is queued behind the files still to read, and a
job queued for a reading it betters is withdrawn if not started. The cores
stay busy to the end, a batch of distinct reports draws nothing after its
last file is read, and copies of one report read side by side do not each
get drawn (which, drawn at once, they did). Once every file is read, `draw`
finds the pictures in the cache and draws only what a failed job left."""
from __future__ import annotations

from collections import deque
from contextlib import closing
from pathlib import Path

from normalize.dedup import Candidate, primary_key
from qa.images import Result, cache_key, marks_for, page_images
from store.cache import image_cache

from .files import InputFile
from .isolate import Limits, Outcome, run_isolated
from .one_file import FileResult

# Drawing a few pages at 70 dpi takes well under a second; a job that takes
# this long is hostile (an image drawn 100,000 times).
SECONDS = 120.0
_AREA_COLUMNS = ["report_id", "area_no", "area_name", "score", "max"]


def work(kind: str, *args):
    """One drawing job in a worker: ("images", pdf path, marks, cache key, report_id)."""
    path, marks, _key, _rid = args
    return page_images(path, marks, name="the PDF")


def _pictures_of(src: InputFile | None, rows) -> tuple[str, tuple] | None:
    """(cache key, drawing job) of a reading's page pictures; None for a
    reading that is no PDF or whose rows name no page."""
    if src is None or src.path.suffix.lower() != ".pdf":
        return None
    marks = marks_for(rows.subquestions, rows.findings)
    if not marks:
        return None
    key = cache_key(src.sha256, marks)
    return key, ("images", src.path, marks, key, rows.report.report_id)


def draw(corpus, tables: dict, files: dict, out: Path, workers: int, memory_mb: int,
         drawn: dict | None = None) -> dict[str, bytes]:
    """Fill corpus.images (report_id -> qa.images.Result) for every primary
    PDF report; return the plots ({plots/<report_id>.svg: bytes}). `drawn`:
    pictures drawn during the run (Ahead.drawn), by cache key."""
    cache = image_cache(out)
    reports = tables["reports"].to_pylist()
    # The plots are SVG text written from the tables' own numbers (release/rose.py,
    # a millisecond each): drawn here, with their own cache.
    from release.plots import kompassros_files
    plots = kompassros_files(reports, tables["area_scores"].select(_AREA_COLUMNS).to_pylist(),
                             cache=out / ".cache" / "plots") if reports else {}
    jobs: list[tuple] = []
    keys = []
    for rows in corpus.reports:
        pictures = _pictures_of(files.get(rows.report.primary_source), rows)
        if pictures is None:
            continue
        key, job = pictures
        keys.append(key)
        hit = (drawn or {}).get(key) or cache.get(key)
        if hit is not None:
            corpus.images[rows.report.report_id] = hit
        else:
            jobs.append(job)
    limits = Limits(seconds=SECONDS, memory_mb=memory_mb)
    with closing(run_isolated(work, jobs, workers, lambda job: limits)) as outcomes:
        for job, outcome in outcomes:  # (closed however the loop ends: no worker outlives it)
            _kind, _path, _marks, key, rid = job
            if outcome.failure is None:
                result = outcome.value
                cache.put(key, result)
            else:
                result = Result(error=f"the page pictures were not drawn: {outcome.failure}")
            corpus.images[rid] = result
    cache.keep_only(keys)
    return plots


def _place(jobs: deque, behind: int) -> int:
    """Where a picture job goes in the queue: before its last `behind` file
    jobs (the queue holds the longest files first), else at the end."""
    files = 0
    for i in range(len(jobs) - 1, -1, -1):
        if jobs[i][0] == "file":
            files += 1
            if files == behind:
                return i
    return len(jobs)


class Ahead:
    """The pictures of each evaluation's best reading so far, as jobs queued
    behind the files still to read (see the module's doc)."""

    def __init__(self, out: Path, memory_mb: int, behind: int = 2):
        self.behind = behind  # file jobs left behind a queued picture (the workers): they even out the end
        self.cache = image_cache(out)
        self.limits = Limits(seconds=SECONDS, memory_mb=memory_mb)
        self.best: dict[str, Candidate] = {}  # report_id -> its best reading so far
        self.queued: dict[str, tuple] = {}  # report_id -> the drawing job of that reading, until drawn
        self.drawn: dict[str, Result] = {}  # cache key -> pictures drawn in this run

    def offer(self, f: InputFile, res: FileResult, jobs: deque) -> None:
        """Queue a job drawing `res`'s pictures near the end of `jobs` if it is
        now its evaluation's best reading, is a PDF, and its pictures are not
        cached; a job queued for the reading it betters, not started yet, is
        withdrawn. (Behind the files but the last few: by the time a picture
        is drawn, most readings are in, and two copies of a report read side
        by side do not both get drawn; the smallest files, read last, keep
        every worker busy to the end.)"""
        rows = res.rows
        if rows is None:
            return
        cand = Candidate(f.source_path, res.format or "", rows, res.document_date)
        rid = rows.report.report_id
        best = self.best.get(rid)
        if best is not None and not primary_key(cand) < primary_key(best):
            return
        self.best[rid] = cand
        old = self.queued.pop(rid, None)
        if old is not None and old in jobs:
            jobs.remove(old)
        pictures = _pictures_of(f, rows)
        if pictures is None or pictures[0] in self.cache:
            return
        self.queued[rid] = pictures[1]
        jobs.insert(_place(jobs, self.behind), pictures[1])

    def take(self, job: tuple, outcome: Outcome) -> None:
        """Keep a finished job's pictures (a failed one is drawn again by `draw`,
        which names the failure)."""
        if self.queued.get(job[4]) == job:
            del self.queued[job[4]]
        if outcome.failure is None:
            self.cache.put(job[3], outcome.value)
            self.drawn[job[3]] = outcome.value
