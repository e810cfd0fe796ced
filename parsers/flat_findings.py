"""The items of one strengths or improvements list in a text that lost its
line breaks (a web transcript), where a list is a run of words.

What the run still shows decides how sure the items are:

* a bullet glyph before each item ("• a • b"): the glyphs are the
  boundaries, the items are certain;
* a run of glyphs, then the texts (the tool that made the text read the
  glyph column first): the number of items is known, their boundaries are
  not; they are guessed and marked inferred;
* no glyphs: neither is known; boundaries are guessed where a sentence ends
  or a capitalised word follows a word without punctuation, and marked
  inferred.

A guess is scored by the word before and after it; nothing here knows the
report's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.typography import is_bullet_glyph

# Words after which a capitalised word is part of the same sentence (a
# name, a quoted title): "i Jämförelsetjänsten", "såsom "Vårt Huddinge"".
_BINDING = frozenset("""i av med för till på om som att en ett och eller samt från hos mot inom under
vid via än exempelvis såsom bland t.ex. ex. bl.a. t ex the of""".split())
# Abbreviations whose period ends no sentence.
_ABBREVIATION = re.compile(r"(?i)^(?:m\.m|m\.fl|bl\.a|t\.ex|ex|etc|dvs|osv|resp|ca|st|nr|s|kap|jfr)\.$")
_SENTENCE_END = re.compile(r"[.!?]$")
_OPEN_END = re.compile(r"[,;:\-–/&(]$")


@dataclass(frozen=True)
class Word:
    text: str
    page: int | None


@dataclass(frozen=True)
class Item:
    text: str
    page: int | None
    inferred: bool


def is_glyph(token: str) -> bool:
    return len(token) == 1 and is_bullet_glyph(token)


def _starts_item(word: str) -> bool:
    s = word.lstrip("\"'”“„«(")
    return bool(s) and (s[0].isupper() or s[0].isdigit())


def boundary_score(before: str, after: str) -> int:
    """How likely an item ends after `before` and the next begins at
    `after` (0: never). Strongest: a capitalised word after a lower-case word
    without punctuation (a sentence does not go on that way, a list does);
    then a sentence's end (an item may hold several sentences); weakest: an
    acronym, an abbreviation's period, or a capitalised word after another
    (a name: "Vårt Huddinge")."""
    if not _starts_item(after) or _OPEN_END.search(before) or before.lower() in _BINDING:
        return 0
    bare = after.lstrip("\"'”“„«(")
    if (len(bare) > 1 and bare.isupper()) or _ABBREVIATION.match(before):
        return 1
    if _SENTENCE_END.search(before):
        return 2
    if before[:1].isupper() or before[:1] in "\"'”“„«(" or bare[:1].isdigit():
        return 1  # a name goes on ("Vårt Huddinge"); "åren 2018–2022"
    return 3 if before[-1:].isalnum() or before[-1:] in ")”\"" else 1


def split_guessed(words: list[Word], count: int | None) -> list[Item]:
    """Cut a run of words into `count` items (None: as many as the text
    suggests), at the likeliest boundaries; every item is inferred."""
    if not words:
        return []
    cands = [(boundary_score(words[i - 1].text, words[i].text), i) for i in range(1, len(words))]
    cands = [(s, i) for s, i in cands if s > 0]
    if count is None:
        cuts = sorted(i for s, i in cands if s >= 2)
    else:
        cuts = sorted(i for _s, i in sorted(cands, key=lambda c: (-c[0], c[1]))[:max(0, count - 1)])
    out, start = [], 0
    for cut in cuts + [len(words)]:
        piece = words[start:cut]
        if piece:
            out.append(Item(" ".join(w.text for w in piece), piece[0].page, True))
        start = cut
    return out


def split_items(words: list[Word]) -> tuple[list[Item], bool]:
    """The items of a list's run of words, and whether any boundary is a guess."""
    runs: list[tuple[str, list[Word]]] = []  # ("glyphs", ...) / ("text", ...)
    for w in words:
        kind = "glyphs" if is_glyph(w.text) else "text"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(w)
        else:
            runs.append((kind, [w]))
    glyph_runs = [r for k, r in runs if k == "glyphs"]
    if not glyph_runs:
        items = split_guessed(words, None)
        return items, True
    items: list[Item] = []
    guessed = False
    pending = 0  # glyphs seen whose texts have not come yet
    for kind, run in runs:
        if kind == "glyphs":
            pending += len(run)
            continue
        if pending == 1:
            items.append(Item(" ".join(w.text for w in run), run[0].page, False))
        elif pending > 1:
            items.extend(split_guessed(run, pending))
            guessed = True
        elif items:
            # Text before any glyph of its own: the previous item goes on
            # (a page break inside it).
            last = items[-1]
            items[-1] = Item(f"{last.text} {' '.join(w.text for w in run)}", last.page, last.inferred)
        else:
            items.extend(split_guessed(run, None))
            guessed = True
        pending = 0
    return items, guessed
