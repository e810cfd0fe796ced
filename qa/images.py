"""Page pictures for the QA page: which pages of a report's PDF to show, what
to mark on them, and the rendering itself (qa.pdfmarks draws).

    marks = marks_for(rows.subquestions, rows.findings)
    result = page_images(pdf_path, marks, name=primary_source)   # -> Result

`page_images` is a pure function of (the PDF's bytes, the marks): it can run
on its own for one file, in any process, and its result (picklable) can be
cached under `cache_key(sha256 of the PDF, marks)`. A mark's key names the row
it marks by its index in the report's own row lists (`question_key(i)`,
`finding_key(i)`), so the view can tell which row was found where.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from .pdfmarks import DPI, IMAGE_EXT, JPEG_QUALITY, Mark, PageImage, Result, render_pages

__all__ = ["DPI", "Mark", "PageImage", "Result", "cache_key", "finding_key", "finding_tag", "marks_for",
           "page_images", "question_key", "render_many"]


def question_key(index: int) -> str:
    """Key of the mark of `subquestions[index]`."""
    return f"q{index}"


def finding_key(index: int) -> str:
    """Key of the mark of `findings[index]`."""
    return f"f{index}"


def finding_tag(kind: str, area_no, position) -> str:
    """S<area>.<n> for a strength, I<area>.<n> for an improvement."""
    return f"{'S' if kind == 'strength' else 'I'}{area_no}.{position}"


def marks_for(subquestions: Sequence, findings: Sequence) -> list[Mark]:
    """A mark for every sub-question row and finding that names a page: the
    pages to render are the pages these marks name."""
    marks: list[Mark] = []
    for i, q in enumerate(subquestions):
        if q.page is not None and q.label:
            marks.append(Mark(question_key(i), "question", str(q.question_no or "?"), str(q.label), int(q.page)))
    for i, f in enumerate(findings):
        if f.page is not None and f.text:
            marks.append(Mark(finding_key(i), str(f.kind), finding_tag(f.kind, f.area_no, f.position),
                              str(f.text), int(f.page)))
    return marks


def page_images(pdf: Path | str | bytes, marks: Sequence[Mark], name: str = "the PDF") -> Result:
    """The marked pages of one PDF (a path or its bytes). `name` (the source
    path as the corpus knows it) is the only name an error message uses, so no
    machine's absolute path reaches the page."""
    marks = list(marks)
    if not marks:
        return Result()
    if isinstance(pdf, (bytes, bytearray)):
        data = bytes(pdf)
    else:
        try:
            data = Path(pdf).read_bytes()
        except OSError as e:
            return Result(error=f"could not read {name} ({type(e).__name__}): pages not rendered")
    return render_pages(data, marks, name)


def cache_key(pdf_sha256: str, marks: Sequence[Mark]) -> str:
    """What a rendering depends on: the PDF's content, the marks, the
    resolution and the renderer's version."""
    try:
        import pymupdf
        version = pymupdf.VersionBind
    except ImportError:
        version = "-"
    spec = [pdf_sha256, DPI, IMAGE_EXT, JPEG_QUALITY, version, [[m.key, m.kind, m.tag, m.text, m.page] for m in marks]]
    return hashlib.sha256(json.dumps(spec, ensure_ascii=False).encode("utf-8")).hexdigest()


def _job(args) -> Result:
    return page_images(*args)


def render_many(jobs: Mapping[str, tuple]) -> dict[str, Result]:
    """`jobs`: id -> (pdf path, marks, name); every id's Result. Rendered on
    all cores when there are several (encoding the PNGs is most of the QA
    page's cost); one by one if a process pool cannot be had."""
    ids = sorted(jobs)
    if len(ids) >= 2 and (os.cpu_count() or 1) > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor
        try:
            with ProcessPoolExecutor(max_workers=min(len(ids), os.cpu_count() or 1),
                                     mp_context=mp.get_context("fork")) as ex:
                return dict(zip(ids, ex.map(_job, [jobs[i] for i in ids])))
        except Exception:  # a broken pool only costs the speed-up
            pass
    return {i: _job(jobs[i]) for i in ids}
