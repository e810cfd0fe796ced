"""extract.typography: the shared vocabulary of bullets, list numbers and line
joins that every reader and parser uses."""
from __future__ import annotations

import pytest

from extract import model, typography as ty

# What a parser meets at the start of a finding -> the finding's text.
MARKERS = [("• Första", "Första"), ("· Andra", "Andra"), ("- Tredje", "Tredje"), ("– Fjärde", "Fjärde"),
           ("* Femte", "Femte"), ("\uf0b7 Sjätte", "Sjätte"), ("  • indragen", "indragen"), ("1. Ett", "Ett"),
           ("12) Tolv", "Tolv"), ("(3) Tre", "Tre"),
           # not markers: a letter list, a year, a question number, words
           ("a) Fel", "a) Fel"), ("2020 års", "2020 års"), ("1.1 Rubrik", "1.1 Rubrik"), ("eller", "eller"),
           ("e-tjänst", "e-tjänst"), ("Text", "Text")]


@pytest.mark.parametrize("printed,text", MARKERS)
def test_list_markers_are_stripped_and_words_kept(printed, text):
    assert ty.strip_list_marker(printed) == text


def test_a_cell_of_bullet_look_alikes_is_a_bullet_run():
    for t in ("e", "e«", "°", "®", "«»", "• •", "e e"):
        assert ty.BULLET_RUN.match(t), t
    for t in ("eller", "Text", "e-tjänst", "§ 4"):
        assert not ty.BULLET_RUN.match(t), t


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
