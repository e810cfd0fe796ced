"""Tesseract, through tesserocr: the engine stays loaded between calls.

One `Engine` per thread (tesserocr releases the GIL while it recognises, so
two threads OCR two pages at once inside one worker). An engine is given a
page image once (`set_image`) and then asked for the words of the whole page
or of one rectangle (a table cell): each word with its box, its line's
baseline and height, and Tesseract's confidence (0-1). A number cell is read
again with a whitelist of digits and "%" in single-line mode.

Orientation (a sheet fed sideways or upside down) comes from Tesseract's own
orientation model (osd), asked only when a page looks turned.

Tesseract or its language data missing -> NeedsOCR with a message that says
what to install; the reader turns it into a per-file message.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass

# Swedish reports; English words in them read well enough with the Swedish
# model, and a second model would double the recognition time.
LANGUAGE = "swe"
FALLBACK_LANGUAGES = ("eng",)
# Numbers are read with the English model: the Swedish one cannot read "%"
# (it makes "45%" into "459" or "45N"); the English one reads it.
NUMBER_LANGUAGE = "eng"
# Where Debian, Ubuntu and Homebrew put the language data, after TESSDATA_PREFIX.
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")
DIGITS = "0123456789%.,"
INSTALL = "install tesseract-ocr and tesseract-ocr-swe, and the Python package tesserocr"


class NeedsOCR(Exception):
    """Page `pno` has no text layer and cannot be OCR'd here (`why`)."""

    def __init__(self, pno, why):
        super().__init__(why)
        self.pno = pno
        self.why = why


@dataclass(slots=True)
class Word:
    """A word as Tesseract read it, in pixels of the image it was given."""
    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    conf: float  # 0-1
    base: float  # the baseline of its line at the word's middle
    height: float  # its line's height (x-height plus ascenders)


def tessdata() -> tuple[str, str]:
    """The language data folder and the language to read with; NeedsOCR(None, why) if none."""
    try:
        import tesserocr
    except ImportError as e:
        raise NeedsOCR(None, f"the OCR engine is not installed ({e}; {INSTALL})") from e
    cands = [os.environ.get("TESSDATA_PREFIX", "")]
    try:
        cands.append(tesserocr.get_languages()[0])
    except Exception:  # pragma: no cover - depends on the installation
        pass
    cands += TESSDATA_DIRS
    for d in cands:
        for sub in (d, os.path.join(d, "tessdata")):
            if not sub or not os.path.isdir(sub):
                continue
            for lang in (LANGUAGE,) + FALLBACK_LANGUAGES:
                if os.path.exists(os.path.join(sub, lang + ".traineddata")):
                    return sub, lang
    raise NeedsOCR(None, f"Tesseract has no Swedish or English language data ({INSTALL})")


class Engine:
    """One Tesseract instance (not thread-safe: one per thread, see `engine()`)."""

    def __init__(self):
        from tesserocr import OEM, PSM, PyTessBaseAPI

        self.path, self.lang = tessdata()
        try:
            self.api = PyTessBaseAPI(path=self.path, lang=self.lang, psm=PSM.AUTO, oem=OEM.LSTM_ONLY)
        except Exception as e:  # pragma: no cover - depends on the installation
            raise NeedsOCR(None, f"Tesseract could not start: {e} ({INSTALL})") from e
        self.osd = None
        self.numbers = None  # the number model's instance, and whether it has the current image
        self.numbers_image = False
        self.shape = None
        self.image = None

    def set_image(self, img, dpi: int) -> None:
        """A greyscale or binary image (2-D uint8 array, C-contiguous)."""
        h, w = img.shape
        self.api.SetImageBytes(img.tobytes(), w, h, 1, w)
        self.api.SetSourceResolution(int(dpi))
        self.shape, self.image, self.dpi, self.numbers_image = (h, w), img, int(dpi), False

    def _number_api(self):
        from tesserocr import OEM, PSM, PyTessBaseAPI

        if self.numbers is None:
            lang = NUMBER_LANGUAGE if os.path.exists(os.path.join(self.path, NUMBER_LANGUAGE + ".traineddata")) \
                else self.lang
            self.numbers = PyTessBaseAPI(path=self.path, lang=lang, psm=PSM.SINGLE_LINE, oem=OEM.LSTM_ONLY)
            self.numbers.SetVariable("tessedit_char_whitelist", DIGITS)
        if not self.numbers_image:
            h, w = self.shape
            self.numbers.SetImageBytes(self.image.tobytes(), w, h, 1, w)
            self.numbers.SetSourceResolution(self.dpi)
            self.numbers_image = True
        return self.numbers

    def words(self, rect=None, line: bool = False, digits: bool = False) -> list[Word]:
        """The words of the image (or of rect = (x0, y0, x1, y1)): a block of
        text, or one line; `digits`: a number, read as one line with only
        digits, "%" and decimal marks allowed (by the number model)."""
        from tesserocr import PSM

        if digits:
            api = self._number_api()
            api.SetPageSegMode(PSM.SINGLE_LINE)
        else:
            api = self.api
            api.SetPageSegMode(PSM.SINGLE_LINE if line else (PSM.SINGLE_BLOCK if rect else PSM.AUTO))
        if rect is not None:
            x0, y0, x1, y1 = rect
            api.SetRectangle(x0, y0, x1 - x0, y1 - y0)
        api.Recognize()
        return _words(api)

    def orientation(self, img, dpi: int) -> tuple[int, float]:
        """(quarter turns counter-clockwise that make the page upright, Tesseract's
        confidence); (0, 0.0) when it cannot tell."""
        from tesserocr import PSM, PyTessBaseAPI

        if self.osd is None:
            if not os.path.exists(os.path.join(self.path, "osd.traineddata")):
                return 0, 0.0
            self.osd = PyTessBaseAPI(path=self.path, lang="osd", psm=PSM.OSD_ONLY)
        h, w = img.shape
        self.osd.SetImageBytes(img.tobytes(), w, h, 1, w)
        self.osd.SetSourceResolution(int(dpi))
        try:
            r = self.osd.DetectOrientationScript()
        except Exception:  # pragma: no cover - too little text to tell
            return 0, 0.0
        if not r:
            return 0, 0.0
        return (int(r["orient_deg"]) // 90) % 4, float(r["orient_conf"])


def _words(api) -> list[Word]:
    from tesserocr import RIL, iterate_level

    out = []
    ri = api.GetIterator()
    if ri is None:
        return out
    for w in iterate_level(ri, RIL.WORD):
        try:
            text = w.GetUTF8Text(RIL.WORD)
        except RuntimeError:  # an empty word
            continue
        if not text or not text.strip():
            continue
        box = w.BoundingBox(RIL.WORD)
        if box is None:
            continue
        x0, y0, x1, y1 = box
        base = w.Baseline(RIL.TEXTLINE)
        if base:
            (bx0, by0), (bx1, by1) = base
            mid = (x0 + x1) / 2
            by = by0 if bx1 == bx0 else by0 + (by1 - by0) * (mid - bx0) / (bx1 - bx0)
        else:
            by = y1
        attrs = w.RowAttributes() or {}
        height = float(attrs.get("row_height") or (y1 - y0))
        out.append(Word(text.strip(), x0, y0, x1, y1, max(0.0, w.Confidence(RIL.WORD)) / 100.0, by, height))
    return out


_local = threading.local()


def engine() -> Engine:
    """This thread's engine (made on first use, then kept: loading the model
    costs a tenth of a second or more)."""
    eng = getattr(_local, "engine", None)
    if eng is None or getattr(_local, "pid", None) != os.getpid():
        eng = Engine()
        _local.engine, _local.pid = eng, os.getpid()
    return eng
