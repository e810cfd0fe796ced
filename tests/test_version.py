"""`--version` of pipeline.py and of the installed console script."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PATTERN = re.compile(r"^kommunkompassen-corpus (\d+\.\d+\.\d+) \(pipeline ([0-9a-f]{16})\)$")


def test_pipeline_version():
    p = subprocess.run([sys.executable, str(ROOT / "pipeline.py"), "--version"], capture_output=True, text=True)
    m = PATTERN.match(p.stdout.strip())
    assert p.returncode == 0 and m, p.stdout + p.stderr
    from store.cache import pipeline_version
    assert m.group(2) == pipeline_version()


def test_console_script_is_the_same_command():
    exe = Path(sys.executable).with_name("kk-corpus")
    exe = exe if exe.exists() else shutil.which("kk-corpus")
    assert exe, "the console script kk-corpus is not installed (pip install -e .)"
    p = subprocess.run([str(exe), "--version"], capture_output=True, text=True, cwd="/")
    assert p.returncode == 0 and PATTERN.match(p.stdout.strip()), p.stdout + p.stderr
