"""Runs each job in its own forked worker process under a time and a memory
limit, so a crash, a hang or a runaway allocation inside a PDF library fails
that one file and never the run. Workers are forked from the parent (libraries
already imported), both cores used; results stream back as they finish.

Why not a pool library (pebble, concurrent.futures): each job needs its own
time limit (it scales with the file's pages) and its own memory limit, the
limit's cause must be named in the message, and a worker must never be reused
after a file corrupted its state. A fork per job does all of that in a page.

Memory is bounded twice: RLIMIT_DATA in the child makes an allocation past the
budget fail inside the worker (MemoryError in Python; MuPDF raises too), and
the parent polls each worker's resident size and kills one that grows past
the budget regardless (memory mapped by a C library outside the data limit).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Iterator

# How often the parent looks at its workers (time limits, resident memory).
POLL_SECONDS = 0.2
MB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    seconds: float  # wall time of the job
    memory_mb: int  # resident memory of the worker beyond what it inherited


@dataclass(slots=True)
class Outcome:
    """What a job came to: its value (when it finished), or why it failed."""
    value: object = None
    failure: str | None = None
    seconds: float = 0.0  # wall time the job took in its worker, measured by the parent


def default_memory_mb(workers: int) -> int:
    """Per-worker memory budget sized from the machine: at most 1.5 GB and at
    most a third of the memory divided among the workers (`KK_WORKER_MEMORY_MB`
    overrides)."""
    env = os.environ.get("KK_WORKER_MEMORY_MB")
    if env:
        return int(env)
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 8 << 30
    return int(min(1536, total / 3 / max(1, workers) / MB))


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB
    except (OSError, ValueError, IndexError):
        return 0.0


def _data_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _child(fn, args, conn, memory_mb: int):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # born with Ctrl-C blocked (run_isolated)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        # The data segment may grow by the budget beyond what the fork inherited.
        limit = int((_data_mb() + memory_mb) * MB)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError):
        pass
    try:
        conn.send(("ok", fn(*args)))
    except MemoryError:
        _send(conn, ("memory", ""))
    except BaseException as e:  # noqa: BLE001 - report anything to the parent
        text = f"{type(e).__name__}: {e}"
        kind = "memory" if "malloc" in text.lower() or "out of memory" in text.lower() else "error"
        _send(conn, (kind, text))
    finally:
        conn.close()
        os._exit(0)


def _send(conn, msg) -> None:
    try:
        conn.send(msg)
    except Exception:
        pass


@dataclass(slots=True)
class _Running:
    proc: mp.Process
    job: tuple
    started: float
    limits: Limits
    base_rss: float


def run_isolated(fn: Callable, jobs: list[tuple] | deque, workers: int, limits: Callable[[tuple], Limits]
                 ) -> Iterator[tuple[tuple, Outcome]]:
    """Yields (job, Outcome) as workers finish, in completion order. Given a
    deque, the caller may add jobs to it while iterating (appendleft: the next
    free worker takes it): work that follows from a result starts at once."""
    ctx = mp.get_context("fork")
    pending = jobs if isinstance(jobs, deque) else deque(jobs)
    running: dict = {}
    try:
        while pending or running:
            while pending and len(running) < workers:
                job = pending.popleft()
                lim = limits(job)
                r, w = ctx.Pipe(duplex=False)
                p = ctx.Process(target=_child, args=(fn, job, w, lim.memory_mb), daemon=True)
                # Ctrl-C is held back while forking: the worker inherits the
                # block and ignores Ctrl-C before it lets it through (the
                # terminal sends it to the whole process group; the parent ends
                # the run itself), and a Ctrl-C the parent got meanwhile is
                # delivered the moment it unblocks, not lost.
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                try:
                    p.start()
                finally:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
                w.close()
                running[r] = _Running(p, job, time.monotonic(), lim, _rss_mb(os.getpid()))
            for r in wait(list(running), timeout=POLL_SECONDS):
                run = running.pop(r)
                yield run.job, _collect(r, run)
            now = time.monotonic()
            for r, run in list(running.items()):
                why = None
                if now - run.started > run.limits.seconds:
                    why = f"gave up after {run.limits.seconds:g} s (the time limit for this file)"
                elif _rss_mb(run.proc.pid) - run.base_rss > run.limits.memory_mb:
                    why = f"used more than {run.limits.memory_mb} MB of memory (the limit per file)"
                if why:
                    run.proc.kill()
                    run.proc.join(5)
                    r.close()
                    running.pop(r)
                    yield run.job, Outcome(failure=why, seconds=round(now - run.started, 3))
    finally:
        for r, run in running.items():  # interrupted: leave no worker behind
            run.proc.kill()
            run.proc.join(5)
            r.close()


def _collect(r, run: _Running) -> Outcome:
    seconds = round(time.monotonic() - run.started, 3)
    try:
        kind, value = r.recv()
    except (EOFError, OSError):
        run.proc.join(5)
        code = run.proc.exitcode
        why = (f"the worker process was killed by signal {-code} while reading it" if code is not None and code < 0
               else f"the worker process died (exit code {code}) while reading it")
        return Outcome(failure=why, seconds=seconds)
    finally:
        r.close()
    run.proc.join(5)
    if kind == "ok":
        return Outcome(value=value, seconds=seconds)
    if kind == "memory":
        return Outcome(failure=f"used more than {run.limits.memory_mb} MB of memory (the limit per file)"
                       + (f": {value}" if value else ""), seconds=seconds)
    return Outcome(failure=f"an error in the worker ({value})", seconds=seconds)
