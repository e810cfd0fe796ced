"""The README's worked queries for researchers (section "For researchers")
run as written, in pandas and in DuckDB, on the shared corpus, and answer
what they say they answer."""
from __future__ import annotations

import contextlib
import io
import re

import duckdb

from conftest import ROOT


def blocks(lang: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## For researchers", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{lang}\n(.*?)```", section, re.S)


def test_there_are_three_queries_in_each_language():
    assert len(blocks("python")) == 3 and len(blocks("sql")) == 3


def test_the_pandas_queries_run(release_out):
    ns: dict = {}
    printed = []
    for code in blocks("python"):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(code.replace("data/parquet", str(release_out)), ns)
        printed.append(buf.getvalue())
    pair = ns["pair"].set_index("concept_id")
    assert len(pair) >= 25 and pair.loc["ethics", "relation"] == "partial"
    assert pair.loc["ethics", "caveat"] and "indicative" in pair.loc["ethics", "caveat"]
    assert "Ethics and trust" in printed[0]
    assert len(ns["hits"]) == 3 and ns["hits"].text.str.contains("edborgardialog").all()
    assert "ethics" in printed[2] and "democracy_strategy" in printed[2]


def test_the_duckdb_queries_run(release_out):
    one, two, three = (duckdb.sql(q.replace("data/parquet", str(release_out))).fetchall() for q in blocks("sql"))
    assert len(one) >= 25 and any(r[0] == "Ethics and trust" and r[3] == "partial" for r in one)
    assert one[-1][3] == "partial"  # the indicative ones last
    assert len(two) == 3 and all("edborgardialog" in r[-1] for r in two)
    assert {r[0] for r in three} >= {"ethics", "democracy_strategy"} and len(three) >= 20
