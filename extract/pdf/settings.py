"""Every number the PDF reader decides by, in one place, each with its reason.

Lengths are in PDF points (1/72 inch) unless the name says otherwise;
"em" values are multiples of the font size of the text concerned; "share"
values are fractions. The defaults are the values the reader had inline
before they were gathered here (tests/golden holds what it reads with them).
`PdfSettings()` is the reader's default; `read_pdf(path, settings=...)` takes
another for experiments.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..running import PDF_RUNNING, RunningRule


@dataclass(frozen=True, slots=True)
class PdfSettings:
    # --- geometry in general -------------------------------------------------
    # Ruling lines and grid coordinates closer than this are the same line:
    # producers draw cell borders twice or a hair apart.
    tol: float = 2.0
    # Font sizes are compared in steps of half a point (9.96 and 10.02 are 10).
    size_step: float = 0.5
    # Two lines are of one size when their (half-point) sizes differ by less
    # than this: one half-point step is the same size, two are not.
    same_size: float = 0.6

    # --- pieces into lines ----------------------------------------------------
    # A piece of about the line's size (sizes within this share of each other)
    # joins a line only when it shares most of its height ...
    line_size_share: float = 0.2
    # ... this share of the smaller height (the same baseline): lines of two
    # text columns offset by half a line overlap too.
    line_overlap_strict: float = 0.7
    # Other pieces (superscripts; all pieces of OCR) join on half their height.
    line_overlap_loose: float = 0.5
    # A gap wider than this (em) between two pieces is a word space.
    word_space: float = 0.12
    # The gutter between table columns, and the gap written as "\t" in a line
    # with tabs: at least this (em) ...
    gutter_em: float = 0.9
    # ... and at least this wide (small print keeps its word spaces).
    gutter_min: float = 7.0
    # A dash bullet or a list number stands apart from its text by this (em):
    # "– text" with one narrow space is a wrapped "A – B".
    bullet_gap: float = 0.3

    # --- ruling lines from drawings -----------------------------------------
    # A colour channel above this (0..1 in drawings, 0..255 in a text page's
    # vectors; 0.97 of 255 is 247.35) is white: invisible on paper.
    white: float = 0.97
    white_byte: int = 247
    # A drawn line off the horizontal/vertical by at most this is straight.
    rule_skew: float = 1.0
    # A filled rectangle at most this thin is a ruling line ...
    rule_thickness: float = 3.0
    # ... and a ruling line (or a stroked box's side) is longer than this.
    rule_length: float = 3.0

    # --- grids --------------------------------------------------------------
    # A point this close outside a grid's frame is still inside (text touching
    # the border).
    grid_margin: float = 1.0
    # A span's ends, moved in by this, tell whether it crosses a column
    # boundary (kerning lets a glyph touch the next cell).
    span_inset: float = 0.5

    # --- opening the file ------------------------------------------------------
    # A repaired file without "%%EOF" in its last this many bytes is truncated
    # (readers look for it within the last 1024 bytes; some producers write
    # a little after it).
    eof_window: int = 2048

    # --- reading a page -------------------------------------------------------
    # A page whose text is more than this share unmappable (U+FFFD, or the
    # control characters MuPDF gives for glyph ids of a font without a Unicode
    # map) has no usable text layer: it is rendered and OCR'd (a scan is OCR'd
    # when its page has no text at all).
    bad_text_share: float = 0.3
    # A font whose text is more than this share control characters has no
    # Unicode map: all its characters are glyph ids, not letters.
    unmapped_font_share: float = 0.02
    # A page without text but with at least this many vector paths has its text
    # drawn as outlines (a "print to PDF" that converted fonts to curves): it
    # is rendered and OCR'd. A blank page with a frame or a few rules has far fewer.
    outline_min_paths: int = 300
    # A page where more than this share of the characters run in one other
    # direction than left to right (sideways, upside down) is read turned upright.
    turned_text_share: float = 0.5
    # Two pages printed side by side on one sheet ("2 pages per sheet", a
    # book's spread): a landscape sheet (width at least this many times its
    # height) whose middle band (this share of its width) no word and no
    # ruling crosses, and whose halves each carry a page's edge: the same
    # running header at the top of both, or consecutive page numbers at the
    # foot (within this share of the height from the edge). Each half is read
    # as a page of its own, the left one first.
    two_up_min_aspect: float = 1.2
    two_up_band: float = 0.04
    two_up_edge: float = 0.12
    # Words of one edge line stand within this many points of its top (foot);
    # a header shorter than this many characters is no evidence (a lone "1").
    two_up_line_tol: float = 3.0
    two_up_header_min_chars: int = 8
    # A scanned sheet (no text to read headers from) is two pages when a
    # gutter at least `two_up_gutter` of its width wide, within the middle
    # `two_up_gutter_zone` of it, holds (almost) no ink from top to bottom --
    # at most `two_up_gutter_ink` of a column's pixels (a speck or two) --
    # and at least `two_up_inked_columns` of each half's columns hold more.
    # Looked at in a grey rendering at `two_up_scan_dpi`; ink is darker than
    # the paper (the median grey) by `two_up_ink_contrast` (text is thin and
    # light at that resolution). (A single landscape page split there is two
    # columns of text read left first, as they read anyway; a table across
    # the middle has ink there.)
    two_up_gutter: float = 0.03
    two_up_gutter_zone: float = 0.2
    two_up_gutter_ink: float = 0.003
    two_up_inked_columns: float = 0.25
    two_up_scan_dpi: int = 40
    two_up_ink_contrast: int = 40
    # A page with an image whose text is more than this share invisible is a
    # scan carrying another OCR's reading (tables garbled, "8996" for "89%"):
    # it is OCR'd again by the project's own route.
    invisible_text_share: float = 0.5
    # Pages that print a picture over at least this share of the page with
    # fewer than this many characters of text (a table pasted as an image) are
    # OCR'd too when `ocr_picture_pages` is set (a second reading the run asks
    # for when a document's first reading finds no scores).
    ocr_picture_pages: bool = False
    picture_page_share: float = 0.3
    picture_page_max_chars: int = 400
    # OCR costs seconds a page: a file with more pages to OCR than this is not
    # read (a report has 30-60 pages; a compilation book a few hundred), so an
    # unattended run is not held for hours by one file.
    ocr_max_pages: int = 400

    # --- OCR ------------------------------------------------------------------
    # (extract.pdf.ocr and its ocr_* modules; pixel sizes are derived from
    # points at the resolution of the image concerned.)
    # Scanned pages are read at least at this resolution: 300 dpi is what
    # Tesseract is made for, so a 200 dpi scan is scaled up once, in the same
    # warp that removes its skew.
    ocr_dpi: int = 300
    # A page image of unknown or tiny resolution is rendered at least at this.
    ocr_min_dpi: int = 100
    # The paper's brightness is found by closing away the ink with a square of
    # this size (pt): wider than any stroke, smaller than the paper's changes of tone.
    ocr_background_pt: float = 12.0
    # On the flattened page (paper 255) a pixel darker than this is ink when
    # measuring skew and orientation.
    ocr_ink_level: int = 160
    # Skew and orientation are measured on a copy of about this resolution
    # (a pixel row of it is 0.7 pt: enough for 0.02 degrees over a page width).
    ocr_skew_dpi: float = 100.0
    # A page with fewer ink points than this in that copy has no skew to find.
    ocr_min_ink_points: int = 500
    # Skew is searched this far either way (degrees): a sheet turned further
    # is a page fed sideways, found by orientation instead ...
    ocr_max_skew: float = 3.0
    # ... first in coarse steps, then in fine steps around the best (degrees).
    ocr_skew_coarse: float = 0.2
    ocr_skew_fine: float = 0.02
    # A skew below this (degrees) is left alone when no scaling is needed.
    ocr_min_skew: float = 0.02
    # Otsu's threshold on the flattened page, kept within these bounds (0..255):
    # a page with hardly any ink has no second mode to find.
    ocr_threshold_min: int = 100
    ocr_threshold_max: int = 215
    # A speck is a blob of at most this area (pt^2; a full stop of 10 pt text is
    # about 1.5) with no other ink within this distance to the side (pt; a full
    # stop or a decimal point stands closer to its letters, even after a "7") ...
    ocr_speck_area_pt2: float = 3.0
    ocr_speck_clear_x: float = 4.0
    # ... nor above or below (an i's or an ä's dots).
    ocr_speck_clear_y: float = 1.5
    # A hair or a scratch is a stroke thinner than this on average (pt; the
    # thinnest stroke of 9 pt type is about 0.6) and at most this long (pt),
    # and goes wherever it lies (a dot is a speck, not a hair: 3 pt at least).
    ocr_hair_pt: float = 0.45
    ocr_hair_len: float = 24.0
    # A horizontal ruling line is at least this long (pt: the narrowest column of
    # question numbers; letters in a row are broken by their spacing much sooner) ...
    ocr_hrule_min: float = 24.0
    # ... a vertical one at least this long (pt): a table's row height.
    ocr_vrule_min: float = 12.0
    # A rule is at most this thick (pt); thicker dark runs are pictures.
    ocr_rule_thick: float = 4.0
    # A rule is at least this much darker (0..255) than the paper this far
    # (pt) above and below it (left and right): a hairline in light grey is;
    # a letter's body is not thin at this scale, nor is a shaded cell ...
    ocr_rule_contrast: int = 20
    ocr_rule_across: float = 1.5
    # ... on average over this length along it (pt): grain and JPEG blocks are not
    # (on a grainy page, this many times as dark as the 95th percentile of the
    # grain away from ink).
    ocr_rule_smooth: float = 2.0
    ocr_rule_noise: float = 1.6
    # Gaps up to this (pt) in a faint rule are bridged (0: none; bridging joins
    # letters into runs as well) ...
    ocr_rule_bridge: float = 0.0
    # ... and pieces of one rule this far apart (pt) are one rule; a rule drawn
    # along this share of its table is drawn the whole way (it faded out over a
    # cell: a real merged cell leaves most of a line out).
    ocr_rule_join: float = 4.0
    ocr_rule_most: float = 0.6
    # ... for a rule has ink in a band this wide (pt), this far (pt) above or
    # below it (left or right), along at most this share of its length: a rule
    # stands alone in its cells' padding; the top or the foot of a row of
    # letters does not.
    ocr_rule_band: float = 1.5
    ocr_rule_gap: float = 0.5
    ocr_rule_alone: float = 0.3
    # A vertical rule meets or crosses a horizontal one (within this, pt); a
    # letter's stem does not.
    ocr_rule_meet: float = 3.0
    # A cell is read inside its rules, this far (pt) in from them ...
    ocr_cell_inset: float = 1.2
    # ... when it holds at least this much ink (pt^2): an empty cell is not read.
    ocr_cell_min_ink: float = 2.0
    # A cell (or a word outside tables) whose first reading has at most this
    # many characters, and digits among them (or nothing readable at all), is a
    # number and is read again with a digit whitelist, as one line.
    ocr_number_chars: int = 8
    # A decimal point OCR dropped ("74" for "7.4") is put back where the image
    # has a round dot this tall (share of the digits' height), its foot within
    # this share of their baseline, at most this share away from the digits on
    # either side.
    ocr_point_min: float = 0.08
    ocr_point_max: float = 0.25
    ocr_point_base: float = 0.08
    ocr_point_gap: float = 0.3
    # Tesseract's line height (x-height plus ascenders) times this is the font size.
    ocr_em_per_row: float = 1.15
    # OCR'd word sizes within this band around the page's common size are that
    # size (Tesseract's sizes differ from word to word) ...
    ocr_size_low: float = 0.8
    ocr_size_high: float = 1.25
    # ... and every word's box is rebuilt from its baseline: this much of the
    # size above it, this much below.
    ocr_ascent: float = 0.8
    ocr_descent: float = 0.2
    # OCR'd words on baselines this close (em) are on one row.
    ocr_row: float = 0.4
    # A number of one or two characters alone in a cell, read with less
    # confidence than this by the two models together, is not kept: a speck
    # read as "4", or a value that will be missing (and so named) rather than wrong.
    ocr_noise_conf: float = 0.3
    # A word that is only a mark (no letter, digit, bullet or dash) read with
    # less confidence than this is a speck ("Styrkor ,") and is dropped.
    ocr_mark_conf: float = 0.6
    # An OCR'd bullet look-alike stands this far (em) apart from the text after it.
    ocr_bullet_gap: float = 0.25
    # A bullet OCR left out: a filled round or square blob this big (pt; a full
    # stop is smaller), at least this share of its box inked (an "o" is not),
    # at most this far (em) left of the line's first word.
    ocr_bullet_min: float = 2.0
    ocr_bullet_max: float = 6.0
    ocr_bullet_fill: float = 0.6
    ocr_bullet_reach: float = 3.0
    # Ink OCR left unread: letters joined across gaps of this (pt) into words;
    # a word this tall (pt, from a lone digit to a heading) is read on its own
    # when no word read covers it, at most this many a page, and kept when read
    # with at least this confidence (noise reads as low-confidence letters).
    ocr_unread_join: float = 4.0
    ocr_unread_min: float = 4.0
    ocr_unread_max_h: float = 24.0
    ocr_unread_max: int = 40
    ocr_unread_conf: float = 0.6
    # ... (a blob whose ink lies this much inside words read is read already).
    ocr_unread_covered: float = 0.2
    # OCR baselines are off by a point or two: lines of a paragraph are never
    # cut by a gap below this (em) on an OCR'd page.
    ocr_para_gap: float = 0.5
    # A running header as OCR read it on one page is the one other pages repeat
    # when the two are at least this similar (0-100): a misread letter or two.
    ocr_running_ratio: float = 88.0
    # A page whose words read with a mean confidence below this (0-1) may be
    # turned: Tesseract's orientation model is asked, and the page read again
    # when it is sure (confidence above ocr_turn_conf) of another way up.
    ocr_recheck_conf: float = 0.7
    ocr_turn_conf: float = 2.0
    # Pages OCR'd at once inside one worker (tesserocr releases the GIL): the
    # machine's two cores for one scanned report.
    ocr_threads: int = 2

    # --- running headers and footers ---------------------------------------
    # The top and bottom margin bands (share of the page height, measured at a
    # line's vertical centre) where running lines stand: about an inch on A4.
    top_band: float = 0.085
    bottom_band: float = 0.915
    # Which lines in the bands are running (extract.running).
    running: RunningRule = PDF_RUNNING

    # --- tables without ruling lines (columns) ------------------------------
    # A text run starting this far left of the first column is body text.
    column_left_tol: float = 2.0
    # A run may start this far (em, and at least column_slack_min) left of its
    # column's start: right-aligned numbers under a narrower header.
    column_slack: float = 0.6
    column_slack_min: float = 4.0
    # A run ending this close before the next column's start still fits its column.
    column_end_tol: float = 0.5
    # A column run is at least this many lines (a header line may also end a page).
    run_min_lines: int = 2
    # A vertical gap larger than this (em) ends a column run.
    column_break_gap: float = 2.0
    # Paragraphs of different columns overlapping by more than this (em) are
    # one row.
    row_overlap: float = 0.2
    # Baselines closer than this (em) are one baseline (tight grids).
    baseline_tol: float = 0.25
    # A tight grid has at most this many distinct baselines per line of its
    # longest column (more: the columns' lines are independent).
    tight_baselines: float = 1.2
    # A column is numeric when this share of its lines are numbers.
    numeric_share: float = 0.8
    # A tight grid of this many filled columns (or a numeric one) is read
    # line by line.
    tight_columns: int = 3
    # A run becomes a table only with text in this many columns below its
    # first line, or this many lines with column gaps.
    table_min_columns: int = 2
    table_min_gapped_lines: int = 2
    # The first row of a run is a header row when at least this many cells have text,
    # each at most header_max_lines lines.
    header_min_cells: int = 2
    header_max_lines: int = 1
    # An unruled column ends this far before the next starts (and is at least
    # this wide).
    column_end_gap: float = 1.0
    # Word positions equal within this are the same column start.
    column_start_eps: float = 0.01

    # --- tables -------------------------------------------------------------
    # Ruled tables on two pages have the same columns when their column lines
    # lie within this (twice `tol`: each grid's lines were clustered by it).
    same_columns_tol: float = 4.0
    # A row whose text (by characters) is at least this share bold is a
    # header-styled row.
    bold_row_share: float = 0.8

    # --- document statistics ------------------------------------------------
    # The body size when a document has no text at all.
    default_body_size: float = 11.0
    # Gaps between lines counted as wrap gaps lie in (this, gap_max em):
    # overlapping lines of a tight leading down to paragraph-sized gaps.
    gap_min: float = -2.0
    gap_max: float = 1.2
    # The wrap gap when there are none to count (em).
    default_wrap: float = 0.2
    # The wrap gap is the smallest gap value seen at least this share of all
    # gaps, and at least wrap_min_count times.
    wrap_share: float = 0.05
    wrap_min_count: int = 2
    # A "big" heading is at least this much larger than the body ...
    heading_step: float = 0.9
    # ... and bold, or at least this many times the body size.
    heading_scale: float = 1.25
    # A bold heading at body size may be this much smaller than the body.
    bold_heading_slack: float = 0.5

    # --- lines into blocks --------------------------------------------------
    # A gap up to the wrap gap plus this (em, at least para_slack_min) keeps a
    # paragraph going; a larger one starts a new one.
    para_slack: float = 0.25
    para_slack_min: float = 1.5
    # A continuation line is indented past this share of the item's bullet
    # indent (the gap between the glyph and its text) ...
    indent_share: float = 0.5
    # ... when the item has a hanging indent wider than this.
    hanging_indent: float = 2.0
    # In a cell, a line ended early because the next word (plus a space of
    # this em) did not fit before the right edge less edge_tol.
    wrap_space: float = 0.25
    edge_tol: float = 1.0
    # A bold heading of this many lines takes no more; longer or with more
    # characters than bold_heading_chars it is an emphasised paragraph.
    bold_heading_lines: int = 2
    bold_heading_chars: int = 150
    # A big heading of more lines than this is a paragraph in big print.
    big_heading_lines: int = 4

    # --- items in table cells (extract.pdf.items) ----------------------------
    # A column's gaps fall into two groups (wrap, item) when their largest
    # jump is at least this (em: 2 pt between 12.4 and 14.4 pt pitch in 10 pt
    # text is 0.2; a point of float noise in a producer's coordinates is far
    # below) ...
    item_gap_jump: float = 0.08
    # ... and this many times the spread of either group (a ragged set of
    # gaps has no clear split).
    item_gap_spread: float = 3.0
    # A dash or asterisk and one space start a list item when the same glyph
    # leads at least this many lines of a column at one position.
    dash_list_min: int = 2
    # The body text's own paragraph gap is learned (items.body_threshold)
    # only from at least this many gaps in each group.
    body_groups_min: int = 5
    # Across a page break, a paragraph goes on at the same left edge (within
    # this) when its last line ran to the right margin, i.e. within this share
    # of the text width (at least min_text_width) of the right edge.
    page_join_x: float = 3.0
    full_line_share: float = 0.12
    min_text_width: float = 1.0

    # ------------------------------------------------------------------------
    # rules derived from the numbers, written once

    def gutter(self, size: float) -> float:
        """The smallest gap between two table columns (or a tab) in text of `size`."""
        return max(self.gutter_em * size, self.gutter_min)

    def para_limit(self, wrap: float, size: float) -> float:
        """The largest gap between two lines of one paragraph wrapping by `wrap`."""
        return wrap + max(self.para_slack_min, self.para_slack * size)

    def bold_row(self, nbold: int, nall: int) -> bool:
        """Is a row with `nbold` of its `nall` characters bold a header-styled row?"""
        return nall > 0 and nbold >= self.bold_row_share * nall

    def size_key(self, size: float) -> float:
        """`size` (or a gap) rounded to the size step."""
        return round(size / self.size_step) * self.size_step
