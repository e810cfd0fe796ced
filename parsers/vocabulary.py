"""The words Kommunkompassen reports use to mark their parts, in every
generation. Kept in one place so a new wording is one edit."""
from __future__ import annotations

import re

# (OCR may run "Område 1" together: "Område1".)
AREA_HEADING = re.compile(r"^\s*(?:#+\s*)?Område\s*(\d)\b\s*[.:–-]?\s*(.*?)\s*$", re.I)
# A TOC line ends with dot leaders or a page number.
TOC_TAIL = re.compile(r"(\.{3,}|…)\s*\d*\s*$|\s\d{1,3}\s*$")


class CloseReading:
    """A heading pattern whose `match` also takes a close reading of the
    heading alone on its line, as OCR gives it ("4, Oversikt av
    poängfördeIning"): after its number, at least `min_ratio` similar to
    `words` and of about its length. Truthy or None, like re.match."""

    def __init__(self, rx: re.Pattern, words: str, min_ratio: float = 85.0):
        self.rx, self.words, self.min_ratio = rx, words.casefold(), min_ratio

    def match(self, s: str):
        m = self.rx.match(s)
        if m or len(s) > 2 * len(self.words):
            return m
        if len(s.casefold()) < 0.8 * len(self.words):
            return None  # (what is compared below is a part of it: too short to be close)
        from rapidfuzz.fuzz import ratio

        t = re.sub(r"^\s*\d+\s*[.,:;]?\s*", "", s).strip().casefold()
        if abs(len(t) - len(self.words)) <= 0.2 * len(self.words) and ratio(t, self.words) >= self.min_ratio:
            return True
        return None


OVERVIEW_HEADING = CloseReading(
    re.compile(r"^\s*(?:\d+\.?\s*)?Översikt\s+av\s+poängfördelning\b\s*$", re.I), "Översikt av poängfördelning")


class Title:
    """A title alone on its line, one of `words`; `match` also takes it with
    spaces inside its words ("Förbät tringsmöjligheter", "S T Y R K O R"):
    letter-spaced headings, and text layers whose producer placed each glyph
    on its own, where the reader's space guessing splits words. Truthy or
    None, like re.match."""

    # Longer than this (spaces included), a line is text, not a spaced title.
    MAX_SPACED = 80

    def __init__(self, *words: str):
        self.rx = re.compile(r"^\s*(" + "|".join(words) + r")\s*:?\s*$", re.I)
        self.compact = re.compile("^(" + "|".join(w.replace(" ", "") for w in words) + "):?$", re.I)
        self.initials = frozenset(w[0].casefold() for w in words)

    def match(self, s: str):
        m = self.rx.match(s)
        if m or len(s) > self.MAX_SPACED:
            return m
        if s.lstrip()[:1].casefold() not in self.initials:
            return None  # (the compact form starts with a word's first letter, or it is no title)
        return self.compact.match("".join(s.split()))


STRENGTH_WORDS = ("Styrkor", "Styrka", "Starka sidor")
IMPROVEMENT_WORDS = ("Förbättringsmöjligheter", "Förbättringsområden", "Förbättringsområde", "Förbättringsförslag",
                     "Utvecklingsområden", "Utvecklingsmöjligheter", "Förbättringspotential")
STRENGTHS = Title(*STRENGTH_WORDS)
IMPROVEMENTS = Title(*IMPROVEMENT_WORDS)
# Section words that end a findings list or a "Rubriker" box.
SECTION_WORDS = re.compile(r"^\s*(Allmänt|Allmänt om området|Sammanfattning|Kommentarer?)\s*$", re.I)
RUBRIKER = re.compile(r"^\s*Rubriker\s*$", re.I)
POANG = re.compile(r"^\s*Poäng\s*$", re.I)
NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*$")

MONTHS = {m: i for i, m in enumerate(
    ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
     "september", "oktober", "november", "december"], start=1)}

# "Utvärderingen av Torsås kommun genomfördes i november 2021"
EVALUATION_SENTENCE = re.compile(
    r"Utvärderingen(?:\s+av\s+(?P<name>[^.]{2,60}?))?\s+(?:genomfördes|gjordes|utfördes|ägde rum)\s+(?P<when>[^.]{0,60}?(?P<year>(?:19|20)\d\d))",
    re.I)
TITLE_MUNICIPALITY = re.compile(
    r"(?i:Analys\s+av)\s+(?P<name>\w[\w\-]*(?:[ -][A-ZÅÄÖ][\w\-]*)?)\s+(?P<suffix>kommun|stad|KOMMUN|STAD|Stad)\b")
EVALUATORS = re.compile(r"^\s*Utvärderare\s*:?\s*(.*)$", re.I)

# A findings table header printed on one line of a text export: the two
# column titles side by side (pdftotext -layout: spaces between them) or
# one after the other (pdftotext -raw: one space).
def _title_pair(first: tuple[str, ...], second: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"^\s*(?:" + "|".join(first) + r")\s*:?(\s+)(?:" + "|".join(second) + r")\s*:?\s*$", re.I)


FINDINGS_PAIR = _title_pair(STRENGTH_WORDS, IMPROVEMENT_WORDS)
# The same titles the other way round (the improvements column first).
FINDINGS_PAIR_REVERSED = _title_pair(IMPROVEMENT_WORDS, STRENGTH_WORDS)

# An improvement suggestion is a recommendation: it opens with a verb in the
# imperative or infinitive ("Utveckla ...", "Fortsätt att ...", "Ta fram ..."),
# or asks a question. Used only to guess where the strengths column ends in
# a text export that printed the two columns one after the other (always
# said in a warning). General recommendation verbs of Swedish reports.
RECOMMENDATION_VERB = re.compile(
    r"^(?:utveckl|vidareutveckl|förtydlig|fortsätt|förstärk|stärk|skap|säkerställ|överväg|inför|tydliggör|synliggör"
    r"|ök|minsk|arbet|etabler|fullfölj|koordiner|samordn|kartlägg|följ|använd|saml|uppmuntr|sammanställ"
    r"|konkretiser|främj|formuler|kompletter|förny|återkoppl|identifier|offentliggör|prioriter|tills|implementer"
    r"|förbättr|systematiser|dokumenter|integrer|involver|informer|utvärder|analyser|förankr|initier|genomför"
    r"|påbörj|beakt|utbild|premier|belön|s|t|gör|bli|låt|håll|hitt|sätt|lyft|g|h|bygg|fördjup|renodl|preciser"
    r"|definier|förenkl|digitaliser|effektiviser|moderniser|revider|uppdater|publicer|redovis|mät|jämför"
    r"|inventer|engager|ställ|tänk)(?:a|e)?$", re.I)
