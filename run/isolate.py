"""Runs each job in a forked worker process under a time and a memory limit,
so a crash, a hang or a runaway allocation inside a PDF library fails that
one file and never the run. Workers are forked from the parent (libraries
already imported), both cores used; results stream back as they finish.

A worker serves several jobs in turn (`Reuse`: a fork and the first touch of
a fresh process's memory cost 10-15 ms of system time a file), but never
after a job that failed, raised, hit a limit or whose value the caller
rejects (a file that failed to read): a worker whose state a file may have
damaged is retired, and the next job gets a fresh one.

Why not a pool library (pebble, concurrent.futures with max_tasks_per_child):
each job needs its own time limit (it scales with the file's pages) and its
own memory limit, the limit's cause must be named in the message, and a
worker must be retired after a failure, not after a count alone.

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


@dataclass(frozen=True, slots=True)
class Reuse:
    """When a worker may take another job after one finished. A fresh worker
    per file costs a fork and ~14 MB of first-touch page faults (10-15 ms of
    system time a file, a tenth of a small file's work), and its first file
    reads slower (caches of the process and of MuPDF start empty); a worker is
    reused only while nothing went wrong in it and its heap stays small. The
    count is only a last bound: at 10, 30 files drew two extra forks per
    core, 1-3 % of the run's time."""
    jobs: int = 100  # jobs one worker serves at most, then a fresh one is forked
    growth_share: float = 0.25  # retire a worker whose heap grew by this share of the memory budget


REUSE = Reuse()


def _serve(fn, conn, memory_mb: int, reuse: Reuse):
    """A worker: takes jobs from `conn` until told to stop (None) or until its
    heap grew too far for the next job's budget, answering each with
    (kind, value, retire)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # born with Ctrl-C blocked (run_isolated)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    start = _data_mb()
    try:
        # The data segment may grow by the budget beyond what the fork inherited.
        limit = int((start + memory_mb) * MB)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError):
        pass
    try:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            try:
                value = fn(*job)
                retire = _data_mb() - start > reuse.growth_share * memory_mb
                conn.send(("ok", value, retire))
            except MemoryError:
                _send(conn, ("memory", "", True))
                return
            except BaseException as e:  # noqa: BLE001 - report anything to the parent
                text = f"{type(e).__name__}: {e}"
                kind = "memory" if "malloc" in text.lower() or "out of memory" in text.lower() else "error"
                _send(conn, (kind, text, True))
                return
    finally:
        conn.close()
        os._exit(0)


def _send(conn, msg) -> None:
    try:
        conn.send(msg)
    except Exception:
        pass


@dataclass(slots=True)
class _Worker:
    proc: mp.Process
    conn: object  # the parent's end of the worker's pipe
    budget_mb: int  # its RLIMIT_DATA budget, set when it was forked
    served: int = 0
    job: tuple | None = None  # the job it is on (None: idle)
    started: float = 0.0
    limits: Limits | None = None
    base_rss: float = 0.0  # its resident size when the job started


def _fork(ctx, fn, memory_mb: int, reuse: Reuse, spawned: list[_Worker]) -> _Worker:
    """A fresh worker, added to `spawned` before a Ctrl-C can interrupt the parent."""
    mine, theirs = ctx.Pipe(duplex=True)
    p = ctx.Process(target=_serve, args=(fn, theirs, memory_mb, reuse), daemon=True)
    # Ctrl-C is held back while forking: the worker inherits the block and
    # ignores Ctrl-C before it lets it through (the terminal sends it to the
    # whole process group; the parent ends the run itself), and a Ctrl-C the
    # parent got meanwhile is delivered the moment it unblocks, not lost --
    # by then the worker is in `spawned`, so the run's clean-up finds it.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        p.start()
        theirs.close()
        w = _Worker(p, mine, memory_mb)
        spawned.append(w)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return w


def _stop(w: _Worker, kill: bool = False) -> None:
    if kill:
        w.proc.kill()
    else:
        _send(w.conn, None)
    w.proc.join(5)
    if w.proc.exitcode is None:
        w.proc.kill()
        w.proc.join(5)
    w.conn.close()


def run_isolated(fn: Callable, jobs: list[tuple] | deque, workers: int, limits: Callable[[tuple], Limits],
                 keep: Callable[[object], bool] = lambda value: True, reuse: Reuse = REUSE,
                 before_fork: Callable[[], None] = lambda: None) -> Iterator[tuple[tuple, Outcome]]:
    """Yields (job, Outcome) as workers finish, in completion order. Given a
    deque, the caller may add jobs to it while iterating (appendleft: the next
    free worker takes it): work that follows from a result starts at once.

    A worker serves up to `reuse.jobs` jobs, one at a time, each under its own
    time and memory limit; it is retired after any job that failed, raised or
    hit a limit, whose value `keep` rejects (a file that failed: its state may
    be damaged), or after which its heap grew too far. Memory limits and the
    parent's watch are as for one job per worker (see the module's doc).
    `before_fork` runs before each fork (run/prefetch.py: no fork in the
    middle of an import)."""
    ctx = mp.get_context("fork")
    pending = jobs if isinstance(jobs, deque) else deque(jobs)
    idle: list[_Worker] = []
    busy: dict = {}  # conn -> _Worker
    spawned: list[_Worker] = []  # every worker forked (one may be in neither list when a Ctrl-C comes)
    try:
        def fill() -> None:
            """Give every free worker slot a pending job."""
            while pending and len(busy) < workers:
                job = pending.popleft()
                lim = limits(job)
                w = next((w for w in idle if w.budget_mb == lim.memory_mb), None)
                if w is not None:
                    idle.remove(w)
                    try:
                        w.conn.send(job)
                    except (BrokenPipeError, OSError):  # an idle worker that died: a fresh one takes the job
                        _stop(w, kill=True)
                        w = None
                if w is None:
                    while idle and len(idle) + len(busy) >= workers:  # no more processes than workers
                        _stop(idle.pop(0))
                    before_fork()
                    w = _fork(ctx, fn, lim.memory_mb, reuse, spawned)
                    w.conn.send(job)
                w.job, w.started, w.limits, w.base_rss = job, time.monotonic(), lim, _rss_mb(w.proc.pid)
                busy[w.conn] = w

        while pending or busy:
            fill()
            done = []
            for conn in wait(list(busy), timeout=POLL_SECONDS):
                w = busy.pop(conn)
                job, outcome, healthy = _collect(w)
                w.served += 1
                if healthy and w.served < reuse.jobs and keep(outcome.value):
                    w.job = None
                    idle.append(w)
                else:
                    _stop(w, kill=not healthy)
                done.append((job, outcome))
            if done:
                # the next jobs go out before the caller sees these results:
                # a worker does not wait while the caller stores one
                fill()
                yield from done
            now = time.monotonic()
            for conn, w in list(busy.items()):
                why = None
                if now - w.started > w.limits.seconds:
                    why = f"gave up after {w.limits.seconds:g} s (the time limit for this file)"
                elif _rss_mb(w.proc.pid) - w.base_rss > w.limits.memory_mb:
                    why = f"used more than {w.limits.memory_mb} MB of memory (the limit per file)"
                if why:
                    busy.pop(conn)
                    _stop(w, kill=True)
                    yield w.job, Outcome(failure=why, seconds=round(now - w.started, 3))
    finally:
        # Done or interrupted: leave no worker behind. Idle ones are told to
        # stop; any other still alive (busy, or forked just as a Ctrl-C came)
        # is killed.
        for w in spawned:
            if w.proc.exitcode is None:
                _stop(w, kill=w not in idle)


def _collect(w: _Worker) -> tuple[tuple, Outcome, bool]:
    """(the job, its Outcome, whether the worker is fit for another job)."""
    seconds = round(time.monotonic() - w.started, 3)
    try:
        kind, value, retire = w.conn.recv()
    except (EOFError, OSError):
        w.proc.join(5)
        code = w.proc.exitcode
        why = (f"the worker process was killed by signal {-code} while reading it" if code is not None and code < 0
               else f"the worker process died (exit code {code}) while reading it")
        return w.job, Outcome(failure=why, seconds=seconds), False
    if kind == "ok":
        return w.job, Outcome(value=value, seconds=seconds), not retire
    if kind == "memory":
        return w.job, Outcome(failure=f"used more than {w.limits.memory_mb} MB of memory (the limit per file)"
                              + (f": {value}" if value else ""), seconds=seconds), False
    return w.job, Outcome(failure=f"an error in the worker ({value})", seconds=seconds), False
