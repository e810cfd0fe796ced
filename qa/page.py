"""Static QA page of the corpus: DIR/qa/index.html plus DIR/qa/img/*.jpg.

    from qa.page import render
    files = render(corpus, corpus.paths)   # {"qa/index.html": b"...", "qa/img/0834-2021-p30.jpg": b"..."}

`corpus` is run.build's Corpus: `.tables["sources"]`, `.reports` (each a
normalize.assemble.ReportRows with its Issue records), `.duplicates` (a
duplicate source_path -> (primary source_path, differences)); `sources_paths`
maps a source_path to the file on disk (PDF pages are rendered from it; when
it is not a mapping, `corpus.paths` is used).

Three steps, one module each: the page images (qa.images), the view model
(qa.view: rows, their flags from the Issue records, order, formatting), and
the Jinja2 templates in qa/templates that lay the view model out. The page is
self-contained (inline CSS, no script) and a pure function of its inputs: no
timestamps, no absolute paths, every list in a fixed order, so a rerun writes
identical bytes.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from . import images as img
from .flags import worst
from .view import STATUSES, PageView, build, primary_format

__all__ = ["render", "render_html", "environment"]


def _bytecode_cache():
    """Jinja2's own cache of compiled templates, in the user's cache folder:
    compiling the page's templates is 0.1 s of every run, loading them 2 ms.
    An entry is used only while its template's source is unchanged (Jinja2
    checks), and without a writable cache folder templates are compiled as before."""
    import os

    from jinja2 import FileSystemBytecodeCache
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "kommunkompassen-corpus" / "jinja2"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("qa", "templates"), bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["statuses"] = STATUSES
    env.globals["worst"] = lambda items: worst(i.level for i in items)  # a block shows if any of its rows does
    return env


def render_html(page: PageView) -> str:
    return environment().get_template("index.html.j2").render(page=page)


def _image_jobs(corpus, paths: Mapping[str, Path]) -> tuple[dict[str, tuple], dict[str, img.Result]]:
    """What to render per report: (PDF path, marks, name) for each PDF report
    with rows that name a page, and a Result that says why for those whose
    PDF is not at hand."""
    sources = {s.source_path: s for s in (getattr(corpus, "tables", None) or {}).get("sources") or []}
    jobs, missing = {}, {}
    drawn = getattr(corpus, "images", None) or {}  # pictures the workers drew already
    for rows in getattr(corpus, "reports", None) or []:
        if primary_format(rows, sources) != "pdf" or str(rows.report.report_id) in drawn:
            continue
        marks = img.marks_for(rows.subquestions, rows.findings)
        if not marks:
            continue
        rid, primary = str(rows.report.report_id), rows.report.primary_source
        if primary in paths:
            jobs[rid] = (paths[primary], marks, primary)
        else:
            missing[rid] = img.Result(error=f"{primary} is not available to the QA page: pages not rendered")
    return jobs, missing


def render(corpus, sources_paths=None, plots=None, links=None) -> dict[str, bytes]:
    """Every file of the QA page: {path relative to the corpus folder: bytes}, sorted.
    `plots`: report_id -> its kompassros and `links`: (label, path) shown in
    the header, paths relative to the corpus folder (the run writes them)."""
    if not isinstance(sources_paths, Mapping):  # None (or not a mapping): use what the corpus knows
        sources_paths = getattr(corpus, "paths", None) or {}
    paths = {str(k): Path(v) for k, v in sources_paths.items() if v is not None}
    jobs, results = _image_jobs(corpus, paths)
    results.update(getattr(corpus, "images", None) or {})
    results.update(img.render_many(jobs))
    page = build(corpus, results, plots, links)
    files: dict[str, bytes] = {}
    for report in page.reports:
        result = results.get(report.report_id)
        for fig in report.figures:
            files[f"qa/{fig.src}"] = result.images[fig.page].data
    files["qa/index.html"] = render_html(page).encode("utf-8")
    return dict(sorted(files.items()))
