"""Scanned PDFs the way offices make them: image-only pages, no text layer.

Each page of a source PDF (a shared PDF or the sample PDF) is rendered, turned
grey, printed on toned paper with a little unevenness, turned by a fraction of a
degree, blurred slightly, dusted with specks, given grain, and stored as a JPEG
at a given quality and dpi. The PDF carries the JPEG bytes themselves
(DCTDecode streams), as a scanner's PDF does.

Levels (presets): clean300, office200 (the acceptance level), rough150, q90,
bilevel300 (1-bit PNG pages), colour200 (RGB JPEG pages),
upside_down_page, landscape_page, spread200 (two pages side by side on each
sheet, as a report scanned open). Any preset value can be overridden by a
keyword (dpi=, quality=, angle=, ...). The truth is the source's answer key;
Variant.meta["pages"] records what was applied to each page (angle, JPEG
quality, quarter turns), so a test can check it.
"""
from __future__ import annotations

import math
from pathlib import Path

from .common import Variant, resolve_source, rng, variant_stem, write_truth

# quality / angle / specks may be (lo, hi) ranges drawn per page; angle is in
# degrees, drawn with a random sign; paper is the paper's grey level range.
LEVELS: dict[str, dict] = {
    "clean300": dict(dpi=300, quality=95, angle=0.0, paper=255, ink=0, blur=0.0, grain=0.0,
                     specks=0, shade=0.0),
    "office200": dict(dpi=200, quality=(25, 55), angle=(0.1, 0.5), paper=(228, 242), ink=(25, 45),
                      blur=0.55, grain=6.0, specks=(15, 45), shade=6.0),
    "rough150": dict(dpi=150, quality=20, angle=(0.3, 1.5), paper=(212, 232), ink=(35, 60),
                     blur=0.8, grain=13.0, specks=(120, 260), shade=12.0),
    "q90": dict(dpi=200, quality=90, angle=(0.1, 0.5), paper=(228, 242), ink=(25, 45),
                blur=0.55, grain=6.0, specks=(15, 45), shade=6.0),
}
# A fax-like scanner: black and white (1 bit per pixel) at 300 dpi; a colour
# scanner: an RGB JPEG of yellowed paper.
LEVELS["bilevel300"] = dict(LEVELS["office200"], dpi=300, mode="bilevel")
LEVELS["colour200"] = dict(LEVELS["office200"], mode="colour")
LEVELS["upside_down_page"] = dict(LEVELS["office200"], turn_page="overview", turn=2)
LEVELS["landscape_page"] = dict(LEVELS["office200"], turn_page="findings", turn=1)
# A bound report scanned open: two pages side by side on each sheet.
LEVELS["spread200"] = dict(LEVELS["office200"], two_up=True)
DEFAULT_LEVELS = ("clean300", "office200", "rough150", "q90", "bilevel300", "colour200", "upside_down_page",
                  "landscape_page")


def make_scans(source, out_dir, levels=("office200",), seed: int = 0, pages=None, **overrides) -> list[Variant]:
    """One scanned PDF per level. source: "000"/"002"/"004"/"sample" or a PDF path.
    pages: 1-based page numbers to keep (default all; the truth is then partial)."""
    src = resolve_source(source, "pdf")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for level in levels:
        if level not in LEVELS:
            raise ValueError(f"unknown scan level {level!r} (one of {', '.join(LEVELS)})")
        params = dict(LEVELS[level], **overrides)
        path = out_dir / (variant_stem(src, "scan", level) + ".pdf")
        applied = scan_pdf(src, path, params, seed_keys=(seed, src.name, level), only=pages)
        rec = dict(params, seed=seed, **({"pages": list(pages)} if pages else {}))
        truth = write_truth(path, src, "scans", level, rec)
        out.append(Variant("scans", level, path, truth, src.name, rec, {"pages": applied}))
    return out


def _draw(r, v):
    """A value or a (lo, hi) range drawn uniformly."""
    if isinstance(v, (tuple, list)):
        return float(r.uniform(v[0], v[1]))
    return float(v)


def find_page(doc, which) -> int | None:
    """0-based page index: an int (1-based page number), 'overview' (first page with
    an overview table), 'findings' (first page with a Styrkor table) or None."""
    if which is None:
        return None
    if isinstance(which, int):
        return which - 1
    words = {"overview": ("Uppnått",), "findings": ("Styrkor", "STYRKOR")}[which]
    for i, page in enumerate(doc):
        t = page.get_text()
        if any(w in t for w in words):
            return i
    return doc.page_count // 2


def scan_pdf(src: Path, out: Path, params: dict, seed_keys=(0,), only=None) -> list[dict]:
    """Write the scanned PDF; returns per page what was applied."""
    import pymupdf

    if params.get("two_up"):
        from .routes import two_up_pdf
        sheets = out.with_name(out.stem + ".sheets.pdf")
        two_up_pdf(src, sheets)
        try:
            return scan_pdf(sheets, out, dict(params, two_up=False), seed_keys, only)
        finally:
            sheets.unlink(missing_ok=True)
    doc = pymupdf.open(src)
    turn_at = find_page(doc, params.get("turn_page"))
    dpi = int(params["dpi"])
    new = pymupdf.open()
    applied = []
    for i, page in enumerate(doc):
        if only and i + 1 not in only:
            continue
        r = rng(*seed_keys, i)
        img = render_gray(page, dpi)
        turn = int(params.get("turn", 0)) if i == turn_at else 0
        img, info = degrade(img, params, r, dpi)
        if turn:
            # a sheet fed the wrong way: 2 = upside down, 1 = sideways (landscape page)
            k = turn if turn == 2 else int(r.choice([1, 3]))
            img = np_rot90(img, k)
            info["quarter_turns"] = k      # counter-clockwise quarter turns of the image
        else:
            info["quarter_turns"] = 0
        stream = encode(img, params.get("mode", "grey"), info["quality"])
        h, w = img.shape[:2]
        pg = new.new_page(width=w * 72.0 / dpi, height=h * 72.0 / dpi)
        pg.insert_image(pg.rect, stream=stream)
        info["page"] = i + 1
        applied.append(info)
    new.set_metadata({"creator": "Scanner (variants.scans)", "producer": "variants.scans",
                      "creationDate": "D:20220101120000+01'00'", "modDate": "D:20220101120000+01'00'"})
    new.save(out, garbage=3, deflate=True, no_new_id=True)
    new.close()
    doc.close()
    return applied


def encode(img, mode: str, quality: int) -> bytes:
    """The page image as the scanner stores it: grey JPEG, 1-bit PNG
    (thresholded, as a fax-like scanner does) or an RGB JPEG of yellowed paper."""
    import cv2
    import numpy as np

    if mode == "bilevel":
        import io

        from PIL import Image
        buf = io.BytesIO()
        Image.fromarray(np.where(img < 150, 0, 255).astype(np.uint8)).convert("1").save(buf, "PNG")
        return buf.getvalue()
    if mode == "colour":
        tint = np.array([0.85, 0.93, 0.97])  # B, G, R: paper yellowed, ink stays dark
        img = np.clip(img[:, :, None].astype(float) * tint, 0, 255).astype(np.uint8)
    ok, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return jpg.tobytes()


def np_rot90(img, k):
    import numpy as np
    return np.ascontiguousarray(np.rot90(img, k))


def render_gray(page, dpi: int):
    import numpy as np
    import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width).copy()


def degrade(img, params: dict, r, dpi: int):
    """Paper tone and uneven light, turn, blur, specks, grain. Returns (image, what was drawn)."""
    import cv2
    import numpy as np

    h, w = img.shape
    paper = _draw(r, params.get("paper", 255))
    ink = _draw(r, params.get("ink", 0))
    quality = int(round(_draw(r, params["quality"])))
    angle = _draw(r, params.get("angle", 0.0))
    if angle:
        angle *= float(r.choice([-1.0, 1.0]))
    info = {"angle": round(angle, 4), "quality": quality, "paper": round(paper, 1)}
    dark = 1.0 - img.astype(np.float32) / 255.0                 # 1 = ink, 0 = paper
    out = paper - (paper - ink) * dark
    shade = float(params.get("shade", 0.0))
    if shade:                                                   # light falls off towards one corner
        gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
        ax, ay = r.uniform(-1, 1, size=2)
        out -= shade * ((ax * gx / w + ay * gy / h) + 1.0) / 2.0
    if angle:
        m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
        out = cv2.warpAffine(out, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                             borderValue=paper)
    blur = float(params.get("blur", 0.0))
    if blur:
        out = cv2.GaussianBlur(out, (0, 0), blur * dpi / 200.0)
    n_specks = int(round(_draw(r, params.get("specks", 0))))
    scale = dpi / 200.0
    for _ in range(n_specks):
        x, y = int(r.integers(0, w)), int(r.integers(0, h))
        tone = float(r.uniform(ink, paper * 0.7))
        if r.random() < 0.15:                                   # a hair or a scratch
            length = r.uniform(4, 18) * scale
            t = r.uniform(0, math.pi)
            p2 = (int(x + length * math.cos(t)), int(y + length * math.sin(t)))
            cv2.line(out, (x, y), p2, tone, 1, cv2.LINE_AA)
        else:
            rad = max(1, int(round(r.uniform(0.4, 1.8) * scale)))
            cv2.circle(out, (x, y), rad, tone, -1, cv2.LINE_AA)
    info["specks"] = n_specks
    grain = float(params.get("grain", 0.0))
    if grain:
        out += r.normal(0.0, grain, size=out.shape).astype(np.float32)
    return np.clip(out, 0, 255).astype(np.uint8), info


def estimate_skew(img, max_deg: float = 2.0, step: float = 0.05) -> float:
    """Skew of a page image by the projection profile: the angle (degrees, same
    sense as degrade()'s) whose row sums are the most peaked. For tests."""
    import cv2
    import numpy as np

    small = img if img.shape[1] <= 1200 else cv2.resize(img, None, fx=1200 / img.shape[1], fy=1200 / img.shape[1])
    ink = (255 - small.astype(np.float32))
    ink[ink < 80] = 0
    h, w = ink.shape
    best, best_a = -1.0, 0.0
    for a in np.arange(-max_deg, max_deg + step / 2, step):
        m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), -a, 1.0)
        rot = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
        prof = rot.sum(axis=1)
        score = float(np.var(prof))
        if score > best:
            best, best_a = score, float(a)
    return best_a
