"""Sweden's 290 municipalities (SCB kommunkod, short name, county), and
resolution of the ways reports print a municipality's name.

Resolution is exact after folding case and the standard suffixes: a wrong
municipality in the corpus is worse than none, so there is no fuzzy guessing.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "municipalities.csv"

# Long forms whose stem is not "<name>" or "<name>s": Falun's long form is
# "Falu kommun", and Gotland is organised as a region, "Region Gotland".
_ALIASES = {"falu": "Falun", "region gotland": "Gotland"}
_SUFFIX = re.compile(r"\s+(?:kommuns?|stads?)$")


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str  # SCB kommunkod, 4 digits with leading zero
    name: str  # short form, e.g. "Upplands Väsby"
    county_code: str


@cache
def municipalities() -> tuple[Municipality, ...]:
    with open(DATA, encoding="utf-8", newline="") as f:
        return tuple(Municipality(r["code"], r["name"], r["county_code"]) for r in csv.DictReader(f))


def _key(text: str) -> str:
    # Hyphen and space are folded together ("Upplands-Väsby", "Malung Sälen");
    # no two municipality names differ only there.
    t = unicodedata.normalize("NFC", text).casefold()
    t = re.sub(r"[‐‑‒–—-]", " ", t)
    return " ".join(t.replace(".", " ").replace(",", " ").split())


@cache
def _index() -> dict[str, Municipality]:
    idx = {_key(m.name): m for m in municipalities()}
    for alias, name in _ALIASES.items():
        idx[_key(alias)] = idx[_key(name)]
    return idx


def resolve(text: str) -> tuple[str, str] | None:
    """(short name, code) for a printed municipality name such as "Torsås",
    "Torsås kommuns", "GRÄSTORPS KOMMUN", "Stockholms stad", "Göteborgs Stad",
    "Region Gotland", "Huddinges"; None when it names no municipality."""
    if not text or not text.strip():
        return None
    idx = _index()
    key = _key(text)
    stem = _SUFFIX.sub("", key)
    # Exact first, so names that end in s ("Torsås", "Borås") are never cut;
    # then the genitive -s ("Grästorps kommun", "Huddinges").
    for candidate in (key, stem, stem[:-1] if stem.endswith("s") else None):
        if candidate and candidate in idx:
            m = idx[candidate]
            return m.name, m.code
    return None


def by_code(code: str) -> Municipality | None:
    return next((m for m in municipalities() if m.code == code), None)


def municipality_names() -> list[str]:
    """All short names, longest first, so a parser searching a title line for
    any of them finds "Upplands Väsby" before a shorter name inside it."""
    return sorted((m.name for m in municipalities()), key=lambda n: (-len(n), n))


def find_in_text(text: str) -> str | None:
    """Last resort for a title without "X kommun": any municipality's name
    printed as a whole word (longest names first, so "Upplands Väsby" wins
    over a shorter name inside it)."""
    for name in municipality_names():
        if re.search(rf"(?<!\w){re.escape(name)}s?(?!\w)", text, re.I):
            return name
    return None


def clean_printed(printed: str | None) -> str | None:
    """A printed name that resolves to no municipality, without its suffix."""
    if not printed:
        return None
    name = re.sub(r"(?i)\s+(kommuns?|stads?)$", "", printed.strip())
    return name or None


def resolve_candidates(candidates: list[str], title_text: str = "") -> tuple[str | None, str | None]:
    """(name, code) of the first printed candidate that names a municipality;
    else a known name in the title text; else the first candidate as printed
    (suffix removed) with no code; (None, None) when nothing is printed."""
    for c in candidates:
        r = resolve(c)
        if r:
            return r
    found = find_in_text(title_text) if title_text else None
    if found:
        return resolve(found) or (found, None)
    return clean_printed(candidates[0]) if candidates else None, None
