"""extract.typography: the shared vocabulary of bullets, list numbers and line
joins, and what it offers parsers/engine.py in place of its own copies."""
from __future__ import annotations

import itertools

import pytest

from extract import model, typography as ty

# Strings a parser meets at the start of a finding or in a bullet column.
SAMPLES = ["• Första", "•Första", "· Andra", "- Tredje", "– Fjärde", "* Femte", "\uf0b7 Sjätte", "▪ x", "◦ x",
           "1. Ett", "12) Tolv", "(3) Tre", "a) Fel", "iv. Fyra", "2020 års", "1.1 Rubrik", "  • indragen",
           "e", "e«", "°", "®", "«»", "o", "§", "-", "• •", "e e", "eller", "o§", "•\t", "", "Text", "e-tjänst"]


def test_what_engine_duplicates_is_offered_with_the_same_meaning():
    engine = pytest.importorskip("parsers.engine")
    for t in SAMPLES:
        assert bool(ty.BULLET_RUN.match(t)) == bool(engine._BULLET_GLYPHS.match(t)), t
        assert ty.LEADING_BULLET.sub("", t) == engine._BULLET.sub("", t), t
        assert ty.LEADING_LIST_NUMBER.sub("", t) == engine._LIST_NUMBER.sub("", t), t
        assert ty.strip_list_marker(t) == engine.clean_finding(t), t
    for a, b in itertools.product(SAMPLES, repeat=2):
        assert ty.strip_list_marker(a + " " + b) == engine.clean_finding(a + " " + b)


def test_bullet_glyphs_of_any_kind():
    for ch in "•●◦○▪▫■□◆◇►▸▹‣⁃∙·➢➤✓✔❖➔→\uf0b7\uf0a7\uf0d8":
        assert ty.is_bullet_glyph(ch) and ty.is_list_glyph(ch), ch
    for ch in "-–—*":
        assert not ty.is_bullet_glyph(ch) and ty.is_list_glyph(ch), ch
    for ch in "ao1§(":
        assert not ty.is_list_glyph(ch), ch


def test_line_start_bullets_of_text_exports():
    assert ty.TEXT_LINE_BULLET.match("  ● Punkt").group(1) == "Punkt"
    assert ty.TEXT_LINE_BULLET.match("- Punkt").group(1) == "Punkt"
    assert not ty.TEXT_LINE_BULLET.match("– fortsättning på en rad")  # a dash needs markdown's "-"
    assert ty.WORD_TAB_BULLET.match("o\tPunkt") and ty.WORD_TAB_BULLET.match("\uf0a7\tPunkt")
    assert not ty.WORD_TAB_BULLET.match("Styrkor\tSvagheter")


def test_list_numbers():
    for t in ("1.", "12)", "(3)", "a)", "B.", "iv."):
        assert ty.LIST_NUMBER.match(t), t
    for t in ("123.", "1.1", "ab)", "2020"):
        assert not ty.LIST_NUMBER.match(t), t
    assert ty.LIST_NUMBER_TAB.match("2)\tText") and not ty.LIST_NUMBER_TAB.match("2) Text")


def test_join_lines_is_the_models_too():
    assert model.join_lines is ty.join_lines
    assert ty.join_lines(["Brandför-", "svar och planerings-", "och uppföljning", "2018–", "2022"]) \
        == "Brandför-svar och planerings- och uppföljning 2018–2022"
    assert ty.clean_chars("Eﬀekt\u00adiv\u200bt") == "Effektivt"
