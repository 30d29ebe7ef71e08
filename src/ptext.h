/* ptext.h: prepared text. A text's spans become a list of shaped pieces,
 * spaces and break opportunities, measured once in font units, so the same
 * text can be set at any size (the fit search) without shaping again.
 *
 *   "Secure attach-ment **matters**."  ->
 *   PIECE(Secure) SPACE PIECE(attach) HYPHEN PIECE(ment) SPACE PIECE(matters) PIECE(.)
 *
 * This is the shaping stage: characters go to the first font of the chain
 * that has them, break opportunities inside words come from UAX #14
 * (libunibreak: CJK breaks between characters, never before a closing
 * mark), bidi levels from FriBidi; each piece has one font, one level and
 * one style, and is shaped by HarfBuzz in its direction.
 *
 * Everything lives in the arena passed in. */
#ifndef TF_PTEXT_H
#define TF_PTEXT_H

#include "arena.h"
#include "content.h"
#include "font.h"
#include "hyphen.h"
#include "inline.h"

typedef enum tf_pitem_kind {
    TF_PITEM_PIECE,        /* unbreakable glyph run in one font */
    TF_PITEM_SPACE,        /* interword space */
    TF_PITEM_HYPHEN,       /* hyphenation point: a hyphen is drawn if the line breaks here */
    TF_PITEM_BREAK         /* break opportunity with nothing drawn (after a dash or slash) */
} tf_pitem_kind;

typedef struct tf_pitem {
    uint8_t kind;
    uint8_t style;               /* TF_SPAN_* */
    tf_font *font;
    int32_t width;               /* font units */
    const tf_glyph *glyphs;      /* advances in font units; PIECE and HYPHEN */
    uint32_t n_glyphs;
    const char *text;            /* UTF-8 the glyphs came from; clusters index into it */
    uint32_t text_len;
    const char *href;            /* link target */
    const char *lang;            /* a [..]{lang=..} span's language (one string per span), NULL */
    bool hyphenate;              /* a piece not yet cut at hyphenation points */
    uint8_t level;               /* bidi embedding level: odd = right to left */
    bool fake_bold;              /* bold from a font without a bold face: stroke it */
    uint8_t flags;               /* TF_PF_* */
} tf_pitem;

/* tf_pitem.flags: where the typesetting rules (docs/content-format.md,
 * "Typesetting rules the engine applies") differ from plain words. */
enum {
    TF_PF_SOFT = 1,        /* HYPHEN: from a soft hyphen (U+00AD) the author wrote, not the dictionary */
    TF_PF_URL = 2,         /* PIECE, BREAK: part of a web or e-mail address (no hyphenation; a
                            * BREAK here is taken only when the address cannot fit whole) */
    TF_PF_OFF = 4,         /* BREAK, HYPHEN: not a break after all (a dash inside an address,
                            * a dictionary point inside an address) */
    TF_PF_NOBREAK = 8,     /* SPACE: never breaks (inside a phone number) */
    TF_PF_JOIN = 16,       /* PIECE: cut from one shaped run with the next piece; drawn as one
                            * run with it when the line does not break between them */
    TF_PF_EXHYPHEN = 32    /* BREAK: right after a hyphen in the text (- or U+2010): a line
                            * ending here ends with a hyphen (hyphen_run_max counts it) */
};

typedef struct tf_ptext {
    tf_pitem *items;
    size_t n;
    bool rtl;                    /* bidi base direction is right to left */
    bool right;                  /* aligned right (RTL editions, even for LTR data lines) */
    bool data;                   /* a data line (address, hours, phone/e-mail/web row): never hyphenated */
    /* where the text is written, for warnings: set by each cache lookup
     * (pcache.h) to the text being laid out now; may be NULL */
    const tf_loc *loc;
} tf_ptext;

/* The main family and the fallback chain. Fallback fonts are loaded on
 * first use through `load` (so an English edition never opens the CJK
 * font). Which fallback fonts a text draws with is read from its items'
 * fonts (pcache.h keeps it per text), not recorded here. */
typedef struct tf_fontset {
    tf_font *face[TF_FACE_COUNT];
    const tf_theme *theme;                 /* paths of the fallback chain */
    tf_font *fallback[TF_MAX_FALLBACK_FONTS][TF_FACE_COUNT];
    bool tried[TF_MAX_FALLBACK_FONTS][TF_FACE_COUNT];
    tf_font *(*load)(void *ctx, const char *path, const tf_loc *where);
    void *load_ctx;
} tf_fontset;

typedef struct tf_ptext_ctx {
    tf_arena *arena;
    tf_fontset *fonts;
    const tf_hyphen *hyphen;     /* NULL: no hyphenation */
    const char *lang;
    bool rtl;                    /* paragraphs are right to left */
    /* the theme's parameters (hyphen_left_min/right_min; NULL: params.def's
     * defaults and the language's minimum fragment lengths) */
    const struct tf_params *params;
} tf_ptext_ctx;


/* Face for a span style on top of a base style (bold heading + *italic*). */
tf_font *tf_ptext_font(const tf_fontset *fs, unsigned style);
/* First font of the chain for `style` that has `cp`, or NULL. */
tf_font *tf_fontset_pick(tf_fontset *fs, unsigned style, uint32_t cp);

/* Prepare a text (inline markup parsed) with `base_style` added to every
 * span. Reports unbalanced markup and characters the font lacks at the
 * text's location; returns false then. */
bool tf_ptext_prepare(const tf_ptext_ctx *c, const tf_text *t, unsigned base_style, tf_ptext *out);

/* Cut the pieces of a text prepared without a dictionary (c->hyphen was
 * NULL then) at the hyphenation points of c->hyphen. Shaping is not redone:
 * the dictionary can load on another thread while texts are shaped. */
void tf_ptext_hyphenate(const tf_ptext_ctx *c, tf_ptext *t);

/* Prepare plain UTF-8 (no markup): labels, bullets. */
bool tf_ptext_plain(const tf_ptext_ctx *c, const char *utf8, unsigned style,
                    const char *href, const tf_loc *loc, tf_ptext *out);

/* Prepare spans built by the caller (a bold label and a linked value). */
bool tf_ptext_spans(const tf_ptext_ctx *c, const tf_span *spans, size_t n, const tf_loc *loc,
                    tf_ptext *out);

/* Width of item i at `size`, in scaled points. */
tf_sp tf_pitem_width(const tf_pitem *it, tf_sp size);

#endif
