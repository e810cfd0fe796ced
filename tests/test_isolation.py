"""A crash, a hang, an exception or a runaway allocation in one file's worker
fails that file, never the run; the failure says which limit, and the seconds
are the real time the worker took."""
import os
import time

from run.isolate import Limits, run_isolated


def work(kind):
    if kind == "crash":
        os._exit(3)  # like a segfault in a C library: no exception, the process is gone
    if kind == "hang":
        time.sleep(60)
    if kind == "raise":
        raise RuntimeError("boom")
    if kind == "hog":
        blocks = []
        while True:  # a decompression bomb's inflation, in short
            blocks.append(bytearray(64 << 20))
    return f"done {kind}"


def test_crash_hang_exception_and_memory_become_failures_and_the_rest_finishes():
    jobs = [("ok1",), ("crash",), ("hang",), ("raise",), ("hog",), ("ok2",)]
    t0 = time.monotonic()
    got = dict(run_isolated(work, jobs, workers=2, limits=lambda job: Limits(seconds=1.5, memory_mb=300)))
    assert time.monotonic() - t0 < 20
    assert got[("ok1",)].value == "done ok1" and got[("ok2",)].value == "done ok2"
    assert got[("ok1",)].failure is None
    assert "died" in got[("crash",)].failure and "exit code 3" in got[("crash",)].failure
    assert "gave up after 1.5 s" in got[("hang",)].failure
    assert 1.4 < got[("hang",)].seconds < 5  # the real time, not 0.0
    assert "RuntimeError: boom" in got[("raise",)].failure
    assert "more than 300 MB of memory" in got[("hog",)].failure


_KEPT = []


def pid_after(kind):
    if kind == "raise":
        raise RuntimeError("boom")
    if kind == "grow":  # memory the worker keeps after the job (a leak in a library)
        _KEPT.append(bytearray(120 << 20))
        _KEPT[-1][::4096] = b"x" * len(_KEPT[-1][::4096])
    return (kind, os.getpid())


def test_a_worker_serves_several_jobs_but_never_after_a_failure():
    from run.isolate import Reuse
    jobs = [("ok",)] * 5 + [("raise",), ("ok",), ("reject",), ("ok",), ("grow",), ("ok",)]
    jobs = [(k, i) for i, (k,) in enumerate(jobs)]
    got = list(run_isolated(lambda kind, i: pid_after(kind), jobs, workers=1,
                            limits=lambda job: Limits(seconds=10, memory_mb=400),
                            keep=lambda value: value is None or value[0] != "reject", reuse=Reuse(jobs=4)))
    pid = {job[1]: (o.value[1] if o.value else None) for job, o in got}
    assert len({pid[i] for i in range(4)}) == 1 and pid[4] != pid[0]  # four jobs, then a fresh worker
    assert "RuntimeError: boom" in dict(got)[("raise", 5)].failure
    assert pid[6] != pid[4]  # after a job that raised: a fresh worker
    assert pid[8] != pid[7]  # after a value the caller rejects: a fresh worker
    assert pid[10] != pid[9]  # after the heap grew by more than a quarter of the budget: a fresh worker
    assert pid[9] == pid[8]


def test_before_fork_runs_before_every_fork_and_the_prefetch_loads_meanwhile(tmp_path, monkeypatch):
    """run/prefetch.py: no worker is forked while the thread imports (`before_fork`
    waits for it), and the thread's modules are loaded once it is waited for; a
    module that cannot load is left to the real import, without an error."""
    import sys

    import run.isolate as isolate
    from run.isolate import Reuse
    from run.prefetch import Prefetch
    events = []
    real_fork = isolate._fork

    def fork(*args):
        events.append("fork")
        return real_fork(*args)

    monkeypatch.setattr(isolate, "_fork", fork)
    jobs = [("raise" if i % 3 == 1 else "ok", i) for i in range(7)]  # a job that raises retires its worker
    got = list(run_isolated(lambda kind, i: pid_after(kind), jobs, workers=2,
                            limits=lambda job: Limits(seconds=10, memory_mb=400), reuse=Reuse(jobs=3),
                            before_fork=lambda: events.append("wait")))
    assert len(got) == 7 and sum(1 for _job, o in got if o.failure) == 2
    assert events.count("fork") >= 4  # two workers, and a fresh one after each failure
    assert events == ["wait", "fork"] * events.count("fork")  # every fork waited first
    (tmp_path / "kk_prefetch_probe.py").write_text("VALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("kk_prefetch_probe", None)
    pre = Prefetch(("kk_no_such_module_here", "kk_prefetch_probe"))
    pre.wait()  # not started: returns at once
    pre.start()
    pre.start()  # once only
    pre.wait()
    assert "kk_prefetch_probe" not in sys.modules  # the first module failed: the load stops there
    pre = Prefetch(("kk_prefetch_probe",))
    pre.start()
    pre.wait()
    assert sys.modules["kk_prefetch_probe"].VALUE == 42


def test_a_ctrl_c_between_fork_and_bookkeeping_leaves_no_worker_behind(monkeypatch):
    """A Ctrl-C comes the moment the parent unblocks it after a fork, before
    the new worker is listed as busy: the run's clean-up still stops that
    worker (the process ends with os._exit, so no exit handler would)."""
    import multiprocessing as mp

    import pytest

    import run.isolate as isolate
    calls = []

    def interrupted(pid):
        calls.append(pid)
        raise KeyboardInterrupt

    monkeypatch.setattr(isolate, "_rss_mb", interrupted)  # the first call after a fork
    gen = run_isolated(lambda kind, i: pid_after(kind), [("ok", 0), ("ok", 1)], workers=2,
                       limits=lambda job: Limits(seconds=10, memory_mb=400))
    with pytest.raises(KeyboardInterrupt):
        next(gen)
    assert calls, "the worker was forked"
    deadline = time.monotonic() + 5
    while mp.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not mp.active_children()
