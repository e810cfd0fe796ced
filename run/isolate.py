"""Runs each file in its own worker process with a time limit, so a crash or
a hang inside a PDF library fails that one file and never the run. Workers
are forked from the parent (libraries already imported), both cores used."""
from __future__ import annotations

import multiprocessing as mp
import os
import time
from multiprocessing.connection import wait
from typing import Callable, Iterator


def _child(fn, args, conn):
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as e:  # noqa: BLE001 - report anything to the parent
        try:
            conn.send(("error", f"{type(e).__name__}: {e}"))
        except Exception:
            pass
    finally:
        conn.close()
        os._exit(0)


def run_isolated(fn: Callable, jobs: list[tuple], workers: int, timeout: Callable[[tuple], float],
                 on_failure: Callable[[tuple, str], object]) -> Iterator[tuple[tuple, object]]:
    """Yields (job, result) as workers finish, in completion order; timeout(job)
    is that job's time limit in seconds."""
    ctx = mp.get_context("fork")
    pending = list(jobs)
    running: dict = {}
    while pending or running:
        while pending and len(running) < workers:
            job = pending.pop(0)
            r, w = ctx.Pipe(duplex=False)
            p = ctx.Process(target=_child, args=(fn, job, w), daemon=True)
            p.start()
            w.close()
            running[r] = (p, job, time.monotonic())
        ready = wait(list(running), timeout=0.25)
        for r in ready:
            p, job, _ = running.pop(r)
            try:
                kind, value = r.recv()
                result = value if kind == "ok" else on_failure(job, f"worker error: {value}")
            except (EOFError, OSError):
                p.join(5)
                result = on_failure(job, f"the worker process died (exit code {p.exitcode}) while reading it")
            r.close()
            p.join(5)
            yield job, result
        now = time.monotonic()
        for r, (p, job, t0) in list(running.items()):
            if now - t0 > timeout(job):
                p.kill()
                p.join(5)
                r.close()
                running.pop(r)
                yield job, on_failure(job, f"gave up after {timeout(job):g} s (the reader hung or is too slow)")
