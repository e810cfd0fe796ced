"""Web transcripts: a document as document-sharing sites print it below their
viewer -- some lines of the site's own text, then one paragraph per page,
"<page number> <page text>", the page's line breaks turned into spaces, its
running header and printed page number inside the paragraph.

Recognised by content only, never by a file or site name: a run of
paragraphs numbered 1, 2, 3 ... (at least MIN_PAGES), most of whose texts
start with the same words (the running header). What is read back:

* pages: one paragraph block per page, page = its paragraph number; lines a
  paragraph keeps (a site that keeps some line breaks) stay lines; an empty
  page gives no block;
* the running header: the longest run of words that starts at least half of
  the pages (extract.running's shape test, so a header whose digits change
  from page to page counts too), and likewise a running footer at their end;
* the printed page number at the end of a page's text when it is the
  paragraph number plus the offset most pages agree on (a book's page 7 may
  print "5"); where a page does not end with it (the page's text came after
  the footer in reading order), the text keeps it, and
  Document.page_numbers says what that page prints, so a reader of the text
  can tell it from a value;
* the site's text before the first page and after the last as paragraphs
  without a page.

The document is marked `flattened`: where a line, a list item or a table
cell ended is not in the text. Nothing here knows what the document is about.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .model import Block, paragraph
from .running import Candidate, RunningRule, running_lines, shape

# Fewer numbered page paragraphs than this is not a transcript.
MIN_PAGES = 3
# Pages a site may leave out in a row (it prints an empty page as its bare
# number, but not every site does).
MAX_MISSING = 2
# A page paragraph: its number (at most four digits), then its text.
_PAGE = re.compile(r"^(\d{1,4})(?:[ \t]+(\S.*))?$")
_INT = re.compile(r"^\d{1,4}$")
# The running header and footer are runs of words at a page's start (end).
# How many words such a run may have: a title line or two.
MAX_RUN_WORDS = 16
# A page's own run grows one word at a time while the pages sharing it stay
# at least this share of the pages sharing the run one word shorter: a
# header ("Analys av X kommun 2014") is shared by nearly every page that
# shares its first word, the header plus the first word of the page's text
# ("... 2014 Område") by few of them.
RUN_GROWTH = 0.8
# The header must start at least half of the pages, or of the left-hand
# (even) or of the right-hand (odd) ones, at least three: a book may print
# its title on one side and its chapter on the other. extract.running's rule for paginated
# text, every candidate tested by its exact text and by its shape (digits
# folded); the band stands for the run's length, so runs of one length are
# counted together.
TRANSCRIPT_RUNNING = RunningRule(min_pages=MIN_PAGES, share=0.5, round_up=0.999, min_repeats=3,
                                 exact_ranks=None, shape_ranks=None, number_ranks=0, per_band=True,
                                 number_shape=False, page_number=re.compile(r"^\d{1,4}$"))


@dataclass
class Transcript:
    prelude: list[list[str]]  # paragraphs (their lines) before the first page
    pages: dict[int, list[str]]  # page number -> its lines (usually one)
    trailer: list[list[str]]  # paragraphs after the last page
    header: dict[int, str] = field(default_factory=dict)  # page -> running header removed
    footer: dict[int, str] = field(default_factory=dict)
    page_numbers: dict[int, str] = field(default_factory=dict)  # page -> number it prints


def _paragraphs(text: str) -> list[list[str]]:
    out, cur = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            cur.append(line.strip())
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _numbered_run(paras: list[list[str]]) -> tuple[int, int] | None:
    """(first, last) index of the longest run of paragraphs numbered 1, 2, 3
    ... (a site may leave out up to MAX_MISSING pages in a row); a paragraph
    without the next number inside the run continues its page."""
    best = None
    for start, p in enumerate(paras):
        m = _PAGE.match(p[0])
        if not m or m.group(1) != "1":
            continue
        no, last, count = 1, start, 1
        for j in range(start + 1, len(paras)):
            m = _PAGE.match(paras[j][0])
            if m and no < int(m.group(1)) <= no + 1 + MAX_MISSING:
                no, last, count = int(m.group(1)), j, count + 1
        if count >= MIN_PAGES and (best is None or count > best[2]):
            best = (start, last, count)
    return None if best is None else (best[0], best[1])


def split_transcript(text: str) -> Transcript | None:
    """The transcript's pages, or None when the text is not one."""
    if "\f" in text:
        return None  # a paginated export (pdftotext) marks its pages itself
    paras = _paragraphs(text)
    run = _numbered_run(paras)
    if run is None:
        return None
    start, last = run
    pages: dict[int, list[str]] = {}
    no = 0
    for p in paras[start:last + 1]:
        m = _PAGE.match(p[0])
        if m and no < int(m.group(1)) <= no + 1 + MAX_MISSING:
            no = int(m.group(1))
            pages[no] = ([m.group(2)] if m.group(2) else []) + p[1:]
        else:
            pages[no].extend(p)
    t = Transcript(paras[:start], pages, paras[last + 1:])
    _strip_runs(t)
    if not t.header:
        return None  # numbered paragraphs, but no running header inside them
    _strip_page_numbers(t)
    return t


def _words(lines: list[str]) -> list[str]:
    return " ".join(lines).split()


def _runs(pages: dict[int, list[str]], band: str) -> dict[int, int]:
    """Per page, how many words at its start (band "top") or end ("bottom")
    are the running header (footer)."""
    seqs = {p: (_words(ls) if band == "top" else _words(ls)[::-1]) for p, ls in pages.items()}
    seqs = {p: w for p, w in seqs.items() if w}
    # Candidates: every page's first (last) 1..MAX_RUN_WORDS words.
    # How many pages share each run (by its shape: digits folded).
    shared = Counter(shape(" ".join(w[:n])) for w in seqs.values() for n in range(1, min(MAX_RUN_WORDS, len(w)) + 1))
    running = set()
    # Every page, and each side apart (a book prints its title on left pages,
    # its chapter on right ones).
    for side in (seqs, *({p: w for p, w in seqs.items() if p % 2 == parity} for parity in (0, 1))):
        cands = [Candidate(p, " ".join(w[:n]).casefold(), str(n), 0)
                 for p, w in side.items() for n in range(1, min(MAX_RUN_WORDS, len(w)) + 1)]
        hits = running_lines(cands, len(side), TRANSCRIPT_RUNNING)
        running |= {(c.page, int(c.band)) for i, c in enumerate(cands) if i in hits}
    out = {}
    for p, w in seqs.items():
        n = 0
        while (p, n + 1) in running and (n == 0 or shared[shape(" ".join(w[:n + 1]))]
                                         >= RUN_GROWTH * shared[shape(" ".join(w[:n]))]):
            n += 1
        if 0 < n < len(w) or (n and band == "top"):
            out[p] = n
    return out


def _strip_runs(t: Transcript) -> None:
    for band, store in (("top", t.header), ("bottom", t.footer)):
        for p, n in _runs(t.pages, band).items():
            words = _words(t.pages[p])
            kept = words[n:] if band == "top" else words[:len(words) - n]
            removed = words[:n] if band == "top" else words[len(words) - n:]
            if band == "bottom" and removed and _INT.match(removed[-1]):
                # The page number after a footer is the page number's to take.
                kept, removed = kept + removed[-1:], removed[:-1]
                if not removed:
                    continue
            store[p] = " ".join(removed)
            t.pages[p] = _rewrap(t.pages[p], kept, band)


def _rewrap(lines: list[str], kept: list[str], band: str) -> list[str]:
    """The page's lines with words dropped at one end, lines kept."""
    out, drop = [], sum(len(ln.split()) for ln in lines) - len(kept)
    seq = lines if band == "top" else lines[::-1]
    for ln in seq:
        w = ln.split()
        if drop >= len(w):
            drop -= len(w)
            continue
        w = w[drop:] if band == "top" else w[:len(w) - drop]
        drop = 0
        out.append(" ".join(w))
    return out if band == "top" else out[::-1]


def _strip_page_numbers(t: Transcript) -> None:
    """The printed page number: the last word of a page when it is the page's
    paragraph number plus the offset most pages agree on."""
    offsets = Counter()
    for p, ls in t.pages.items():
        w = _words(ls)
        if w and _INT.match(w[-1]):
            offsets[int(w[-1]) - p] += 1
    if not offsets:
        return
    offset, n = offsets.most_common(1)[0]
    if n < MIN_PAGES:
        return
    for p, ls in t.pages.items():
        printed = p + offset
        if printed < 1:
            continue
        t.page_numbers[p] = str(printed)
        w = _words(ls)
        if w and w[-1] == str(printed):
            t.pages[p] = _rewrap(ls, w[:-1], "bottom")


def transcript_blocks(t: Transcript) -> list[Block]:
    blocks = [paragraph(tuple(p)) for p in t.prelude]
    blocks += [paragraph(tuple(ls), no) for no, ls in sorted(t.pages.items()) if ls]
    blocks += [paragraph(tuple(p)) for p in t.trailer]
    return blocks
