"""One run per corpus folder at a time: a lock file (filelock, which handles
stale locks of killed processes through the OS) and a note of who holds it,
so a second run can say which run is in its way."""
from __future__ import annotations

import json
import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path

LOCK = ".lock"
HOLDER = ".lock.holder"


class CorpusLocked(Exception):
    pass


def _holder(out: Path) -> str:
    try:
        h = json.loads((out / HOLDER).read_text())
        return f"run pid {h['pid']} on {h['host']}, started {h['started']}"
    except (OSError, ValueError, KeyError):
        return "another run"


@contextmanager
def corpus_lock(out: Path, wait: float = 0.0):
    """Hold DIR/.lock for the run; waits up to `wait` seconds for another run
    to finish, then raises CorpusLocked naming the holder."""
    from filelock import FileLock, Timeout

    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out / LOCK))
    try:
        lock.acquire(timeout=max(0.0, wait))
    except Timeout:
        raise CorpusLocked(f"{out} is being written by {_holder(out)}; try again when it has finished "
                           f"(or pass --wait SECONDS)") from None
    try:
        (out / HOLDER).write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                              "started": time.strftime("%Y-%m-%d %H:%M:%S")}))
        yield
    finally:
        try:
            (out / HOLDER).unlink()
        except OSError:
            pass
        lock.release()
