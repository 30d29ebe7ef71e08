/* linebreak.h: Knuth-Plass total-fit line breaking over boxes, glue and
 * penalties (Knuth & Plass 1981; tex.web part 38, sections 813-890).
 *
 * The caller builds the item list (nodes.h helps: ragged-right or justified
 * spacing, discretionary hyphens), gives the width of each line through a
 * callback, and gets the chosen breakpoints back. */
#ifndef TF_LINEBREAK_H
#define TF_LINEBREAK_H

#include "base.h"
#include "arena.h"
#include "params.h"

typedef enum tf_node_type { TF_NODE_BOX, TF_NODE_GLUE, TF_NODE_PENALTY } tf_node_type;

#define TF_PENALTY_INF 10000      /* >= this: never break here; <= -this: must break */
/* Glue stretch >= this is infinite (TeX's fil): a line holding such glue
 * has badness 0 whatever its shortfall (parfillskip, \hfil before \break). */
#define TF_GLUE_FIL ((tf_sp)0x40000000)

typedef struct tf_node {
    uint8_t type;             /* tf_node_type */
    uint8_t flagged;          /* penalty: a hyphen break (consecutive ones cost extra) */
    uint8_t exhyphen;         /* penalty: a break after a hyphen in the text: not flagged (no
                                 demerits), but it counts in hyphen_run_max, as a line ending
                                 in a hyphen */
    tf_sp width;              /* box, glue, penalty (width of the hyphen if broken here) */
    tf_sp stretch, shrink;    /* glue */
    int32_t penalty;          /* penalty */
    uint32_t ref;             /* caller's reference (e.g. index of the word) */
} tf_node;

typedef struct tf_lb_params {
    /* width available for line `line` (0-based). Must be a pure function:
     * it is called for indices up to the number of boxes + 1 (the breaker
     * probes where widths stop changing), then once per index at most. */
    tf_sp (*line_width)(void *ctx, size_t line);
    void *ctx;
    double tolerance;           /* max adjustment ratio tried (TeX \tolerance / 100 style: 2.0 ~ 200) */
    int32_t line_penalty;       /* \linepenalty, 10 */
    int32_t flagged_demerits;   /* \doublehyphendemerits, 3000 */
    int32_t fitness_demerits;   /* \adjdemerits, 10000 */
    int32_t final_hyphen_demerits; /* hyphen on the second-to-last line, 5000 */
    size_t max_active;          /* budget: cap on active nodes kept (0: 2000) */
    /* Added: first pass without hyphen breaks, accepted when every line has
     * ratio <= pretolerance (TeX's \pretolerance pass; < 0 skips it; 1.0). */
    double pretolerance;
    /* Added: lines >= easy_line all have the width of line easy_line (TeX's
     * easy_line); lets the breaker merge nodes that differ only in line
     * number, which keeps long paragraphs fast. 0: found by probing the
     * callback (the usual choice). */
    size_t easy_line;
    /* Added: hyphenated (flagged) lines in a row, at most: a hard limit,
     * kept in the search state (0: no limit; params.def hyphen_run_max). */
    int32_t hyphen_run_max;
    /* Added: TeX's \emergencystretch: when no way keeps every line within
     * tolerance, a pass with this much extra stretch per line is tried
     * before the last-resort pass (0: none). The extra stretch only makes
     * breaks acceptable; the reported ratios are the real ones. */
    tf_sp emergency_stretch;
    /* Added: TeX's \looseness: make the paragraph this many lines longer
     * (> 0) or shorter (< 0) than its best breaks when some breaks within
     * the pass's tolerance allow it (as near as they allow); 0: the best
     * breaks. Turns off the easy_line merge. */
    int32_t looseness;
    /* Added: may line `line` (0-based, real count) not end with a
     * hyphen (a flagged break, or a break after a hyphen in the text)? E.g. the last line of a panel, so no
     * word is split across a panel or fold. Called with `ctx`; NULL: any
     * line may. A hard rule in every pass but the last resort (which would
     * otherwise leave a word too wide for its line). Lines up to
     * the last one it forbids are not merged by easy_line (the rule
     * depends on the real line count). */
    bool (*no_hyphen_at)(void *ctx, size_t line);
} tf_lb_params;

/* The breaker's parameters from P (NULL: params.def's defaults); no line
 * widths yet. */
void tf_lb_params_init(tf_lb_params *p, const tf_params *P);

typedef struct tf_lb_result {
    size_t *breaks;           /* node index of each line's break (last = final node) */
    double *ratios;           /* adjustment ratio of each line, clamped to >= -1;
                                 0 when the line has fil glue or no stretch */
    size_t n_lines;
    bool overfull;            /* no feasible solution: a box wider than its line */
    int pass;                 /* the pass that found the breaks: 1 pretolerance, 2 tolerance,
                                 3 emergency stretch, 4 last resort (anything goes) */
    size_t overfull_node;     /* first box that does not fit, when overfull */
} tf_lb_result;

/* Break nodes[0..n) (which must end with glue+forced break, see nodes.h).
 * Result arrays live in `arena`. Returns false if even the most lenient
 * pass could not avoid an overfull line (result->overfull set; the breaks
 * returned are still a usable emergency solution). */
bool tf_linebreak_run(const tf_node *nodes, size_t n, const tf_lb_params *p,
                      tf_arena *arena, tf_lb_result *out);

#endif
