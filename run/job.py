"""One pipeline run: discover, parse (cached, isolated), build, write, report.

Guard rails for runs nobody watches: inputs that hold no file never replace a
corpus (exit 2, DIR untouched, unless --allow-empty); one run per DIR at a
time (a lock file; a second run exits 2 naming the holder); a rerun over
unchanged inputs writes nothing unless the corpus on disk lost files, which it
then restores from the cache.
"""
from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections import deque
from contextlib import closing
from pathlib import Path

from store.cache import ParseCache, pipeline_version
from store.lock import CorpusLocked, corpus_lock
from store.version import output_version
from store.writer import read_manifest, snapshot_complete

from .files import InputFile, discover


# The collector's threshold for its youngest generation in a run (Python's default: 700).
GC_YOUNG_THRESHOLD = 10_000

# numpy's OpenBLAS starts a thread per core when it loads (in the run's own
# process: pyarrow needs numpy) and lets it spin for a while: 0.07 s of CPU
# taken from the workers, which have every core. Nothing here multiplies
# matrices. Set before numpy loads; a value the user set is kept.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1"}


class UsageError(Exception):
    """A run that must not start (exit 2, one line, DIR untouched)."""


def _progress(total: int, quiet: bool):
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm  # a maintained progress bar beats a hand-rolled one
    return tqdm(total=total, unit="file", file=sys.stderr, leave=False)


def run(args) -> int:
    t0 = time.perf_counter()
    out: Path = args.output
    files = discover(args.input, exclude=out)
    if not files and not args.allow_empty:
        raise UsageError(f"no input file found in {', '.join(map(str, args.input))}; the corpus in {out} is left "
                         f"untouched (use --allow-empty to write an empty corpus on purpose)")
    try:
        with corpus_lock(out, wait=args.wait):
            return _run_locked(args, files, t0)
    except CorpusLocked as e:
        raise UsageError(str(e)) from e


def _run_locked(args, files: list[InputFile], t0: float) -> int:
    out: Path = args.output
    fingerprint = {"version": pipeline_version(), "output": output_version(),
                   "inputs": [[f.source_path, f.sha256] for f in files]}
    manifest = read_manifest(out)
    if not args.force and manifest and manifest.get("fingerprint") == fingerprint and snapshot_complete(out, manifest):
        # Nothing changed: the corpus on disk is already this run's corpus.
        if not args.quiet:
            print(f"unchanged: {len(files)} input file(s), corpus in {out} is up to date "
                  f"({time.perf_counter() - t0:.2f} s)")
            print(manifest.get("summary", ""))
        else:
            if manifest.get("exit_code"):  # (a file failed: name it; else the schema need not load)
                _print_failures(manifest.get("log", []))
        _log_json(args.log_json, [dict(rec, seconds=0.0, cached=True) for rec in manifest.get("log", [])])
        return int(manifest.get("exit_code", 0))

    # (imported here, not at the top: a rerun over unchanged inputs needs none of it)
    from . import one_file
    from .isolate import default_memory_mb, run_isolated
    from .limits import time_limit
    from .summary import summarize
    from .one_file import FileResult, Outcome, failed, process, skipped

    one_file.OCR_PROGRESS = not args.quiet and sys.stderr.isatty()  # workers inherit it

    cache = ParseCache(out)
    results: dict[str, FileResult] = {}
    seconds: dict[str, float] = {}
    todo: list[InputFile] = []
    for f in files:
        if f.problem is not None:
            results[f.source_path] = skipped(f.problem)
            continue
        hit = None if args.force else cache.get(f.sha256)
        if hit is not None:
            results[f.source_path] = hit
        else:
            todo.append(f)
    from extract import format_of, preload
    for name, value in ONE_THREAD.items():
        os.environ.setdefault(name, value)
    if todo:
        # Load everything a worker needs once, here: forked workers inherit it.
        from normalize import warm_up
        preload({format_of(f.path) for f in todo})
        warm_up()
        import parsers.registry  # noqa: F401  (every parser, so no worker imports one)
        # What is loaded now lives as long as the run: out of the collector's
        # sight, a worker's collections never walk it (nor write to its pages,
        # which the fork shares with the parent until written).
        gc.freeze()
        # A page's reading allocates thousands of small records that die
        # young by reference count; collecting the youngest generation every
        # 10,000 allocations instead of 700 walks them far less often (1 % of
        # a file's instructions; cycles are rare in them).
        gc.set_threshold(GC_YOUNG_THRESHOLD)
    bar = _progress(len(todo), args.quiet)

    memory = default_memory_mb(args.workers)
    from .pictures import Ahead, work
    from .prefetch import Prefetch
    ahead = Ahead(out, memory, behind=args.workers)  # page pictures drawn while files are still read
    # Longest first (a PDF's estimated pages, else its size), so a long file
    # does not start last and leave one core idle at the end; the pictures of
    # each evaluation's best reading queued behind them (run/pictures.py).
    jobs = deque(("file", f.path, f.sha256) for f in sorted(todo, key=lambda f: (-_cost(f), f.source_path)))
    for f in files:
        if f.source_path in results:
            ahead.offer(f, results[f.source_path], jobs)
    by_job = {("file", f.path, f.sha256): f for f in todo}

    def limits(job):
        return time_limit(job[1], memory) if job[0] == "file" else ahead.limits

    def dispatch(kind, *job):
        return process(*job) if kind == "file" else work(kind, *job)

    def keep_worker(value) -> bool:  # a file that failed may have damaged its worker's state
        return not (isinstance(value, FileResult) and value.outcome is Outcome.FAILED)

    # the modules of the last steps load while the workers read (run/prefetch.py),
    # from the first result on: the first workers are forked by then
    prefetch = Prefetch()
    # (closed however the loop ends: an interrupt stops every worker there and
    # then, not whenever the collector gets to the generator)
    with closing(run_isolated(dispatch, jobs, args.workers, limits, keep=keep_worker,
                              before_fork=prefetch.wait)) as outcomes:
        for job, outcome in outcomes:
            prefetch.start()
            if job[0] != "file":
                ahead.take(job, outcome)
                continue
            f = by_job[job]
            res = outcome.value if outcome.failure is None else failed(format_of(f.path), outcome.failure)
            ahead.offer(f, res, jobs)  # its pictures, queued behind the files
            results[f.source_path] = res
            seconds[f.source_path] = outcome.seconds
            if res.outcome is not Outcome.FAILED:
                cache.put(f.sha256, res)  # failures are retried next run
            if bar:
                bar.update(1)
    if bar:
        bar.close()
    prefetch.wait()

    from .build import build
    from .pictures import draw
    from .write import tables_of, write
    pairs = [(f, results[f.source_path]) for f in files]
    corpus = build(pairs)
    tables = tables_of(corpus)
    plots = draw(corpus, tables, {f.source_path: f for f in files}, out, args.workers, memory, ahead.drawn)
    from store.schema import Status
    exit_code = 1 if any(s.status == Status.FAILED for s in corpus.tables["sources"]) else 0
    rows = {s.source_path: s for s in corpus.tables["sources"]}
    log = [dict(path=f.source_path, status=rows[f.source_path].status, message=rows[f.source_path].message,
                seconds=seconds.get(f.source_path, 0.0), cached=f.source_path not in seconds,
                **({"detail": results[f.source_path].detail} if results[f.source_path].detail else {}))
           for f in files]
    summary = summarize(corpus, out, parsed=len(todo), cached=len(files) - len(todo))
    write(out, corpus, {"fingerprint": fingerprint, "exit_code": exit_code, "summary": summary,
                        "log": [{k: v for k, v in rec.items() if k not in ("seconds", "cached")} for rec in log]},
          tables, plots)
    cache.prune()
    _log_json(args.log_json, log)
    if not args.quiet:
        print(summary)
        print(f"done in {time.perf_counter() - t0:.2f} s")
    else:
        _print_failures(log)
    return exit_code


def _cost(f: InputFile) -> int:
    from .limits import estimate_pages
    return estimate_pages(f.path) * 100_000 if f.path.suffix.lower() == ".pdf" else f.size


def _print_failures(log: list[dict]) -> None:
    """--quiet still names every failed file, on stderr."""
    from store.schema import Status  # (not at the top: a rerun over unchanged inputs does without the schema)
    for rec in log:
        if rec.get("status") == Status.FAILED:
            print(f"failed: {rec.get('message')}", file=sys.stderr)


def _log_json(path: Path | None, log: list[dict]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for rec in log:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
