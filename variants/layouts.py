"""Born-digital PDFs of a whole report, laid out from its text export with
layout parameters (PyMuPDF Story, HTML + CSS, as scripts/make_sample.py does).

What can vary: the findings tables ruled or not (unruled = no drawing at all in
the table), the overview score tables ruled or not, the space between findings
items (0-12 pt) with the line pitch inside an item fixed (e.g. 12.4 pt inside,
14.4 pt between items), the glyph before each item (none, •, –, —, ▪, ○,
U+F0B7 as Word's Symbol bullet, ✓), the font (sans, serif, mono), the column
widths (equal, narrow, wide, unequal), and findings set as a two-column table
or as two headed lists.

Every text of the report is kept exactly, so the source's answer key stays the
truth; each generated PDF is checked: every finding text of the answer key is in
its text (whitespace aside), else LayoutError.

Pagination: MuPDF's Story cannot break a table row across pages (a row taller
than the space left is dropped or loops), so a findings row that does not fit
is cut between items, as Word breaks a row at a page end, and laid out again
until every row fits (see paginate()).
"""
from __future__ import annotations

import html as _html
import io
import re
from pathlib import Path

from .common import (CORPUS, SAMPLE_DIR, Variant, norm_ws, resolve_source, source_id, strip_tags,
                     truth_for, variant_stem, write_truth)
from .textmodel import plain, read_blocks

A4 = (595.28, 841.89)
PAD = 3.0
RULE = "#8eaadb"
F0B7 = "\uf0b7"

DEFAULTS = dict(
    font="sans",            # sans | serif | mono
    font_size=10.0,
    line_pitch=None,        # pt between baselines inside an item (None: 1.3 x font size)
    item_gap=5.0,           # pt of space between two findings items
    bullet="source",        # "source" (the export's own: • or none), None, or a glyph
    hanging=True,           # wrapped lines of a bulleted item indented under its text
    findings_rules=True,    # findings and Rubriker tables ruled
    overview_rules=True,    # overview score tables ruled
    columns="equal",        # equal | narrow | wide | unequal | unequal_rev | (left, right) fractions
    margins=70.0,           # left and right page margins, pt
    findings_as="source",   # source | table | lists
    running_header=None,    # None: the report's own (from its PDF where there is one, else its title)
    sentence_breaks=False,  # a hard line break after every sentence end inside an item (lines that stop short)
    improvements_first=False,  # the improvements column (or list) before the strengths
)

PRESETS: dict[str, dict] = {
    "ruled": {},
    "unruled": dict(findings_rules=False, overview_rules=False),
    "unruled_gap0": dict(findings_rules=False, overview_rules=False, item_gap=0.0),
    "unruled_gap12": dict(findings_rules=False, overview_rules=False, item_gap=12.0),
    "pitch12.4_gap14.4": dict(findings_rules=False, overview_rules=False, line_pitch=12.4, item_gap=2.0),
    "ruled_pitch12.4_gap14.4": dict(line_pitch=12.4, item_gap=2.0),
    "no_bullets": dict(bullet=None),
    "bullet_endash": dict(bullet="–"),
    "bullet_emdash": dict(bullet="—", findings_rules=False),
    "bullet_square": dict(bullet="▪"),
    "bullet_circle": dict(bullet="○", findings_rules=False),
    "bullet_f0b7": dict(bullet=F0B7),
    "bullet_check": dict(bullet="✓", findings_rules=False),
    "serif": dict(font="serif"),
    "mono_unruled": dict(font="mono", findings_rules=False, overview_rules=False),
    "narrow": dict(columns="narrow"),
    "wide": dict(columns="wide", margins=40.0, findings_rules=False),
    "unequal": dict(columns="unequal", findings_rules=False),
    "unequal_rev": dict(columns="unequal_rev"),
    "overview_unruled": dict(overview_rules=False),
    "as_lists": dict(findings_as="lists"),
    "as_table": dict(findings_as="table", findings_rules=False),
    # findings tables without ruling lines (issue 11): item spacing 0-12 pt with
    # and without bullets, other glyphs, fonts, widths and line pitches; hard
    # line breaks at sentence ends inside items
    "unruled_gap1": dict(findings_rules=False, item_gap=1.0),
    "unruled_gap2": dict(findings_rules=False, item_gap=2.0),
    "unruled_gap3": dict(findings_rules=False, item_gap=3.0),
    "unruled_gap8": dict(findings_rules=False, item_gap=8.0),
    "unruled_nobullets_gap0": dict(findings_rules=False, bullet=None, item_gap=0.0),
    "unruled_nobullets_gap2": dict(findings_rules=False, bullet=None, item_gap=2.0),
    "unruled_nobullets_gap6": dict(findings_rules=False, bullet=None, item_gap=6.0),
    "unruled_bullets_gap0": dict(findings_rules=False, bullet="•", item_gap=0.0),
    "unruled_endash_gap0": dict(findings_rules=False, bullet="–", item_gap=0.0),
    "unruled_square": dict(findings_rules=False, bullet="▪"),
    "unruled_f0b7": dict(findings_rules=False, bullet=F0B7),
    "unruled_serif": dict(findings_rules=False, font="serif"),
    "unruled_narrow": dict(findings_rules=False, columns="narrow"),
    "unruled_unequal_rev": dict(findings_rules=False, columns="unequal_rev"),
    "unruled_pitch11_gap13": dict(findings_rules=False, line_pitch=11.0, item_gap=2.0),
    "unruled_pitch14_gap15": dict(findings_rules=False, line_pitch=14.0, item_gap=1.0),
    "unruled_sentence_breaks": dict(findings_rules=False, line_pitch=12.4, item_gap=2.0, sentence_breaks=True),
    "unruled_sentence_breaks_gap0": dict(findings_rules=False, bullet=None, item_gap=0.0, sentence_breaks=True),
    # Förbättringsområden left, Styrkor right: columns go by their titles, not their places
    "improvements_first": dict(improvements_first=True),
    "improvements_first_lists": dict(improvements_first=True, findings_as="lists"),
}
DEFAULT_PRESETS = tuple(PRESETS)
FONTS = {"sans": "sans-serif", "serif": "serif", "mono": "monospace"}
COLUMNS = {"equal": (0.5, 0.5), "narrow": (0.32, 0.32), "wide": (0.5, 0.5), "unequal": (0.36, 0.64),
           "unequal_rev": (0.62, 0.38)}


class LayoutError(RuntimeError):
    pass


def make_layouts(source, out_dir, presets=None, **overrides) -> list[Variant]:
    """One PDF per preset (PRESETS names, or dicts of parameters with a "name").
    source: "000"/"002"/"004"/"sample" or a text export path."""
    src = resolve_source(source, "text")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    blocks = read_blocks(src)
    truth = truth_for(src)
    out = []
    for preset in presets or DEFAULT_PRESETS:
        if isinstance(preset, dict):
            name, params = preset.get("name", "custom"), {k: v for k, v in preset.items() if k != "name"}
        else:
            if preset not in PRESETS:
                raise ValueError(f"unknown layout preset {preset!r} (one of {', '.join(PRESETS)})")
            name, params = preset, PRESETS[preset]
        P = dict(DEFAULTS, **params, **overrides)
        path = out_dir / (variant_stem(src, "layout", name) + ".pdf")
        shown = [_improvements_first(b) for b in blocks] if P["improvements_first"] else blocks
        meta = render_report(shown, P, path, header=P["running_header"] or running_header(src, blocks))
        missing = check_texts(path, truth)
        if missing:
            raise LayoutError(f"{path.name}: {len(missing)} finding texts not in the PDF, e.g. {missing[0]!r}")
        tp = write_truth(path, src, "layouts", name, P)
        out.append(Variant("layouts", name, path, tp, src.name, P, meta))
    return out


def _improvements_first(b: tuple) -> tuple:
    """A findings block with its two columns (titles and items) swapped."""
    if b[0] != "findings":
        return b
    return ("findings", [b[1][1], b[1][0]], b[3], b[2], *b[4:])


# --------------------------------------------------------------------------- checks

def body_text(doc, top=58.0, bottom_margin=60.0) -> str:
    """The text of every page without the running header and page number."""
    import pymupdf
    parts = []
    for page in doc:
        r = page.rect
        parts.append(page.get_text(clip=pymupdf.Rect(0, top, r.width, r.height - bottom_margin)))
    return "\n".join(parts)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def check_texts(pdf: Path, truth: dict) -> list[str]:
    """Finding texts of the answer key not found in the PDF (whitespace removed on
    both sides: a line may wrap right after a '/' or a dash)."""
    import pymupdf
    with pymupdf.open(pdf) as doc:
        body = _squash(body_text(doc))
    return [f["text"] for f in truth["findings"] if _squash(f["text"]) not in body]


# --------------------------------------------------------------------------- helpers

def running_header(src: Path, blocks) -> str:
    """The report's running header: the first line of page 2 of its own PDF where
    one is beside the text export, else its title."""
    import pymupdf
    sid = source_id(src.name)
    cands = [SAMPLE_DIR / "pahitto_2021.pdf"] if sid == "sample" else sorted((CORPUS / "pdf").glob(f"{sid}_*.pdf"))
    for c in cands:
        if c.exists():
            with pymupdf.open(c) as d:
                if d.page_count > 1:
                    first = next((ln.strip() for ln in d[1].get_text().splitlines() if ln.strip()), "")
                    if first and not first.isdigit():
                        return first
    return next((plain(b[1]) for b in blocks if b[0] == "title"), "")


def e(s: str) -> str:
    """Escape plain text but keep the inline HTML the export carries (<u>, <b>, <br>)."""
    if "<" not in s:
        return _html.escape(s, quote=False)
    parts = re.split(r"(</?(?:u|b|i|em|strong)>|<br\s*/?>)", s)
    return "".join(p if re.fullmatch(r"</?(?:u|b|i|em|strong)>|<br\s*/?>", p) else _html.escape(p, quote=False)
                   for p in parts)


def _w(width: float) -> str:
    return f' style="width:{width:.1f}pt"'


def _geometry(P):
    where = (P["margins"], 78.0, A4[0] - P["margins"], A4[1] - 72.0)
    text_w = where[2] - where[0] - 4 * PAD
    cols = P["columns"]
    fr = COLUMNS[cols] if isinstance(cols, str) else tuple(cols)
    find_w = (fr[0] * text_w - PAD, fr[1] * text_w - PAD)
    return where, text_w, find_w


def css(P) -> str:
    fs = P["font_size"]
    pitch = f"{P['line_pitch']}pt" if P["line_pitch"] else "1.3"
    hang = 1.1 * fs if P["hanging"] else 0
    rule = f"0.6pt solid {RULE}"
    return f"""
body {{ margin: 0; font-family: {FONTS[P['font']]}; font-size: {fs}pt; line-height: 1.3; color: #000; }}
p {{ margin: 0 0 6pt 0; }}
h1 {{ font-size: {fs * 1.5}pt; margin: 14pt 0 8pt 0; }}
h2 {{ font-size: {fs * 1.25}pt; margin: 12pt 0 6pt 0; }}
h3 {{ font-size: {fs * 1.05}pt; margin: 10pt 0 4pt 0; }}
h4 {{ font-size: {fs}pt; margin: 8pt 0 4pt 0; }}
.title {{ font-size: {fs * 2.2}pt; font-weight: bold; margin: 150pt 0 40pt 0; line-height: 1.25; }}
.newpage {{ page-break-before: always; }}
.toc {{ margin: 0 0 3pt 0; }}
table {{ border-collapse: collapse; margin: 4pt 0 12pt 0; }}
td, th {{ padding: {PAD}pt; vertical-align: top; text-align: left; border: none; }}
th {{ font-weight: bold; }}
table.ruled td, table.ruled th {{ border: {rule}; }}
td.num {{ text-align: right; }}
td.center {{ text-align: center; }}
tr.total td {{ font-weight: bold; }}
p.fi {{ margin: 0 0 {P['item_gap']}pt 0; line-height: {pitch}; }}
p.fi.b {{ padding-left: {hang}pt; text-indent: -{hang}pt; }}
p.ri {{ margin: 0 0 1pt 0; padding-left: {hang}pt; text-indent: -{hang}pt; }}
"""


def _glyph(P, src_glyph):
    g = P["bullet"]
    if g == "source":
        return src_glyph
    if g == F0B7:
        return "•"              # no font of Story's has U+F0B7: drawn as • and remapped (remap_unicode)
    return g or None


def _item_html(text: str, glyph, cls="fi", id_=None) -> str:
    idattr = f' id="{id_}"' if id_ else ""
    if glyph:
        return f'<p class="{cls} b"{idattr}>{_html.escape(glyph)} {e(text)}</p>'
    return f'<p class="{cls}"{idattr}>{e(text)}</p>'


def _heading(level: int, text: str) -> int:
    t = plain(text)
    if re.match(r"^\d{1,2}\.?\s", t):
        return 1
    if t.startswith("Område "):
        return 2
    return 3 if level >= 2 else 2


# --------------------------------------------------------------------------- HTML

def render_html(blocks, P, parts: dict, push: set) -> str:
    where, text_w, find_w = _geometry(P)
    ruled_f = ' class="ruled"' if P["findings_rules"] else ""
    ruled_o = ' class="ruled"' if P["overview_rules"] else ""
    h = []
    t_no = 0
    seen_toc = False
    first_h1 = True
    for b in blocks:
        kind = b[0]
        if kind == "title":
            h.append(f'<p class="title">{e(b[1])}</p>')
        elif kind == "h":
            lvl = _heading(b[1], b[2])
            cls = ""
            if lvl == 1 and (first_h1 or "Översikt" in b[2]):
                cls = ' class="newpage"'
                first_h1 = False
            h.append(f"<h{lvl}{cls}>{e(b[2])}</h{lvl}>")
        elif kind == "p":
            h.append(f"<p>{e(b[1])}</p>")
        elif kind == "toc":
            cls = "toc newpage" if not seen_toc else "toc"
            seen_toc = True
            h.append(f'<p class="{cls}">{e(b[1])}\u2003{e(b[2])}</p>')
        elif kind == "rubriker":
            w0 = min(360.0, text_w - 70)
            items = "".join(_item_html(x, "•", cls="ri") for x in b[2])
            heads = b[1] + [""] * (2 - len(b[1]))
            w1 = _w(text_w - w0 - 2 * PAD)
            h.append(f"<table{ruled_f}><tr><th{_w(w0)}>{e(heads[0])}</th><th{w1}>{e(heads[1])}</th></tr>"
                     f'<tr><td{_w(w0)}>{items}</td><td class="center"{w1}>{e(b[3])}</td></tr></table>')
        elif kind == "findings":
            h.append(_findings_html(t_no, b, P, parts.get(t_no), t_no in push, ruled_f, find_w))
            t_no += 1
        elif kind == "overview":
            h.append(_overview_html(b[1], text_w, ruled_o))
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in b[1])
            h.append(f"<table{ruled_o}>{rows}</table>")
    return "\n".join(h)


_SENTENCE_END = re.compile(r"([.!?])\s+(?=[\"”A-ZÅÄÖ])")


def _findings_html(t, b, P, cuts, pushed, ruled, widths) -> str:
    heads, left, right, src_glyph = b[1], b[2], b[3], b[4]
    if P.get("sentence_breaks"):
        # a hard line break after each sentence end inside an item: its lines
        # stop short before a capital, as the items' own ends do
        left = [_SENTENCE_END.sub(r"\1<br>", x) for x in left]
        right = [_SENTENCE_END.sub(r"\1<br>", x) for x in right]
    glyph = _glyph(P, src_glyph)
    mode = P["findings_as"]
    if mode == "source":
        mode = b[5]
    if mode == "lists":
        out = [f'<h4 id="fh{t}">{e(heads[0])}</h4>']
        out += [_item_html(x, glyph, id_=f"f{t}-0-L{k}") for k, x in enumerate(left)]
        out.append(f'<h4 id="fh{t}-r">{e(heads[1])}</h4>')
        out += [_item_html(x, glyph, id_=f"f{t}-0-R{k}") for k, x in enumerate(right)]
        return "\n".join(out)
    cuts = cuts or [(0, len(left), 0, len(right))]
    rows = [f'<tr id="fh{t}"><th{_w(widths[0])}>{e(heads[0])}</th><th{_w(widths[1])}>{e(heads[1])}</th></tr>']
    for j, (l0, l1, r0, r1) in enumerate(cuts):
        lc = "".join(_item_html(left[k], glyph, id_=f"f{t}-{j}-L{k}") for k in range(l0, l1))
        rc = "".join(_item_html(right[k], glyph, id_=f"f{t}-{j}-R{k}") for k in range(r0, r1))
        rows.append(f'<tr id="fr{t}-{j}"><td id="fc{t}-{j}-L"{_w(widths[0])}>{lc}</td>'
                    f'<td id="fc{t}-{j}-R"{_w(widths[1])}>{rc}</td></tr>')
    table = f'<table{ruled} id="ft{t}">{"".join(rows)}</table>'
    return f'<div class="newpage">{table}</div>' if pushed else table


def _overview_html(rows, text_w, ruled) -> str:
    n = max(len(r) for r in rows)
    if n >= 5:
        widths = [26, text_w - 26 - 3 * 50 - 8 * PAD, 50, 50, 50][:n]
    else:
        widths = [26, text_w - 26 - 2 * 58 - 6 * PAD, 58, 58][:n]
    out = []
    for i, r in enumerate(rows):
        r = r + [""] * (n - len(r))
        total = i == len(rows) - 1 and not plain(r[0]) and not plain(r[1])
        tag = "th" if i == 0 else "td"
        cells = []
        for j, c in enumerate(r):
            cls = ' class="num"' if j >= 2 and i > 0 else ""
            cells.append(f"<{tag}{cls}{_w(widths[min(j, len(widths) - 1)])}>{e(c)}</{tag}>")
        cls_row = ' class="total"' if total else ""
        out.append(f"<tr{cls_row}>" + "".join(cells) + "</tr>")
    return f"<table{ruled}>{''.join(out)}</table>"


# --------------------------------------------------------------------------- layout

def layout(html_text: str, P, writer=None, max_pages=250):
    """Place the story page by page. Returns (page count, positions: id -> [(page, rect)])."""
    import pymupdf

    where, _, _ = _geometry(P)
    story = pymupdf.Story(html_text, user_css=css(P))
    pos: dict[str, list] = {}
    page_no = 0

    def cb(p):
        if p.id and p.open_close & 1:
            pos.setdefault(p.id, []).append((page_no, pymupdf.Rect(p.rect)))

    scratch = None
    if writer is None:
        scratch = io.BytesIO()
        writer = pymupdf.DocumentWriter(scratch)
    more = 1
    while more:
        page_no += 1
        if page_no > max_pages:
            raise LayoutError("layout does not terminate (a table row taller than a page?)")
        dev = writer.begin_page(pymupdf.Rect(0, 0, *A4))
        more, _ = story.place(pymupdf.Rect(where))
        story.element_positions(cb)
        story.draw(dev)
        writer.end_page()
    if scratch is not None:
        writer.close()
    return page_no, pos


def _first_problem(blocks, P, parts, push, pos):
    """The first findings row (in document order) that was pushed to the next page
    although items of it would fit at the foot of the page before. Returns a fix:
    ("split", table, part, n_left, n_right) or ("push", table), or None."""
    where, _, _ = _geometry(P)
    bottom = where[3]
    n_tables = sum(1 for b in blocks if b[0] == "findings")
    for t in range(n_tables):
        if f"fr{t}-0" not in pos:
            continue                                  # set as lists: paragraphs break by themselves
        b = [x for x in blocks if x[0] == "findings"][t]
        cuts = parts.get(t) or [(0, len(b[2]), 0, len(b[3]))]
        hp, hr = pos[f"fh{t}"][0]
        prev_page, prev_bottom = hp, hr.y1
        for j, (l0, l1, r0, r1) in enumerate(cuts):
            page, rect = pos[f"fr{t}-{j}"][0]
            if page != prev_page:
                free = bottom - prev_bottom - 2 * PAD - 2
                counts = []
                for side, lo, hi in (("L", l0, l1), ("R", r0, r1)):
                    n = 0
                    for k in range(lo, hi):
                        places = pos.get(f"f{t}-{j}-{side}{k}")
                        if not places:
                            break
                        if places[0][1].y1 - rect.y0 <= free:
                            n += 1
                        else:
                            break
                    counts.append(n)
                if counts[0] + counts[1] > 0 and (counts[0] < l1 - l0 or counts[1] < r1 - r0):
                    return ("split", t, j, counts[0], counts[1])
                if j == 0 and t not in push:
                    return ("push", t)                # header row alone at the foot: keep with next
            prev_page, prev_bottom = page, rect.y1
    return None


def paginate(blocks, P):
    parts: dict[int, list] = {}
    push: set = set()
    for _ in range(200):
        html_text = render_html(blocks, P, parts, push)
        _n, pos = layout(html_text, P)
        fix = _first_problem(blocks, P, parts, push, pos)
        if fix is None:
            return html_text
        if fix[0] == "push":
            push.add(fix[1])
            continue
        _, t, j, nl, nr = fix
        b = [x for x in blocks if x[0] == "findings"][t]
        cuts = parts.get(t) or [(0, len(b[2]), 0, len(b[3]))]
        l0, l1, r0, r1 = cuts[j]
        cuts[j:j + 1] = [(l0, l0 + nl, r0, r0 + nr), (l0 + nl, l1, r0 + nr, r1)]
        parts[t] = cuts
    raise LayoutError("pagination does not settle")


def render_report(blocks, P, out: Path, header: str) -> dict:
    """Lay out, draw, add running header and page numbers; returns meta: pages,
    findings_boxes = {page: [box of each findings table (or list) on it]}."""
    import pymupdf

    html_text = paginate(blocks, P)
    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    n_pages, pos = layout(html_text, P, writer)
    writer.close()
    doc = pymupdf.open("pdf", buf.getvalue())
    unligature(doc)
    if P["bullet"] == F0B7:
        remap_unicode(doc, 0x2022, 0xF0B7)
    where, _, _ = _geometry(P)
    grey = (0.35, 0.35, 0.35)
    for page in doc:
        page.insert_text((where[0], 48), header, fontname="helv", fontsize=8, color=grey)
        num = str(page.number + 1)
        w = pymupdf.get_text_length(num, fontname="helv", fontsize=9)
        page.insert_text(((A4[0] - w) / 2, A4[1] - 36), num, fontname="helv", fontsize=9)
    doc.set_metadata({"title": header, "creator": "variants.layouts", "producer": "PyMuPDF",
                      "creationDate": "D:20220101120000+01'00'", "modDate": "D:20220101120000+01'00'"})
    doc.save(out, garbage=3, deflate=True, no_new_id=True)
    doc.close()
    boxes: dict[tuple[int, str], object] = {}
    for key, places in pos.items():
        m = re.fullmatch(r"f[hc](\d+)(-r|-\d+-[LR])?", key)
        if m:
            for page, r in places:
                k = (page, m.group(1))
                boxes[k] = boxes[k] | r if k in boxes else pymupdf.Rect(r)
    table_boxes: dict[int, list] = {}
    for (page, _t), r in sorted(boxes.items(), key=lambda kv: (kv[0][0], int(kv[0][1]))):
        table_boxes.setdefault(page, []).append([round(x, 2) for x in r])
    return {"pages": n_pages, "findings_boxes": table_boxes, "running_header": header}


LIGATURES = {"fb00": "ff", "fb01": "fi", "fb02": "fl", "fb03": "ffi", "fb04": "ffl"}


def _utf16(text: str) -> str:
    return "<" + "".join(f"{ord(c):04x}" for c in text) + ">"


def _edit_cmaps(doc, edit) -> None:
    seen = set()
    for xref in range(1, doc.xref_length()):
        m = re.search(r"/ToUnicode (\d+) 0 R", doc.xref_object(xref))
        if not m or m.group(1) in seen:
            continue
        seen.add(m.group(1))
        tu = int(m.group(1))
        cmap = doc.xref_stream(tu).decode("latin-1")
        new = edit(cmap)
        if new != cmap:
            doc.update_stream(tu, new.encode("latin-1"))


def unligature(doc) -> None:
    """Ligature glyphs extract as their letters (as Word's and LibreOffice's PDFs do)."""
    def edit(cmap):
        def bfrange(mo):
            lo, hi, dst = mo.group(1), mo.group(2), int(mo.group(3), 16)
            codes = [f"{dst + i:04x}" for i in range(int(hi, 16) - int(lo, 16) + 1)]
            if not any(c in LIGATURES for c in codes):
                return mo.group(0)
            arr = " ".join(_utf16(LIGATURES[c]) if c in LIGATURES else f"<{c}>" for c in codes)
            return f"<{lo}> <{hi}> [{arr}]"
        new = re.sub(r"<([0-9a-fA-F]{4})> <([0-9a-fA-F]{4})> <([0-9a-fA-F]{4})>", bfrange, cmap)
        return re.sub(r"(<[0-9a-fA-F]{4}>) <(fb0[0-4])>",
                      lambda mo: f"{mo.group(1)} {_utf16(LIGATURES[mo.group(2).lower()])}", new, flags=re.I)
    _edit_cmaps(doc, edit)


def remap_unicode(doc, old: int, new: int) -> None:
    """Make a glyph extract as another code point, as Word's Symbol-font bullet
    extracts as U+F0B7: every ToUnicode entry for `old` now says `new`."""
    o, n = f"{old:04x}", f"{new:04x}"

    def edit(cmap):
        def bfrange(mo):
            lo, hi, dst = mo.group(1), mo.group(2), int(mo.group(3), 16)
            codes = [f"{dst + i:04x}" for i in range(int(hi, 16) - int(lo, 16) + 1)]
            if o not in codes:
                return mo.group(0)
            arr = " ".join(f"<{n}>" if c == o else f"<{c}>" for c in codes)
            return f"<{lo}> <{hi}> [{arr}]"
        cmap = re.sub(r"<([0-9a-fA-F]{4})> <([0-9a-fA-F]{4})> <([0-9a-fA-F]{4})>", bfrange, cmap)
        return re.sub(r"(<[0-9a-fA-F]{4}>) <" + o + ">", lambda mo: f"{mo.group(1)} <{n}>", cmap, flags=re.I)
    _edit_cmaps(doc, edit)
