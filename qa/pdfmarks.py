"""Pictures of the PDF pages rows were read from, with those rows marked.

The PDF is opened from its bytes, so the highlights drawn here live only in
memory: the file on disk is never touched. Only the pages some row names are
rendered (a report has a few overview pages and a few findings pages).
PNG output is a pure function of the PDF bytes and the marks (same pymupdf
version), so reruns give identical images. qa.images chooses the marks and
reads the file; this module only draws.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
DPI = 70
# Pictures are JPEG: encoded 7x faster than PNG (1.3 vs 9 ms a page at 70 dpi)
# at the same size, and a page preview loses nothing a steward needs.
IMAGE_EXT = "jpg"
JPEG_QUALITY = 82
_SEARCH_FLAGS = None

# fill colour of the highlight, colour of the margin tag
COLOURS = {
    "question": ((0.25, 0.55, 1.0), (0.05, 0.25, 0.7)),
    "strength": ((0.2, 0.8, 0.3), (0.0, 0.45, 0.1)),
    "improvement": ((1.0, 0.6, 0.1), (0.7, 0.3, 0.0)),
}


@dataclass
class Mark:
    key: str            # unique within the report: "q<i>" / "f<i>", i = the row's index (qa.images)
    kind: str           # "question" | "strength" | "improvement"
    tag: str            # short tag drawn in the page margin, e.g. "1.3", "S1.2"
    text: str           # the label / finding text to look for
    page: int           # 1-based


@dataclass
class PageImage:
    page: int
    data: bytes  # the picture, IMAGE_EXT-encoded
    width: int
    height: int
    marks: list[Mark] = field(default_factory=list)
    text_layer: bool = True


@dataclass
class Result:
    images: dict[int, PageImage] = field(default_factory=dict)
    found: dict[str, bool] = field(default_factory=dict)      # mark key -> located on its page
    bad_page: dict[str, int] = field(default_factory=dict)    # mark key -> page count (page out of range)
    error: str | None = None


def _needles(text: str) -> list[str]:
    """The whole text first (marks every wrapped line), then shorter prefixes
    (the PDF may differ a little further on: hyphenation, typography)."""
    words = text.split()
    out: list[str] = []
    candidates = [words] if len(words) <= 30 else []
    candidates += [words[:n] for n in (8, 5, 3) if len(words) > n]
    for ws in candidates:
        needle = " ".join(ws)
        if len(needle) >= 6 and needle not in out:
            out.append(needle)
    return out


def _locate(page, textpage, text: str):
    for needle in _needles(text):
        try:
            hits = page.search_for(needle, textpage=textpage)
        except Exception:  # a needle MuPDF cannot search for is just "not found"
            hits = []
        if hits:
            return hits
    return []


# The margin tag's size in the picture (pixels at DPI); how strongly a
# highlight tints what it covers (0..1).
TAG_PX = 8
TINT = 0.3


def _rgb(colour: tuple[float, float, float]) -> tuple[int, int, int]:
    return tuple(round(255 * c) for c in colour)


def _tint(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """The colour a highlight gives white paper; multiplied into the
    picture, it keeps the text under it black (a highlighter pen)."""
    return tuple(round(255 - TINT * (255 - c)) for c in colour)


@functools.lru_cache(maxsize=1)
def _tag_font():
    from PIL import ImageFont
    try:
        return ImageFont.load_default(size=TAG_PX + 2)  # Pillow's own scalable font: the same on every machine
    except TypeError:  # Pillow < 10.1: its bitmap font
        return ImageFont.load_default()


def _picture(pix, marks: list[Mark], hits: dict, to_px) -> bytes:
    """The rendered page with each mark's rectangles highlighted and its tag
    in the margin, JPEG-encoded (Pillow's libjpeg-turbo: deterministic bytes).

    The marks are drawn on the picture, not into the PDF: the page is
    rendered as it is (no content stream added and parsed again), and only
    the highlighted boxes are touched."""
    import io

    from PIL import Image, ImageChops, ImageDraw
    page = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    draw = ImageDraw.Draw(page)
    font = _tag_font()
    tagged: dict[str, list[float]] = {"left": [], "right": []}
    for m in marks:
        rects = hits[m.key]
        if not rects:
            continue
        fill, ink = (_rgb(c) for c in COLOURS.get(m.kind, COLOURS["question"]))
        for r in rects:
            x0, y0, x1, y1 = to_px(r)
            box = (max(0, int(x0) - 1), max(0, int(y0) - 1), min(pix.width, int(x1) + 2), min(pix.height, int(y1) + 1))
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            region = page.crop(box)
            page.paste(ImageChops.multiply(region, Image.new("RGB", region.size, _tint(fill))), box)
            draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), outline=ink)
        # the tag in the page margin says which row this is (improvements: right
        # margin, so the two columns of a strengths/improvements table do not collide)
        side = "right" if m.kind == "improvement" else "left"
        y = to_px(rects[0])[3] - TAG_PX
        while any(abs(y - t) < TAG_PX for t in tagged[side]):
            y += TAG_PX
        tagged[side].append(y)
        x = pix.width - 4 * TAG_PX if side == "right" else 4
        draw.text((x, y), m.tag, fill=ink, font=font)
    buf = io.BytesIO()
    page.save(buf, "JPEG", quality=JPEG_QUALITY)
    return buf.getvalue()


def _text_page(shown, page):
    """The text page of a page's display list, as Page.search_for takes it
    (the same text page Page.get_textpage makes, without interpreting the
    page's content a second time)."""
    import pymupdf
    textpage = pymupdf.TextPage(shown.get_textpage(flags=_SEARCH_FLAGS))
    textpage.parent = page
    return textpage


def render_pages(data: bytes, marks: list[Mark], source_name: str) -> Result:
    """The pages the marks name, rendered from the PDF's bytes with the marks
    drawn; `source_name` is only used in error messages."""
    res = Result()
    if not marks:
        return res
    try:
        import pymupdf
    except ImportError:
        res.error = "pymupdf is not installed: pages not rendered"
        return res
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:  # no absolute path in the message: the page must be the same on any machine
        res.error = f"could not open {source_name} ({type(e).__name__}): pages not rendered"
        return res
    global _SEARCH_FLAGS
    if _SEARCH_FLAGS is None:  # what Page.search_for uses by default: joins hyphenated words
        _SEARCH_FLAGS = (pymupdf.TEXT_DEHYPHENATE | pymupdf.TEXT_PRESERVE_WHITESPACE
                         | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP)
    try:
        by_page: dict[int, list[Mark]] = {}
        for m in marks:
            if not 1 <= m.page <= doc.page_count:
                res.bad_page[m.key] = doc.page_count
                continue
            by_page.setdefault(m.page, []).append(m)
        zoom = pymupdf.Matrix(DPI / 72, DPI / 72)
        for pno in sorted(by_page):
            page = doc[pno - 1]
            page_marks = by_page[pno]
            # The page's content is interpreted once, into a display list: the
            # text page the rows are searched in and the picture both come from
            # it. (A turned page's display list is turned too, and search_for's
            # boxes are in the page's own unturned space: its text page is made
            # from the page.)
            shown = page.get_displaylist()
            textpage = page.get_textpage(flags=_SEARCH_FLAGS) if page.rotation else _text_page(shown, page)
            text_layer = bool(textpage.extractText().strip())
            hits = {m.key: (_locate(page, textpage, m.text) if text_layer else []) for m in page_marks}
            del textpage
            for m in page_marks:
                if text_layer:
                    res.found[m.key] = bool(hits[m.key])
            # page coordinates (as search_for gives them) -> pixels of the picture, turned as shown
            to_px_matrix = page.rotation_matrix * zoom
            pix = shown.get_pixmap(matrix=zoom, alpha=False)
            del shown

            def to_px(r, m=to_px_matrix):
                q = pymupdf.Rect(r) * m
                return q.x0, q.y0, q.x1, q.y1
            res.images[pno] = PageImage(pno, _picture(pix, page_marks, hits, to_px), pix.width,
                                        pix.height, page_marks, text_layer)
    except Exception as e:
        res.error = f"could not render pages of {source_name} ({type(e).__name__}: {e})"
    finally:
        doc.close()
    return res
