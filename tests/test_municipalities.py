"""The municipality table and name resolution."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from normalize import municipalities as m
from normalize.municipalities import municipality_names, resolve

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "municipalities.csv"


def test_table_shape():
    ms = m.municipalities()
    assert len(ms) == 290
    assert len({x.code for x in ms}) == 290 and len({x.name for x in ms}) == 290
    for x in ms:
        assert len(x.code) == 4 and x.code.isdigit() and x.code[:2] == x.county_code
    assert m.by_code("0114").name == "Upplands Väsby"


def test_table_matches_the_reference():
    if not REFERENCE.is_file():
        pytest.skip(f"{REFERENCE} is absent (the CC0 reference lives in ../shared beside the project)")
    with open(REFERENCE, encoding="utf-8", newline="") as f:
        ref = [(r["municipality_code"], r["municipality"], r["county_code"]) for r in csv.DictReader(f)]
    ours = [(x.code, x.name, x.county_code) for x in m.municipalities()]
    assert sorted(ours) == sorted(ref)


@pytest.mark.parametrize("text, name, code", [
    ("Torsås", "Torsås", "0834"),
    ("Torsås kommun", "Torsås", "0834"),
    ("Torsås kommuns", "Torsås", "0834"),
    ("Grästorps kommun", "Grästorp", "1444"),
    ("GRÄSTORPS KOMMUN", "Grästorp", "1444"),
    ("Stockholms stad", "Stockholm", "0180"),
    ("Huddinge kommun", "Huddinge", "0126"),
    ("Huddinges", "Huddinge", "0126"),
    ("Göteborgs Stad", "Göteborg", "1480"),
    ("Region Gotland", "Gotland", "0980"),
    ("Gotlands kommun", "Gotland", "0980"),
    ("Borås", "Borås", "1490"),
    ("Borås stad", "Borås", "1490"),
    ("Västerås stads", "Västerås", "1980"),
    ("Malung-Sälens kommun", "Malung-Sälen", "2023"),
    ("Upplands-Bro", "Upplands-Bro", "0139"),
    ("Upplands Väsby kommun", "Upplands Väsby", "0114"),
    ("Upplands-Väsby", "Upplands Väsby", "0114"),
    ("Falu kommun", "Falun", "2080"),
    ("Lilla Edets kommun", "Lilla Edet", "1462"),
    ("Dals-Eds kommun", "Dals-Ed", "1438"),
    ("  torsås  ", "Torsås", "0834"),
    ("Torsa\u030as", "Torsås", "0834"),  # decomposed å (NFD) -> NFC
])
def test_resolve(text, name, code):
    assert resolve(text) == (name, code)


@pytest.mark.parametrize("text", ["", "   ", "Kommun", "Region Kalmar", "Torsa", "Stockholmsstad", "Sverige",
                                  "Torsås kommun 2021", "Kommunen"])
def test_no_guessing(text):
    # "Region Kalmar" is the region, not Kalmar municipality; "Torsa" is no municipality
    assert resolve(text) is None


def test_habo_and_haabo_are_different():
    assert resolve("Habo kommun") == ("Habo", "0643")
    assert resolve("Håbo kommun") == ("Håbo", "0305")


def test_genitive_never_turns_one_municipality_into_another():
    names = {x.name for x in m.municipalities()}
    for n in names:
        assert resolve(n)[0] == n
        assert resolve(n + " kommun")[0] == n
        if not n.endswith(("s", "x", "z")):
            assert resolve(n + "s kommun")[0] == n


def test_municipality_names_longest_first():
    names = municipality_names()
    assert len(names) == 290
    assert [len(n) for n in names] == sorted((len(n) for n in names), reverse=True)
    assert names.index("Upplands Väsby") < names.index("Ale")


def test_a_title_naming_another_municipality_than_the_text_is_a_warning(tmp_path):
    # a report made from another municipality's template: which one is right
    # is for a person to see, never silently one of them
    from conftest import ROOT
    from extract import read_document
    from normalize.assemble import assemble
    from parsers.registry import parse
    text = (ROOT / "data" / "raw" / "pahitto_2021_wordexport.txt").read_text(encoding="utf-8")
    assert "Analys av Påhittö kommun" in text
    for title, conflict in (("Påhittö", False), ("Torsås", True)):
        p = tmp_path / f"{title}.txt"
        p.write_text(text.replace("Analys av Påhittö kommun", f"Analys av {title} kommun", 1), encoding="utf-8")
        issues = assemble(parse(read_document(p)), "0" * 64).report.issues
        assert any(i.startswith("warning: municipality: the title and the text name different") for i in issues) \
            is conflict, title
