"""Text exports of a report, three kinds:

glyphs     the report's own text export with every findings item on a line of
           its own, started by a glyph that varies within the document (–, —, *,
           o, ▪, U+F0B7, •, numbers "1." / "1)"), followed by a tab (Word's
           "save as text") or a space. Everything else stays byte for byte.
markdown   the report written as markdown (as a converter makes it): # headings,
           STYRKOR / FÖRBÄTTRINGSOMRÅDEN item lists with "- " or "– " bullets,
           items hard- or soft-wrapped at a width, with or without blank lines.
pdftotext  poppler's pdftotext (default, -raw, -layout) of the report's PDF and
           of layout variants of it (variants.layouts). Skipped, with a message,
           when pdftotext is not installed.

The truth of every export is the answer key of the report it came from.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from .common import (Variant, resolve_source, rng, source_id, strip_tags, variant_stem, write_truth)
from .textmodel import cell_items, is_markdown, item_text, plain, read_blocks

F0B7 = "\uf0b7"
GLYPHS = ("–", "—", "*", "o", "▪", F0B7, "•", "-", "1.", "1)")

GLYPH_PRESETS = {
    "glyphs_per_list": dict(per="list", sep="tab"),
    "glyphs_per_item": dict(per="item", sep="mixed"),
    "glyphs_space": dict(per="list", sep="space"),
    "numbers": dict(per="list", sep="tab", glyphs=("1.", "1)")),
}
# One document per glyph, every list led by it, tab or space chosen per item
# (issue 11: a reader must know every glyph, not only the ones a document mixes).
GLYPH_NAMES = {"–": "endash", "—": "emdash", "*": "asterisk", "o": "o", "▪": "square", F0B7: "f0b7",
               "•": "bullet", "-": "hyphen", "1.": "number_dot", "1)": "number_paren"}
GLYPH_PRESETS.update({f"glyph_{GLYPH_NAMES[g]}": dict(per="item", sep="mixed", glyphs=(g,)) for g in GLYPHS})
MARKDOWN_PRESETS = {
    "md_dash": dict(bullet="- ", wrap=None, blank_between=False),
    "md_endash": dict(bullet="– ", wrap=None, blank_between=True),
    "md_hardwrap": dict(bullet="- ", wrap=60, hard=True, blank_between=False),
    "md_softwrap": dict(bullet="- ", wrap=60, hard=False, indent=2, blank_between=False),
    "md_softwrap_noindent": dict(bullet="– ", wrap=60, hard=False, indent=0, blank_between=False),
    "md_tight": dict(bullet="- ", wrap=60, hard=False, indent=0, blank_between=False, tight=True),
    # GitHub-flavoured markdown (pandoc -t gfm): tables as "| a | b |" rows
    "md_pipes": dict(bullet="- ", wrap=None, blank_between=False, pipes=True),
}
# Grid tables (pandoc -t markdown, reStructuredText): every table, the findings
# tables included, drawn with +---+ borders, cells wrapped to the column width.
# pandoc indents an item's wrapped lines under its text ("hang"); other writers
# leave them at the cell's edge, where a wrapped " - " reads like a new item.
GRID_PRESETS = {
    "md_grid": dict(hang=2, blank_between=False),
    "md_grid_flush": dict(hang=0, blank_between=True),
}
PDFTOTEXT_MODES = {"default": [], "raw": ["-raw"], "layout": ["-layout"]}
# Every preset name make_exports takes.
PRESET_NAMES = frozenset(GLYPH_PRESETS) | frozenset(MARKDOWN_PRESETS) | frozenset(GRID_PRESETS) \
    | {"pdftotext"} | {f"pdftotext-{m}" for m in PDFTOTEXT_MODES}
LAYOUTS_FOR_PDFTOTEXT = ("ruled", "unruled", "pitch12.4_gap14.4", "unruled_nobullets_gap0")
KINDS = ("glyphs", "markdown", "pdftotext")


def make_exports(source, out_dir, kinds=KINDS, presets=None, seed: int = 0,
                 pdftotext_modes=tuple(PDFTOTEXT_MODES), layouts=LAYOUTS_FOR_PDFTOTEXT) -> list[Variant]:
    """source: "000"/"002"/"004"/"sample" (text export and PDF found by name).
    presets: names to make (PRESET_NAMES: GLYPH_PRESETS, MARKDOWN_PRESETS,
    GRID_PRESETS, "pdftotext" or "pdftotext-<mode>"); None makes every one of
    the given kinds."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out: list[Variant] = []
    want = set(presets) if presets else None
    unknown = (want or set()) - PRESET_NAMES
    if unknown:
        raise ValueError(f"unknown export preset(s) {sorted(unknown)}")
    if "glyphs" in kinds:
        src = resolve_source(source, "text")
        for name, p in GLYPH_PRESETS.items():
            if want is None or name in want:
                out.append(_write(src, out_dir, name, dict(p, seed=seed), glyph_export(src, seed=seed, **p)))
    if "markdown" in kinds:
        src = resolve_source(source, "text")
        for name, p in MARKDOWN_PRESETS.items():
            if want is None or name in want:
                out.append(_write(src, out_dir, name, p, markdown_export(src, **p), ext=".md"))
        for name, p in GRID_PRESETS.items():
            if want is None or name in want:
                out.append(_write(src, out_dir, name, p, grid_export(src, **p), ext=".md"))
    if "pdftotext" in kinds:
        modes = [m for m in pdftotext_modes
                 if want is None or "pdftotext" in want or f"pdftotext-{m}" in want]
        if modes:
            out += pdftotext_exports(source, out_dir, modes, layouts)
    return out


def _write(src: Path, out_dir: Path, name: str, params: dict, text: str, ext=".txt") -> Variant:
    path = out_dir / (variant_stem(src, "export", name) + ext)
    path.write_text(text, encoding="utf-8")
    truth = write_truth(path, src, "exports", name, params)
    return Variant("exports", name, path, truth, src.name, params)


# --------------------------------------------------------------------------- glyphs

def _marker(glyph: str, n: int) -> str:
    if glyph == "1.":
        return f"{n}."
    if glyph == "1)":
        return f"{n})"
    return glyph


def glyph_export(src: Path, seed=0, per="list", sep="tab", glyphs=GLYPHS) -> str:
    """The export with findings items on lines of their own, each led by a glyph."""
    text = src.read_text(encoding="utf-8")
    r = rng(seed, src.name, "glyphs", per, sep)
    seps = {"tab": ["\t"], "space": [" "], "mixed": ["\t", " "]}[sep]

    def listing(items: list[str]) -> list[str]:
        g = str(r.choice(glyphs))
        s = str(r.choice(seps))
        lines = []
        for n, it in enumerate(items, 1):
            if per == "item":
                g, s = str(r.choice(glyphs)), str(r.choice(seps))
            lines.append(_marker(g, n) + s + it)
        return lines

    lines = text.split("\n")
    out: list[str] = []
    if is_markdown(text):
        # items under STYRKOR / FÖRBÄTTRINGSOMRÅDEN: "- " becomes the glyph; their
        # continuation lines and the blank lines between them stay where they are
        section = False
        items: list = []                     # item texts, or None for a blank line

        def flush():
            nonlocal items
            texts = [x for x in items if x is not None]
            marked = iter(listing(texts))
            out.extend("" if x is None else next(marked) for x in items)
            items = []
        for ln in lines:
            head = re.sub(r"^#+\s*|\*\*", "", ln).strip().upper()
            if head == "STYRKOR" or head.startswith("FÖRBÄTTRING"):
                flush()
                section = True
                out.append(ln)
            elif section and ln.startswith("- "):
                items.append(ln[2:])
            elif section and items and not ln.strip():
                items.append(None)
            elif section and items and items[-1] is not None and not ln.startswith(("#", "**")) and "\t" not in ln:
                items[-1] += "\n" + ln              # continuation line stays under its item
            else:
                flush()
                section = section and not (ln.startswith(("#", "**")) or "\t" in ln)
                out.append(ln)
        flush()
        return "\n".join(out)
    i = 0
    while i < len(lines):
        ln = lines[i]
        cells = ln.split("\t")
        if plain(cells[0]) == "Styrkor" and len(cells) >= 2 and i + 1 < len(lines):
            row = lines[i + 1].split("\t")
            left, _ = cell_items(row[0])
            right, _ = cell_items(row[1]) if len(row) > 1 else ([], None)
            out.append(cells[0].strip())
            out.extend(listing(left))
            out.append("")
            out.append(cells[1].strip())
            out.extend(listing(right))
            i += 2
            continue
        out.append(ln)
        i += 1
    return "\n".join(out)


# --------------------------------------------------------------------------- markdown

def _md_inline(s: str) -> str:
    return s.replace("<br>", "  \n")


def _wrap_item(text: str, bullet: str, wrap, hard: bool, indent: int) -> list[str]:
    parts = _md_inline(text).split("  \n")
    lines: list[str] = []
    for k, part in enumerate(parts):
        if wrap:
            chunk = textwrap.wrap(part, width=wrap, break_long_words=False, break_on_hyphens=False) or [part]
        else:
            chunk = [part]
        lines.extend(chunk)
        if k < len(parts) - 1:
            lines[-1] += "  "                         # the source's own hard break
    out = []
    for k, ln in enumerate(lines):
        if k == 0:
            out.append(bullet + ln)
        else:
            prev = out[-1]
            if hard and not prev.endswith("  "):
                out[-1] = prev + "  "
            out.append(" " * indent + ln)
    return out


def markdown_export(src: Path, bullet="- ", wrap=None, hard=True, indent=2, blank_between=False,
                    tight=False, pipes=False) -> str:
    blocks = read_blocks(src)
    L: list[str] = []

    def row(cells, first=False) -> list[str]:
        """A table row: tab-separated, or a pipe row (with the header rule after the first)."""
        if not pipes:
            return ["\t".join(cells)]
        out = ["| " + " | ".join(cells) + " |"]
        return out + ["|" + "---|" * len(cells)] if first else out

    def para(lines):
        L.extend(lines)
        L.append("")

    for b in blocks:
        k = b[0]
        if k == "title":
            para([f"# {plain(b[1])}"])
        elif k == "h":
            t = plain(b[2])
            lvl = 1 if re.match(r"^\d{1,2}\.?\s", t) else 2 if t.startswith("Område ") else 3
            para(["#" * lvl + " " + t])
        elif k == "p":
            para([b[1]])
        elif k == "toc":
            L.append(f"{b[1]}\t{b[2]}")
        elif k == "rubriker":
            items = "".join(f"<li>• {x}</li>" for x in b[2])
            para(row(b[1], first=True) + row([f'<ul style="list-style-type: none">{items}</ul>', b[3]]))
        elif k == "findings":
            for head, items in ((b[1][0], b[2]), (b[1][1], b[3])):
                L.append(f"### {plain(head).upper()}")
                if not tight:
                    L.append("")
                for it in items:
                    L.extend(_wrap_item(it, bullet, wrap, hard, indent))
                    if blank_between:
                        L.append("")
                if not tight:
                    L.append("")
            if tight:
                L.append("")
        elif k == "overview":
            rows = b[1]
            for j, r in enumerate(rows):
                if j == 0 or (j == len(rows) - 1 and not plain(r[0])):
                    L.extend(row([f"<b>{plain(c)}</b>" if plain(c) else "" for c in r], first=j == 0))
                else:
                    L.extend(row(r))
            L.append("")
        elif k == "table":
            para([ln for j, r in enumerate(b[1]) for ln in row(r, first=j == 0)])
    return "\n".join(L).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- grid tables

def grid_table(rows: list[list[str]], widths: list[int], hang: int = 2, blank_between: bool = False) -> list[str]:
    """A pandoc grid table: each cell a list of paragraphs; a paragraph led by
    "- " is a list item whose wrapped lines are indented by `hang`."""
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [rule]
    for j, row in enumerate(rows):
        cols = []
        for paras, w in zip(row, widths):
            lines: list[str] = []
            for k, para in enumerate(paras):
                if k and (blank_between or not para.startswith("- ")):
                    lines.append("")
                item = para.startswith("- ")
                lines += textwrap.wrap(para, w, subsequent_indent=" " * hang if item else "",
                                       break_long_words=False, break_on_hyphens=False) or [""]
            cols.append(lines)
        for i in range(max(len(c) for c in cols)):
            out.append("| " + " | ".join((c[i] if i < len(c) else "").ljust(w) for c, w in zip(cols, widths)) + " |")
        out.append(rule.replace("-", "=") if j == 0 else rule)
    return out


def grid_export(src: Path, hang: int = 2, blank_between: bool = False) -> str:
    """The report as markdown whose tables are all grid tables."""
    def items(xs):
        return [f"- {item_text(x)}" for x in xs]

    def table(rows, widths):
        return grid_table(rows, widths, hang, blank_between) + [""]

    L: list[str] = []
    for b in read_blocks(src):
        k = b[0]
        if k == "title":
            L += [f"# {plain(b[1])}", ""]
        elif k == "h":
            t = plain(b[2])
            L += ["#" * (1 if re.match(r"^\d{1,2}\.?\s", t) else 2 if t.startswith("Område ") else 3) + " " + t, ""]
        elif k == "p":
            L += [plain(b[1]), ""]
        elif k == "toc":
            L.append(f"{plain(b[1])}\t{b[2]}")
        elif k == "rubriker":
            L += table([[[plain(x)] for x in b[1]], [items(b[2]), [plain(b[3])]]], [50, 20])
        elif k == "findings":
            L += table([[[plain(b[1][0])], [plain(b[1][1])]], [items(b[2]), items(b[3])]], [36, 36])
        elif k in ("overview", "table"):
            rows = [[[plain(c)] if plain(c) else [] for c in r] for r in b[1]]
            widths = [44 if j == 1 else max(3, max(len(plain(r[j])) for r in b[1])) for j in range(len(b[1][0]))]
            L += table(rows, widths)
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------- pdftotext

def pdftotext_available() -> bool:
    return shutil.which("pdftotext") is not None


def pdftotext(pdf: Path, out: Path, mode: str) -> None:
    subprocess.run(["pdftotext", "-enc", "UTF-8", *PDFTOTEXT_MODES[mode], str(pdf), str(out)],
                   check=True, capture_output=True, timeout=120)


def pdftotext_exports(source, out_dir: Path, modes=tuple(PDFTOTEXT_MODES), layouts=LAYOUTS_FOR_PDFTOTEXT) -> list[Variant]:
    if not pdftotext_available():
        print("variants.exports: pdftotext (poppler-utils) is not installed: pdftotext exports skipped",
              file=sys.stderr)
        return []
    src_pdf = resolve_source(source, "pdf")
    pdfs = [("pdf", src_pdf, src_pdf)]
    if layouts:
        from .layouts import make_layouts
        for v in make_layouts(source, out_dir / "_layouts", presets=list(layouts)):
            pdfs.append((f"layout-{v.name}", v.path, resolve_source(source, "text")))
    out = []
    for origin, pdf, truth_src in pdfs:
        for mode in modes:
            name = f"pdftotext-{mode}-of-{origin}"
            path = out_dir / (variant_stem(src_pdf, "export", name) + ".txt")
            pdftotext(pdf, path, mode)
            params = {"mode": mode, "pdf": pdf.name}
            truth = write_truth(path, truth_src, "exports", name, params)
            out.append(Variant("exports", name, path, truth, src_pdf.name, params))
    return out
