/* The spans of a MuPDF text page, as PyMuPDF's TextPage.extractDICT() gives
 * them, without its cost per character.
 *
 * extractDICT (PyMuPDF's JM_make_textpage_dict, src/extra.i) asks MuPDF
 * about the font of every character through wrappers that each open their
 * own error frame: a third of the time MuPDF takes to make the text page.
 * This walks the same structure and asks the same questions of MuPDF's C
 * functions directly, with the same rules: which characters and lines are
 * kept (the media box), where a span ends (size, font flags, character
 * flags, colour, font name), each character's box (PyMuPDF's ascender and
 * descender corrections) and the text (surrogates as U+FFFD).
 *
 * It returns only the keys the reader uses (extract/pdf/page.py,
 * extract/pdf/rulings.py): text blocks with lines (dir, spans: text, bbox,
 * size, flags, font, alpha) and vector blocks (bbox, stroked, isrect,
 * color, alpha). A page holding anything else (structure, image or grid
 * blocks, a character code outside Unicode or without a font, a MuPDF call
 * that failed) returns None, and the reader
 * asks PyMuPDF's own extractDICT: nothing here decides alone what a page
 * says. tests/test_stext.py compares the two on every page it can find.
 *
 * Built by `make setup` against the headers and library PyMuPDF ships
 * (extract/pdf/native.py loads it only if the MuPDF version matches).
 * Follows PyMuPDF's quad corrections either way (the caller says which);
 * small glyph heights and subset font names must be off, PyMuPDF's default
 * (extract/pdf/native.py asks PyMuPDF otherwise). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <string.h>
#include <mupdf/fitz.h>

static fz_context *ctx = NULL;
/* PyMuPDF's quad corrections (TOOLS.unset_quad_corrections; off by default
 * since PyMuPDF 2.0), as the caller says they are set */
static int corrections = 0;
/* a MuPDF call failed on this page (or a character had no font): the page
 * goes to extractDICT */
static int failed = 0;

/* PyMuPDF's TEXT_FONT_* span flags */
#define KK_SUPERSCRIPT 1
#define KK_ITALIC 2
#define KK_SERIFED 4
#define KK_MONOSPACED 8
#define KK_BOLD 16

static int rects_overlap(fz_rect a, fz_rect b)
{
    return !(a.x0 >= b.x1 || a.y0 >= b.y1 || a.x1 <= b.x0 || a.y1 <= b.y0);
}

/* JM_char_quad: the character's quad, its height made the font's ascender
 * to descender where those span less than an em. */
static fz_quad char_quad(fz_stext_line *line, fz_stext_char *ch)
{
    if (!corrections || line->wmode)
        return ch->quad;
    fz_font *font = ch->font;
    float asc = fz_font_ascender(ctx, font);
    float dsc = fz_font_descender(ctx, font);
    float c, s, fsize = ch->size;
    float asc_dsc = asc - dsc + FLT_EPSILON;
    if (asc_dsc >= 1)
        return ch->quad;
    if (asc < 1e-3) {
        dsc = -0.1f;
        asc = 0.9f;
        asc_dsc = 1.0f;
    }
    if (asc_dsc < 1) {
        dsc = dsc / asc_dsc;
        asc = asc / asc_dsc;
    }
    asc_dsc = asc - dsc;
    asc = asc * fsize / asc_dsc;
    dsc = dsc * fsize / asc_dsc;

    fz_matrix trm1, trm2, xlate1, xlate2;
    fz_quad quad;
    c = line->dir.x;
    s = line->dir.y;
    trm1 = fz_make_matrix(c, -s, s, c, 0, 0);
    trm2 = fz_make_matrix(c, s, -s, c, 0, 0);
    if (c == -1) {
        trm1.d = 1;
        trm2.d = 1;
    }
    xlate1 = fz_make_matrix(1, 0, 0, 1, -ch->origin.x, -ch->origin.y);
    xlate2 = fz_make_matrix(1, 0, 0, 1, ch->origin.x, ch->origin.y);
    quad = fz_transform_quad(ch->quad, xlate1);
    quad = fz_transform_quad(quad, trm1);
    if (c == 1 && quad.ul.y > 0) {
        quad.ul.y = asc;
        quad.ur.y = asc;
        quad.ll.y = dsc;
        quad.lr.y = dsc;
    } else {
        quad.ul.y = -asc;
        quad.ur.y = -asc;
        quad.ll.y = -dsc;
        quad.lr.y = -dsc;
    }
    if (quad.ll.x < 0) {
        quad.ll.x = 0;
        quad.ul.x = 0;
    }
    float cwidth = quad.lr.x - quad.ll.x;
    if (cwidth < FLT_EPSILON) {
        volatile int glyph = 0;
        volatile float fwidth = 0;
        fz_try(ctx) {
            glyph = fz_encode_character(ctx, font, ch->c);
            if (glyph)
                fwidth = fz_advance_glyph(ctx, font, glyph, line->wmode);
        }
        fz_catch(ctx) {
            failed = 1;
            glyph = 0;
        }
        if (glyph) {
            quad.lr.x = quad.ll.x + fwidth * fsize;
            quad.ur.x = quad.lr.x;
        }
    }
    quad = fz_transform_quad(quad, trm2);
    quad = fz_transform_quad(quad, xlate2);
    return quad;
}

/* JM_char_bbox */
static fz_rect char_bbox(fz_stext_line *line, fz_stext_char *ch)
{
    fz_rect r = fz_rect_from_quad(char_quad(line, ch));
    if (!line->wmode)
        return r;
    if (r.y1 < r.y0 + ch->size)
        r.y0 = r.y1 - ch->size;
    return r;
}

/* JM_char_font_flags */
static unsigned font_flags(fz_font *font, fz_stext_line *line, fz_stext_char *ch)
{
    unsigned flags = 0;
    if (line->wmode == 0 && line->dir.x == 1 && line->dir.y == 0)
        flags = ch->origin.y < line->first_char->origin.y - ch->size * 0.1f;
    flags += fz_font_is_italic(ctx, font) * KK_ITALIC;
    flags += fz_font_is_serif(ctx, font) * KK_SERIFED;
    flags += fz_font_is_monospaced(ctx, font) * KK_MONOSPACED;
    flags += fz_font_is_bold(ctx, font) * KK_BOLD;
    return flags;
}

/* JM_font_name: without a subset prefix ("ABCDEF+") */
static const char *font_name(fz_font *font)
{
    const char *name = fz_font_name(ctx, font);
    const char *s = strchr(name, '+');
    if (!s || s - name != 6)
        return name;
    return s + 1;
}

/* The font name as PyMuPDF gives it (JM_EscapeStrFromStr), kept for the
 * next span in the same font; a new reference. */
static char last_name[64];
static PyObject *last_font = NULL;

static PyObject *font_string(const char *name)
{
    if (last_font && strcmp(name, last_name) == 0) {
        Py_INCREF(last_font);
        return last_font;
    }
    PyObject *s = PyUnicode_DecodeRawUnicodeEscape(name, (Py_ssize_t) strlen(name), "replace");
    if (!s)
        return NULL;
    Py_CLEAR(last_font);
    if (strlen(name) < sizeof(last_name)) {  /* (a longer name is not kept) */
        strcpy(last_name, name);
        Py_INCREF(s);
        last_font = s;
    }
    return s;
}

static PyObject *rect_tuple(fz_rect r)
{
    return Py_BuildValue("(ffff)", r.x0, r.y0, r.x1, r.y1);
}

/* The dictionaries' keys, made once (PyDict_SetItemString would make each
 * key string again for every span). */
enum {K_TEXT, K_BBOX, K_SIZE, K_FLAGS, K_FONT, K_ALPHA, K_TYPE, K_LINES, K_SPANS, K_DIR, K_STROKED, K_ISRECT,
      K_COLOR, K_COUNT};
static const char *key_names[K_COUNT] = {"text", "bbox", "size", "flags", "font", "alpha", "type", "lines",
                                         "spans", "dir", "stroked", "isrect", "color"};
static PyObject *keys[K_COUNT];

/* set key to value and drop the reference; 0 on failure */
static int put(PyObject *d, int key, PyObject *value)
{
    if (!value)
        return 0;
    int rc = PyDict_SetItem(d, keys[key], value);
    Py_DECREF(value);
    return rc == 0;
}

typedef struct {
    Py_UCS4 *buf;
    Py_ssize_t len, cap;
} runes;

static int runes_add(runes *t, Py_UCS4 c)
{
    if (t->len == t->cap) {
        Py_ssize_t cap = t->cap ? 2 * t->cap : 256;
        Py_UCS4 *b = PyMem_Realloc(t->buf, cap * sizeof(Py_UCS4));
        if (!b)
            return 0;
        t->buf = b;
        t->cap = cap;
    }
    t->buf[t->len++] = c;
    return 1;
}

/* The span being built closes: its text, its box; appended to `spans`
 * (the last span of a line only when its box is not empty). 0 on failure. */
static int close_span(PyObject *spans, PyObject *span, runes *text, fz_rect box, int last)
{
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, text->buf, text->len);
    text->len = 0;
    if (!put(span, K_TEXT, s) || !put(span, K_BBOX, rect_tuple(box)))
        return 0;
    if (last && fz_is_empty_rect(box))
        return 1;
    return PyList_Append(spans, span) == 0;
}

/* JM_make_spanlist (raw = 0); -1: a code point PyMuPDF would garble (None for the page) */
static int line_spans(fz_stext_line *line, fz_rect tp_rect, PyObject *spans, runes *text)
{
    PyObject *span = NULL;
    fz_rect span_rect = fz_empty_rect;
    float old_size = -1;
    unsigned old_flags = 0, old_char_flags = 0, old_argb = 0;
    const char *old_font = "";
    int infinite = fz_is_infinite_rect(tp_rect);
    text->len = 0;
    for (fz_stext_char *ch = line->first_char; ch; ch = ch->next) {
        if (!ch->font) {
            Py_XDECREF(span);
            return -1;
        }
        fz_rect r = char_bbox(line, ch);
        if (!rects_overlap(tp_rect, r) && !infinite)
            continue;
        if (failed || ch->c < 0 || ch->c > 0x10ffff) {
            Py_XDECREF(span);
            return -1;
        }
        fz_font *font = ch->font;
        unsigned flags = font_flags(font, line, ch);
        unsigned char_flags = ch->flags & ~FZ_STEXT_SYNTHETIC;
        const char *name = font_name(font);
        float size = ch->size;
        if (size != old_size || flags != old_flags || char_flags != old_char_flags || ch->argb != old_argb
                || strcmp(name, old_font) != 0) {
            if (old_size >= 0) {
                int ok = close_span(spans, span, text, span_rect, 0);
                Py_DECREF(span);
                span = NULL;
                if (!ok)
                    return 0;
            }
            span = PyDict_New();
            if (!span || !put(span, K_SIZE, PyFloat_FromDouble(size))
                    || !put(span, K_FLAGS, PyLong_FromUnsignedLong(flags))
                    || !put(span, K_FONT, font_string(name))
                    || !put(span, K_ALPHA, PyLong_FromUnsignedLong(ch->argb >> 24))) {
                Py_XDECREF(span);
                return 0;
            }
            old_size = size;
            old_flags = flags;
            old_char_flags = char_flags;
            old_argb = ch->argb;
            old_font = name;
            span_rect = r;
        }
        span_rect = fz_union_rect(span_rect, r);
        Py_UCS4 c = (Py_UCS4) ch->c;
        if (c >= 0xd800 && c <= 0xdfff)
            c = 0xfffd;
        if (!runes_add(text, c)) {
            Py_XDECREF(span);
            PyErr_NoMemory();
            return 0;
        }
    }
    if (span) {
        int ok = close_span(spans, span, text, span_rect, 1);
        Py_DECREF(span);
        if (!ok)
            return 0;
    }
    return 1;
}

/* 1: appended; 0: error; -1: the page needs PyMuPDF's own extraction */
static int text_block(fz_stext_block *block, fz_rect tp_rect, PyObject *blocks, runes *text)
{
    PyObject *b = PyDict_New(), *lines = PyList_New(0);
    if (!b || !lines || !put(b, K_TYPE, PyLong_FromLong(block->type))) {
        Py_XDECREF(b);
        Py_XDECREF(lines);
        return 0;
    }
    int infinite = fz_is_infinite_rect(tp_rect);
    for (fz_stext_line *line = block->u.t.first_line; line; line = line->next) {
        if (fz_is_empty_rect(fz_intersect_rect(tp_rect, line->bbox)) && !infinite)
            continue;
        PyObject *ln = PyDict_New(), *spans = PyList_New(0);
        int rc = ln && spans ? line_spans(line, tp_rect, spans, text) : 0;
        if (rc == 1) {
            int ok = put(ln, K_SPANS, spans);  /* (takes the list's reference) */
            ok = ok && put(ln, K_DIR, Py_BuildValue("(ff)", line->dir.x, line->dir.y))
                 && PyList_Append(lines, ln) == 0;
            Py_DECREF(ln);
            if (ok)
                continue;
            rc = 0;
        } else {
            Py_XDECREF(spans);
            Py_XDECREF(ln);
        }
        Py_DECREF(b);
        Py_DECREF(lines);
        return rc;
    }
    if (!put(b, K_LINES, lines) || PyList_Append(blocks, b) != 0) {
        Py_DECREF(b);
        return 0;
    }
    Py_DECREF(b);
    return 1;
}

static int vector_block(fz_stext_block *block, PyObject *blocks)
{
    PyObject *b = PyDict_New();
    int ok = b && put(b, K_TYPE, PyLong_FromLong(block->type)) && put(b, K_BBOX, rect_tuple(block->bbox))
             && put(b, K_STROKED, PyBool_FromLong(block->u.v.flags & FZ_STEXT_VECTOR_IS_STROKED))
             && put(b, K_ISRECT, PyBool_FromLong(block->u.v.flags & FZ_STEXT_VECTOR_IS_RECTANGLE))
             && put(b, K_COLOR, PyLong_FromLong((long) (block->u.v.argb & 0xffffff)))
             && put(b, K_ALPHA, PyLong_FromLong((long) (block->u.v.argb >> 24)))
             && PyList_Append(blocks, b) == 0;
    Py_XDECREF(b);
    return ok;
}

/* page_blocks(address of an fz_stext_page, quad corrections on) -> list of blocks, or None */
static PyObject *page_blocks(PyObject *self, PyObject *args)
{
    (void) self;
    PyObject *address;
    if (!PyArg_ParseTuple(args, "Op", &address, &corrections))
        return NULL;
    fz_stext_page *tp = (fz_stext_page *) PyLong_AsVoidPtr(address);
    if (!tp) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "no text page");
        return NULL;
    }
    fz_rect tp_rect = tp->mediabox;
    int infinite = fz_is_infinite_rect(tp_rect);
    failed = 0;
    PyObject *blocks = PyList_New(0);
    runes text = {NULL, 0, 0};
    int rc = blocks != NULL;
    for (fz_stext_block *block = tp->first_block; block && rc == 1; block = block->next) {
        if (block->type == FZ_STEXT_BLOCK_TEXT) {
            if (rects_overlap(tp_rect, block->bbox) || infinite)
                rc = text_block(block, tp_rect, blocks, &text);
        } else if (block->type == FZ_STEXT_BLOCK_VECTOR) {
            if (rects_overlap(tp_rect, block->bbox) || infinite)
                rc = vector_block(block, blocks);
        } else {
            rc = -1;  /* structure, image or grid: not replicated here */
        }
    }
    PyMem_Free(text.buf);
    if (rc == 1)
        return blocks;
    Py_XDECREF(blocks);
    if (rc == -1 && !PyErr_Occurred())
        Py_RETURN_NONE;
    if (!PyErr_Occurred())
        PyErr_SetString(PyExc_RuntimeError, "could not list the page's spans");
    return NULL;
}

static PyObject *mupdf_version(PyObject *self, PyObject *unused)
{
    (void) self;
    (void) unused;
    return PyUnicode_FromString(FZ_VERSION);
}

static PyMethodDef methods[] = {
    {"page_blocks", page_blocks, METH_VARARGS, "The blocks of an fz_stext_page (its address), as extractDICT gives them."},
    {"mupdf_version", mupdf_version, METH_NOARGS, "The MuPDF version this was built against."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_stext", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__stext(void)
{
    /* A context of our own for MuPDF's font queries (they only read the
     * font; the advance of a zero-width glyph may load it, single-threaded). */
    ctx = fz_new_context(NULL, NULL, FZ_STORE_UNLIMITED);
    if (!ctx) {
        PyErr_SetString(PyExc_ImportError, "cannot make a MuPDF context (a MuPDF of another version?)");
        return NULL;
    }
    for (int k = 0; k < K_COUNT; k++)
        if (!(keys[k] = PyUnicode_InternFromString(key_names[k])))
            return NULL;
    return PyModule_Create(&module);
}
