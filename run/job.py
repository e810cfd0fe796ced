"""One pipeline run: discover, parse (cached, isolated), build, write, report."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from store.cache import ParseCache, pipeline_version
from store.schema import Status
from store.writer import read_manifest

from .files import InputFile, discover
from .summary import summarize


def _progress(total: int, quiet: bool):
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm  # a maintained progress bar beats a hand-rolled one
    return tqdm(total=total, unit="file", file=sys.stderr, leave=False)


def run(args) -> int:
    t0 = time.perf_counter()
    out: Path = args.output
    files = discover(args.input, exclude=out)
    fingerprint = {"version": pipeline_version(), "inputs": [[f.source_path, f.sha256] for f in files]}
    manifest = read_manifest(out)
    if not args.force and manifest and manifest.get("fingerprint") == fingerprint:
        # Nothing changed: the corpus on disk is already this run's corpus.
        if not args.quiet:
            print(f"unchanged: {len(files)} input file(s), corpus in {out} is up to date "
                  f"({time.perf_counter() - t0:.2f} s)")
            print(manifest.get("summary", ""))
        _log_json(args.log_json, manifest.get("log", []))
        return int(manifest.get("exit_code", 0))

    from .one_file import FileResult, Outcome, process
    from .isolate import run_isolated

    cache = ParseCache(out)
    results: dict[str, FileResult] = {}
    todo: list[InputFile] = []
    for f in files:
        hit = None if args.force else cache.get(f.sha256)
        if hit is not None:
            results[f.source_path] = hit
        else:
            todo.append(f)
    from extract import format_of, preload
    if todo:
        # Load everything a worker needs once, here: forked workers inherit it.
        from normalize import warm_up
        preload({format_of(f.path) for f in todo})
        warm_up()
    bar = _progress(len(todo), args.quiet)

    def failed(job, why):
        path, name, sha = job
        return FileResult(sha, None, None, Outcome.FAILED, f"{name}: {why}")

    jobs = [(f.path, f.source_path, f.sha256) for f in todo]
    by_name = {f.source_path: f for f in todo}
    limits = {f.source_path: _time_limit(f.path) for f in todo}
    for job, res in run_isolated(process, jobs, args.workers, lambda job: limits[job[1]], failed):
        f = by_name[job[1]]
        res.format = res.format or format_of(f.path)
        results[f.source_path] = res
        if res.outcome is not Outcome.FAILED:
            cache.put(f.sha256, res)  # failures are retried next run
        if bar:
            bar.update(1)
    if bar:
        bar.close()

    from .build import build
    from .write import write
    pairs = [(f, results[f.source_path]) for f in files]
    corpus = build(pairs)
    exit_code = 1 if any(s.status == Status.FAILED for s in corpus.tables["sources"]) else 0
    rows = {s.source_path: s for s in corpus.tables["sources"]}
    parsed_now = {f.source_path for f in todo}
    log = [dict(path=f.source_path, status=rows[f.source_path].status, message=rows[f.source_path].message,
                seconds=results[f.source_path].seconds, cached=f.source_path not in parsed_now) for f in files]
    summary = summarize(corpus, out, parsed=len(todo), cached=len(files) - len(todo))
    write(out, corpus, {"fingerprint": fingerprint, "exit_code": exit_code, "summary": summary, "log": log})
    cache.prune()
    _log_json(args.log_json, log)
    if not args.quiet:
        print(summary)
        print(f"done in {time.perf_counter() - t0:.2f} s")
    return exit_code


def _time_limit(path: Path) -> float:
    """How long one file may take before its worker is killed: a base, plus
    time per page for PDFs, since a scanned page costs seconds of OCR."""
    import os
    base = float(os.environ.get("KK_FILE_TIMEOUT", "120"))
    if path.suffix.lower() != ".pdf":
        return base
    try:
        import pymupdf
        with pymupdf.open(path) as doc:
            pages = doc.page_count
    except Exception:
        return base  # unreadable: the worker will say why, quickly
    return base + float(os.environ.get("KK_PAGE_TIMEOUT", "20")) * pages


def _log_json(path: Path | None, log: list[dict]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for rec in log:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
