"""The architecture's contracts, checked on every `make test`: data flows one
way (import-linter contracts in pyproject.toml) and no module grows past the
size a reader can hold in mind."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGES = ("extract", "parsers", "normalize", "store", "run", "qa", "release")
MAX_LINES = 600


def test_import_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        exe = shutil.which("lint-imports")
    if not exe:
        pytest.fail("import-linter is not installed (it is in the test extra: pip install -e '.[test]')")
    p = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    assert "broken" in p.stdout and " 0 broken" in p.stdout


@pytest.mark.parametrize("pkg", PACKAGES)
def test_no_module_over_the_limit(pkg):
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / pkg).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"
