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
