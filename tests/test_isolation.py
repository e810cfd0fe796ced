"""A crash or a hang in one file's worker fails that file, never the run."""
import os
import time

from run.isolate import run_isolated


def work(kind):
    if kind == "crash":
        os._exit(3)  # like a segfault in a C library: no exception, the process is gone
    if kind == "hang":
        time.sleep(60)
    if kind == "raise":
        raise RuntimeError("boom")
    return f"done {kind}"


def test_crash_hang_and_exception_become_failures_and_the_rest_finishes():
    jobs = [("ok1",), ("crash",), ("hang",), ("raise",), ("ok2",)]
    t0 = time.monotonic()
    got = dict(run_isolated(work, jobs, workers=2, timeout=lambda job: 1.5,
                            on_failure=lambda job, why: f"failed: {why}"))
    assert time.monotonic() - t0 < 20
    assert got[("ok1",)] == "done ok1" and got[("ok2",)] == "done ok2"
    assert "died" in got[("crash",)] and "exit code 3" in got[("crash",)]
    assert "gave up after 1.5 s" in got[("hang",)]
    assert "RuntimeError: boom" in got[("raise",)]
