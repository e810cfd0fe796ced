"""The modules of the run's last steps (building the tables, pyarrow, the QA
page's Jinja2 templates), loaded in a thread of the run's own process while
the workers read the files.

Importing them took 0.2 s after the last file was read, with one core idle:
the run's serial tail. The main process only waits on its workers' pipes
meanwhile (the wait releases the interpreter lock), so the thread has the
process to itself.

A fork while the thread is inside an import would hand the child an import
lock no thread of its own holds: `run_isolated` calls `wait` before every
fork. A module that fails to load here is simply left for the real import,
which names the fault where it happens.
"""
from __future__ import annotations

import importlib
import threading

# What the run imports once every file is read (run/job.py), heaviest first.
TAIL_MODULES = ("run.write", "pyarrow.parquet", "qa.page", "run.build", "run.summary", "release.plots")


def _load(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the real import reports it
            return
    try:
        from qa.page import environment
        from run.write import prepare_pyarrow
        from store.version import package_version
        prepare_pyarrow()
        environment().get_template("index.html.j2")  # (and the templates it includes)
        package_version()  # (the installed package's metadata, for datapackage.json: cached)
    except Exception:  # noqa: BLE001 - as above
        return


class Prefetch:
    """One background load of `modules`; `wait` until it is done."""

    def __init__(self, modules: tuple[str, ...] = TAIL_MODULES):
        self._thread = threading.Thread(target=_load, args=(modules,), name="kk-prefetch", daemon=True)
        self._started = False

    def start(self) -> None:
        """Start the load (once; later calls do nothing)."""
        if not self._started:
            self._thread.start()
            self._started = True

    def wait(self) -> None:
        if self._started:
            self._thread.join()
