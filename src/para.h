/* para.h: set a prepared text into lines at a size (Knuth-Plass via
 * nodes.h/linebreak.h). The widths of lines come from a callback so a
 * paragraph can continue into a panel of another width. */
#ifndef TF_PARA_H
#define TF_PARA_H

#include "linebreak.h"
#include "ptext.h"

typedef struct tf_line {
    uint32_t first, end;   /* items [first, end), no leading/trailing spaces */
    bool hyphen;           /* ends at a hyphenation point or soft hyphen: draw the hyphen item
                              `end` (flow.c and the layout checks read this flag) */
    bool last;             /* the text's last line */
    bool ragged;           /* justified text set ragged right (no acceptable justified breaks) */
    tf_sp natural;         /* width as set, hyphen included */
    tf_sp target;          /* width the line was broken for */
    uint32_t n_spaces;
} tf_line;

typedef struct tf_para_opts {
    tf_sp size;
    bool justify;
    const tf_params *params;   /* the theme's (NULL: params.def's defaults) */
    tf_sp (*line_width)(void *ctx, size_t line);
    void *ctx;
    /* running text (paragraphs, items, descriptions): dictionary hyphens
     * allowed. Titles, headings and names are not running text. */
    bool running;
    /* the lines will be drawn justified (setline.c passes the same as
     * `justify`): only then the emergency pass and the ragged fallback
     * (tf_para.ragged) apply */
    bool drawn_justified;
    /* TeX's \looseness (linebreak.h): lines more (> 0) or fewer (< 0) than
     * the best breaks, when acceptable breaks allow it; 0 normally. For
     * callers that need a paragraph a line shorter or longer (a fit, a
     * widow); the result's line count says what was reached. */
    int looseness;
    /* lines that must not end with a hyphenation (called with ctx, the line
     * number): the last line of a panel, so no word is split across a panel
     * or fold (setline.c passes the frame ends of a flow); NULL: none */
    bool (*no_hyphen_at)(void *ctx, size_t line);
    /* justified text with no breaks within justify_max_space: may it spend
     * the brochure's one loose line (spaces up to justify_loose_max)?
     * Called with loose_ctx only then; NULL: never (setline.c asks the
     * display list whether a loose line is drawn already). */
    bool (*loose_ok)(void *loose_ctx);
    void *loose_ctx;
} tf_para_opts;

typedef struct tf_para {
    tf_line *lines;
    size_t n;
    bool overfull;
    const tf_pitem *overfull_item;   /* a piece wider than its line */
    const char *overfull_text;       /* ... the whole word it belongs to (may be cut into pieces at
                                        hyphenation points that may not be used): its text */
    uint32_t overfull_len;
    tf_sp overfull_width;            /* and its width */
    bool ragged;                     /* justified text that had to be set ragged right */
    int pass;                        /* the breaker's pass (tf_lb_result.pass) */
} tf_para;

/* Break `t` into lines; results in `arena`. An empty text gives 0 lines. */
void tf_para_set(tf_arena *arena, const tf_ptext *t, const tf_para_opts *o, tf_para *out);

/* Width of the items [first, end) with natural spaces. */
tf_sp tf_ptext_width(const tf_ptext *t, uint32_t first, uint32_t end, tf_sp size);

#endif
