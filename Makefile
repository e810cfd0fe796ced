# Two entry points, both from a fresh clone:  make run   |   make test
PY := .venv/bin/python
STAMP := .venv/.installed
# The interpreter the venv is made from: the distribution's own Python 3 where
# it is 3.10 or newer and can make a venv, else the first python3 on PATH.
# Debian builds its Python with profile-guided optimisation and LTO; a default
# source build (pyenv's, here) runs this project's Python ~25 % slower: a run
# over 840 pages took 8 % more time (README, "Performance").
BASE_PY := $(firstword $(shell for p in /usr/bin/python3 python3; do \
	$$p -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null && echo $$p; done))

.PHONY: run test setup system bench clean

$(STAMP): pyproject.toml
	$(BASE_PY) -m venv --clear .venv || python3 -m venv --clear .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# System packages: Tesseract with the Swedish model and orientation detection
# (OCR of scanned pages), poppler-utils (pdftotext, for the test variants of
# text exports), Chromium (the QA page test), and a C compiler with Python's
# headers (the span lister, extract/pdf/_stext.c; without them PDF pages are
# read through PyMuPDF's extractDICT, slower). Installed only where missing,
# and only when we are root with apt.
system:
	@if ! command -v cc >/dev/null 2>&1 || [ ! -e "$$($(BASE_PY) -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc python3-dev >/dev/null; \
	  else echo "note: no C compiler or Python headers: PDF pages are read through extractDICT (slower)"; fi; fi
	@if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -q swe \
	    || ! tesseract --list-langs 2>/dev/null | grep -q osd; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-swe tesseract-ocr-osd >/dev/null; \
	  else echo "note: tesseract-ocr + tesseract-ocr-swe not installed: scanned PDFs will fail with a message"; fi; fi
	@if ! command -v pdftotext >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "note: poppler-utils not installed: the pdftotext test variants will be skipped"; fi; fi
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "note: chromium not installed: the QA page browser test will be skipped"; fi; fi

# The project's modules byte-compiled once, as pip does for an installed
# package: with PYTHONDONTWRITEBYTECODE set, every run would compile ~100
# modules again (0.1-0.2 s a run). Only changed files are compiled.
setup: $(STAMP) system
	@$(PY) -m compileall -q extract parsers normalize store run qa release variants pipeline.py >/dev/null
	@$(PY) scripts/build_native.py

run: setup
	$(PY) pipeline.py --input data/raw --output data/parquet

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) bench/bench_pdf.py

clean:
	rm -rf .venv data/parquet
