"""Build extract/pdf/_stext.c (`make setup`): the span lister, compiled
against the MuPDF headers and library that the installed PyMuPDF ships.

Never fails the set-up: without a C compiler or Python's headers it says so
and the reader uses PyMuPDF's extractDICT (same output, slower). A build for
a MuPDF other than the one PyMuPDF loads is never used (extract/pdf/native.py).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "extract" / "pdf" / "_stext.c"
# what a reader without the lister does (process() CPU per page, 2.02 -> 2.31 ms)
WITHOUT = "PDF pages are read through PyMuPDF's extractDICT, with the same result, about 15 % slower per page"


def main() -> int:
    import pymupdf

    target = SOURCE.with_name("_stext" + sysconfig.get_config_var("EXT_SUFFIX"))
    lib_dir = Path(pymupdf.__file__).resolve().parent
    libs = sorted(lib_dir.glob("libmupdf.so.*"))
    include = lib_dir / "mupdf-devel" / "include"
    python_h = Path(sysconfig.get_paths()["include"]) / "Python.h"
    cc = shutil.which("cc") or shutil.which("gcc")
    missing = [what for what, ok in (("a C compiler (cc)", cc), (f"Python's headers ({python_h})", python_h.exists()),
                                     (f"MuPDF's headers ({include})", include.is_dir()),
                                     (f"MuPDF's library in {lib_dir}", libs)) if not ok]
    if missing:
        print(f"note: the span lister is not built (missing {', '.join(missing)}): {WITHOUT}")
        return 0
    if target.exists() and target.stat().st_mtime >= max(SOURCE.stat().st_mtime, libs[-1].stat().st_mtime):
        return 0
    cmd = [cc, "-O2", "-shared", "-fPIC", "-Wall", f"-I{python_h.parent}", f"-I{include}",
           "-o", str(target), str(SOURCE), f"-L{lib_dir}", f"-l:{libs[-1].name}", f"-Wl,-rpath,{lib_dir}"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        print(f"note: the span lister did not build ({done.stderr.strip()[-400:]}): {WITHOUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
