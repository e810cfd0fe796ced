"""A text page's blocks, from the compiled span lister when it is there.

`page_blocks(textpage)` gives what `textpage.extractDICT()["blocks"]` gives
(the keys the reader uses), through extract/pdf/_stext.c when `make setup`
built it for the MuPDF that PyMuPDF loaded, else through extractDICT itself.
The two agree on every page tests/test_stext.py can find; the compiled one
takes under a third of the time (0.12 against 0.40 ms a page: extractDICT asks
MuPDF about the font of every character through wrappers that each open an
error frame).

KK_NO_NATIVE=1 in the environment makes every page go through extractDICT.
"""
from __future__ import annotations

import os

import pymupdf


def _load():
    """The compiled module, or None where it was not built or was built for
    another MuPDF (its structures would not be the ones in memory)."""
    if os.environ.get("KK_NO_NATIVE"):
        return None
    try:
        from . import _stext
    except ImportError:
        return None
    version = getattr(pymupdf, "mupdf_version", None) or pymupdf.VersionFitz
    return _stext if _stext.mupdf_version() == version else None


_lister = _load()


def native() -> bool:
    """Whether pages are listed by the compiled module."""
    return _lister is not None


def _settings() -> tuple[bool, bool]:
    """(whether PyMuPDF's global text settings are ones the lister follows,
    whether its quad corrections are on). Each call asks PyMuPDF afresh: the
    settings are global and anyone may change them."""
    tools = pymupdf.TOOLS
    plain = not tools.set_small_glyph_heights() and not tools.set_subset_fontnames()
    return plain, not tools.unset_quad_corrections()


def page_blocks(textpage) -> list:
    """The blocks of `textpage` (a pymupdf.TextPage) as extractDICT lists them."""
    if _lister is not None:
        plain, corrections = _settings()
        if plain:
            blocks = _lister.page_blocks(textpage.this.m_internal_value(), corrections)
            if blocks is not None:
                return blocks
    return textpage.extractDICT()["blocks"]
