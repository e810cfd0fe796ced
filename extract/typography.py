"""Typography every reader shares: list bullets, list numbers, invisible and
ligature characters, and how wrapped lines join into one text.

The readers see the same typography through different windows: a PDF line
starts with a glyph in its own span, Word writes a glyph and a tab, a text
export keeps "- " or "•", OCR turns "•" into "e" or "«", and Word exports
flatten a list into running text ("• a • b"). One vocabulary is defined
here; each context takes a named subset of it. Where two contexts use
different subsets, the comment says why (they were measured against the
golden files of tests/golden: widening one changes what a reader sees).

Nothing here knows what the document is about.
"""
from __future__ import annotations

import re
import unicodedata

# --------------------------------------------------------------------------
# bullets

# The bullet a reader writes when it rebuilds a list mark ("• text").
BULLET = "•"

# Bullet glyphs of any kind, as typeset by a word processor or a PDF producer.
BULLET_GLYPHS = frozenset("•●◦○▪▫■□◆◇►▸▹‣⁃∙·➢➤✓✔❖➔→")

# Symbol-font bullets: Word's Symbol/Wingdings glyphs land in the private-use
# block U+F000-U+F0FF when a producer keeps the font's own code (U+F0B7 is
# Symbol's bullet, U+F0A7 Wingdings' small square, U+F0D8 its arrowhead ...).
SYMBOL_FONT_FIRST, SYMBOL_FONT_LAST = 0xF000, 0xF0FF

# Dashes and the asterisk serve as bullets too, but also as text ("A – B",
# "-5 %"): a reader takes them as bullets only with a gap or tab after them.
DASH_BULLETS = frozenset("-–—*")


# Any bullet glyph or symbol-font glyph, for finding the first in a text at C speed.
_ANY_BULLET_GLYPH = re.compile("[" + "".join(re.escape(ch) for ch in sorted(BULLET_GLYPHS))
                               + f"{chr(SYMBOL_FONT_FIRST)}-{chr(SYMBOL_FONT_LAST)}]")


def first_bullet_glyph(text: str) -> str | None:
    """The first character of `text` that is_bullet_glyph, if any."""
    m = _ANY_BULLET_GLYPH.search(text)
    return m.group() if m else None


def is_symbol_font_glyph(ch: str) -> bool:
    return SYMBOL_FONT_FIRST <= ord(ch) <= SYMBOL_FONT_LAST


def is_bullet_glyph(ch: str) -> bool:
    """A bullet glyph of any kind (not a dash): one character."""
    return ch in BULLET_GLYPHS or SYMBOL_FONT_FIRST <= ord(ch) <= SYMBOL_FONT_LAST


def is_list_glyph(ch: str) -> bool:
    """A bullet glyph or a dash bullet (DOCX: a paragraph typed with its own
    bullet; whether it really is one depends on what follows)."""
    return ch in BULLET_GLYPHS or ch in DASH_BULLETS or SYMBOL_FONT_FIRST <= ord(ch) <= SYMBOL_FONT_LAST


# A regular-expression character class of every bullet glyph (no dashes).
BULLET_CLASS = "".join(re.escape(ch) for ch in sorted(BULLET_GLYPHS)) + "\uf000-\uf0ff"

# At the start of a line (followed by a space or a tab) a bullet glyph is a
# list mark for every reader: the PDF and DOCX readers take any of
# BULLET_GLYPHS there, and so do the text reader's two line rules below
# (they knew only "•▪◦", U+F0B7 and, before a tab, "·" until the readers
# shared this module; widened to all glyphs with tests/golden unchanged).
# A text export's bullet line: markdown "- ", "* ", "+ ", or a glyph and a
# space (pdftotext keeps the PDF's glyph).
# An en or em dash, or Word's Courier New circle written as "o", leads an
# item only before a capital, a digit or a quote ("– Fortsätt ..."): a
# line that starts "– fortsättning" is a wrapped "A – b".
TEXT_LINE_BULLET = re.compile(
    rf"^\s*(?:(?:[-*+]|[{BULLET_CLASS}])\s+|[–—o]\s+(?=[\"”»'(]?[A-ZÅÄÖÉÜ0-9]))(.*)$")
# Word-to-text writes a bulleted paragraph as glyph + TAB; "o" and "§" are
# how Word's Courier New circle and Wingdings square come out as text.
WORD_TAB_BULLET = re.compile(rf"^\s*[{BULLET_CLASS}o§]\t+(?=\S)")
# ... and a paragraph typed with a dash, an asterisk or a list number as
# dash/number + TAB (the text reader takes it as an item only when no other
# tab follows: "1.<TAB>Area<TAB>Uppnått<TAB>Max" is a table row).
TEXT_TAB_MARK = re.compile(r"^\s*(?:[-–—*+]|\(?\d{1,2}[.)])\t+(?=\S)")
# A list number and a space before a line's text ("1. Text", "2) Text"):
# the text reader takes it as an item only in sequence (1, or one more
# than the item before), so "2021. Text" or a lone "3. Rubrik" stays text.
TEXT_LINE_NUMBER = re.compile(r"^\s*\(?(\d{1,2})[.)][ \t]+(?=\S)")

# Inside a line, a glyph starts an item of a list flattened into running
# text ("• a • b • c"). The two contexts keep their own sets: a PDF table
# cell is searched line by line for any of its glyphs, so a "·" there would
# also cut text where the middle dot separates words ("Kultur · Fritid");
# a fragment of a text export is split only once it holds "•" or U+F0B7
# (has_fragment_bullet), and then also at "·". Neither set was widened:
# the shared corpus has no such glyph inside a line, so tests/golden cannot
# show what a wider set would change.
FRAGMENT_INLINE_BULLETS = "•▪◦·\uf0b7"
PDF_INLINE_BULLETS = "•●▪■◦\uf0b7\uf0a7"
FRAGMENT_INLINE_BULLET = re.compile(rf"\s*[{re.escape(FRAGMENT_INLINE_BULLETS)}]\s*")
PDF_INLINE_BULLET = re.compile(rf"\s*[{re.escape(PDF_INLINE_BULLETS)}]\s*")


def has_fragment_bullet(text: str) -> bool:
    """Does a fragment of a text export hold a list flattened into running
    text? ("•" or Symbol's U+F0B7; the other glyphs of
    FRAGMENT_INLINE_BULLETS only split a fragment found this way.)"""
    return "•" in text or "\uf0b7" in text


# What OCR makes of a list bullet "•": a tiny word of look-alike characters,
# alone or at the start of a span ("e« - Webbsändningar", "e = Tydliggör").
OCR_BULLET_LOOKALIKES = "e«»°®©*o¢•+=·"
OCR_BULLET = re.compile(rf"^[{re.escape(OCR_BULLET_LOOKALIKES)}]{{1,3}}$")
# ... at the start of a span, before a capital or a digit (the text it leads);
# Tesseract often adds "=", "«" or a dash after it.
OCR_BULLET_LEAD = re.compile(
    rf"^\s*[{re.escape(OCR_BULLET_LOOKALIKES)}]{{1,3}}\s+(?:[=«\-–]\s+)?(?=[A-ZÅÄÖ0-9\"”])")
# ... inside a line of OCR'd text, between the end of one item and the
# capital of the next ("... genus ee. Bra samverkansklimat", "... es — De
# flesta"): two items glued where OCR did not see the bullet as one.
OCR_INNER_BULLET = re.compile(
    rf"(?<=\s)[.,]?[{re.escape(OCR_BULLET_LOOKALIKES)}s]{{1,3}}[.,]?\s+(?:[=«\-–—]\s+)?(?=[A-ZÅÄÖ\"”])")
# What OCR puts after a bullet it read apart ("e  =  Tydliggör"): not text.
OCR_BULLET_TRAILERS = ("=", "«", "-")

# For the parsers (parsers/engine.py keeps its own copies until it switches):
# a cell holding nothing but bullet glyphs (OCR look-alikes and Word's
# text fallbacks included) is a bullet column, not a table column.
BULLET_RUN_GLYPHS = "•▪◦·\uf0b7*o°®«»e§-"
BULLET_RUN = re.compile(rf"^(?:[{re.escape(BULLET_RUN_GLYPHS)}]\s*)+$")
# A leading bullet on a finding's text (and the space after it): any bullet
# glyph, a dash or an asterisk ("—" and "✓" added when the readers learnt
# them as list marks; the shared corpus has no finding that starts so).
LEADING_BULLET_GLYPHS = "•▪◦·-–—*\uf0b7"
LEADING_BULLET = re.compile(rf"^[{re.escape(LEADING_BULLET_GLYPHS)}{BULLET_CLASS}]\s+")

# --------------------------------------------------------------------------
# list numbers

# "1." "12)" "(3)" "a)" "B." "iv." -- a list number standing before the text.
LIST_NUMBER_CORE = r"(?:\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|[ivxIVX]{1,4}[.)])"
# ... as a piece of its own (PDF: the number's span stands apart from the text).
LIST_NUMBER = re.compile(rf"^{LIST_NUMBER_CORE}$")
# ... followed by a tab (DOCX: a number typed by hand, Word-style).
LIST_NUMBER_TAB = re.compile(rf"^{LIST_NUMBER_CORE}\t")
# A leading arabic list number and its space on a finding's text ("1. ",
# "(2) "): parsers strip it like a bullet. Letters are left alone there: "a)"
# and "I." start ordinary sentences too.
LEADING_LIST_NUMBER = re.compile(r"^\(?\d{1,2}[.)]\s+(?=\S)")


def strip_list_marker(text: str) -> str:
    """A finding's text without its leading bullet glyph or list number,
    whitespace collapsed (parsers/report.py clean_finding)."""
    text = " ".join(text.split())
    text = LEADING_LIST_NUMBER.sub("", LEADING_BULLET.sub("", text))
    return text.strip()


# --------------------------------------------------------------------------
# characters, sentence ends, joining wrapped lines

# Typographic ligature characters (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) some exports keep are letters, not
# spelling; soft hyphens and zero-width spaces are invisible line-break hints.
LIGATURES_AND_INVISIBLES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
LIGATURES_AND_INVISIBLES.update({0x00AD: None, 0x200B: None, 0xFEFF: None})

# A line that ends with one of these ends a sentence (or a lead-in).
SENTENCE_END = ".!?:;"
# A text that stops with one of these goes on somewhere (a cell's text
# broken by a page: "Götene-," / "Tibro- ...").
OPEN_END = ",;-–—/&+("

# Words after which a line-final hyphen is a real "X- och Y" hyphen, not a break.
CONJUNCTIONS = frozenset({"och", "eller", "samt", "respektive", "resp.", "till", "som", "med", "/"})

# Words a sentence (or a list item) never ends with: a line ending with one
# goes on on the next line, whatever that line starts with (a name: "i" /
# "Kalmar län"). Swedish articles, prepositions, conjunctions, subjunctions.
CONTINUING_WORDS = CONJUNCTIONS | frozenset({
    "att", "av", "de", "den", "det", "dess", "där", "efter", "en", "ett", "för", "från", "genom", "hos", "i", "inom",
    "inför", "kring", "men", "mot", "när", "om", "på", "sin", "sina", "sitt", "under", "utan", "vid", "än", "åt",
    "över", "mellan", "bland", "både", "samt", "såsom", "t.ex.", "ex.", "bl.a."})


def guess_new_item(prev: str, nxt: str, stopped_short: bool) -> bool:
    """Where no mark or gap tells: does line `nxt` start a new item after line
    `prev`? Never after a line that stops open (open_line_end) or before a
    lower-case start; after a line that stopped short (its next word would
    have fitted), a capital starts one; after a full line, a capital starts
    one only where `prev` ends no sentence (in Swedish a capital inside a
    sentence is a name: "KF", "Region ...", or a sentence's start after a
    full stop) and `nxt` opens with a capitalised word, not a number or an
    acronym."""
    first = nxt.lstrip("\"'”“»(").split()
    if not first or open_line_end(prev):
        return False
    word = first[0]
    if not (word[0].isupper() or word[0].isdigit()):
        return False
    if stopped_short:
        return True
    if word[0].isdigit() or (len(word) > 1 and word.isupper()):
        return False
    return prev.rstrip()[-1:] not in SENTENCE_END


def open_line_end(line: str) -> bool:
    """Does the line stop where its sentence cannot (an open punctuation mark,
    or a word of CONTINUING_WORDS)?"""
    t = line.rstrip()
    if not t:
        return False
    if t[-1] in OPEN_END:
        return True
    return t.split()[-1].lower() in CONTINUING_WORDS


def composed(text: str) -> str:
    """The text in Unicode NFC: an "ä" written as "a" plus a combining
    diaeresis (macOS exports, some PDF producers) is one letter again, so
    labels, headings and municipality names match as printed."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def clean_chars(text: str) -> str:
    """Ligatures to their letters; soft hyphens and zero-width spaces out."""
    return text.translate(LIGATURES_AND_INVISIBLES)


def join_lines(lines) -> str:
    """Join wrapped lines into one string, whitespace collapsed. A line break
    that falls inside a word leaves no space: after a hyphen ("Brandför-" +
    "svar"; "2014-" + "2020"), a dash between digits ("2018–" + "2022") or a
    slash ("resultat/" + "mål") — unless the source had a space there or the
    next word is a conjunction ("planerings-" + "och")."""
    out = ""
    prev_raw = ""
    for raw in lines:
        line = " ".join(raw.translate(LIGATURES_AND_INVISIBLES).split())
        if not line:
            continue
        if not out:
            out = line
        elif glued(out, prev_raw, line):
            out += line
        else:
            out += " " + line
        prev_raw = raw
    return out


def glued(out: str, prev_raw: str, line: str) -> bool:
    """Does `line` go on the word `out` ends with (no space between)?
    `prev_raw`: the previous line as it was (a trailing space means a break)."""
    if prev_raw.endswith((" ", "\t")) or not line[:1].isalnum():
        return False
    last, before = out[-1], out[-2:-1]
    if last == "-":
        return (before.isalnum() or before == "/") and line.split(" ", 1)[0].lower() not in CONJUNCTIONS
    if last == "–":
        return before.isdigit() and line[:1].isdigit()
    if last == "/":
        return bool(before) and not before.isspace()
    return False
