/* nodes.h: building Knuth-Plass item lists for a paragraph.
 *
 * Layout describes a paragraph as words (already shaped and measured),
 * interword spaces and hyphenation points; these helpers append the right
 * boxes, glue and penalties for the chosen alignment:
 *   - justified: interword glue stretches and shrinks;
 *   - ragged right: TeX's trick for an optimised rag: each space is
 *     glue(0, +rag) penalty(0) glue(space, -rag), so total fit minimises
 *     the raggedness instead of stretching spaces.
 * Every node's `ref` carries the caller's reference so breaks map back. */
#ifndef TF_NODES_H
#define TF_NODES_H

#include "linebreak.h"

typedef struct tf_nodelist {
    tf_node *v;
    size_t n, cap;
    tf_arena *arena;
    bool justify;
    tf_sp space, space_stretch, space_shrink;  /* justified spacing */
    tf_sp rag;                                   /* ragged: line-end stretch (e.g. 3 em) */
    int32_t hyphen_penalty;                      /* params.def: hyphen_penalty_justified/_ragged */
    int32_t exhyphen_penalty;                    /* params.def: exhyphen_penalty */
} tf_nodelist;

/* P: the spacing divisors and hyphen penalties (NULL: params.def's defaults). */
void tf_nodes_init(tf_nodelist *l, tf_arena *a, const tf_params *P, bool justify, tf_sp space, tf_sp rag);
void tf_nodes_box(tf_nodelist *l, tf_sp width, uint32_t ref);
/* A space between words (natural width from the font). */
void tf_nodes_space(tf_nodelist *l, tf_sp width, uint32_t ref);
/* A hyphenation point: breaking here adds a hyphen of width hyphen_w. */
void tf_nodes_hyphen(tf_nodelist *l, tf_sp hyphen_w, uint32_t ref);
/* A break allowed with no hyphen and no space (e.g. after a slash or dash). */
void tf_nodes_break(tf_nodelist *l, uint32_t ref);
/* The same after a hyphen in the text ("self-|esteem"): the line ends with
 * a hyphen, which counts towards hyphen_run_max. */
void tf_nodes_exhyphen(tf_nodelist *l, uint32_t ref);
/* A break that must happen (e.g. a line break inside a paragraph). */
void tf_nodes_forced(tf_nodelist *l, uint32_t ref);
/* End of paragraph: finishing glue and a forced break. */
void tf_nodes_finish(tf_nodelist *l, uint32_t ref);

#endif
