/* nodes.c: item lists for the line breaker (Knuth & Plass 1981, section
 * "ragged right" for the optimised rag).
 *
 * Justified: a space is glue(w, w/2, w/3) (TeX-like), a hyphen point is a
 * flagged penalty with the hyphen's width.
 * Ragged: every place a line may end carries glue(0, +rag) before the break
 * and glue(.., -rag) after it, so the stretch of any line is exactly `rag`
 * at its end and the badness measures how short the line is; total fit
 * then evens out the rag over the whole paragraph instead of filling lines
 * greedily. Spaces never stretch or shrink in ragged mode. */
#include "nodes.h"

#include "params.h"

void tf_nodes_init(tf_nodelist *l, tf_arena *a, const tf_params *P, bool justify, tf_sp space, tf_sp rag)
{
    *l = (tf_nodelist){0};
    l->arena = a;
    l->justify = justify;
    l->space = space;
    if (!P) P = &tf_params_default;
    l->space_stretch = space / (tf_sp)P->space_stretch_div;
    l->space_shrink = space / (tf_sp)P->space_shrink_div;
    l->rag = rag;
    /* Ragged text has no spacing to trade for a hyphen: make them costly. */
    l->hyphen_penalty = (int32_t)(justify ? P->hyphen_penalty_justified : P->hyphen_penalty_ragged);
    l->exhyphen_penalty = (int32_t)P->exhyphen_penalty;
}

static void push(tf_nodelist *l, uint8_t type, tf_sp w, tf_sp st, tf_sp sh, int32_t pen,
                 bool flagged, uint32_t ref)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        l->v = tf_arena_grow(l->arena, l->v, l->n, cap, sizeof *l->v);
        l->cap = cap;
    }
    l->v[l->n++] = (tf_node){.type = type, .flagged = flagged, .width = w, .stretch = st,
                             .shrink = sh, .penalty = pen, .ref = ref};
}

/* Ragged: a break with penalty `pen` (width w if taken) that leaves `rag`
 * stretch at the line end and nothing when not taken. `space` is the
 * natural width between the words when not broken. */
static void ragged_break(tf_nodelist *l, tf_sp w, int32_t pen, bool flagged, tf_sp space,
                         uint32_t ref)
{
    if (space == 0) push(l, TF_NODE_PENALTY, 0, 0, 0, TF_PENALTY_INF, false, ref);
    push(l, TF_NODE_GLUE, 0, l->rag, 0, 0, false, ref);
    push(l, TF_NODE_PENALTY, w, 0, 0, pen, flagged, ref);
    push(l, TF_NODE_GLUE, space, -l->rag, 0, 0, false, ref);
}

void tf_nodes_box(tf_nodelist *l, tf_sp width, uint32_t ref)
{
    push(l, TF_NODE_BOX, width, 0, 0, 0, false, ref);
}

void tf_nodes_space(tf_nodelist *l, tf_sp width, uint32_t ref)
{
    if (!l->justify) {
        ragged_break(l, 0, 0, false, width, ref);
        return;
    }
    tf_sp st = l->space_stretch, sh = l->space_shrink;
    if (width != l->space && l->space > 0) {      /* another font: scale */
        st = (tf_sp)((int64_t)width * st / l->space);
        sh = (tf_sp)((int64_t)width * sh / l->space);
    }
    push(l, TF_NODE_GLUE, width, st, sh, 0, false, ref);
}

void tf_nodes_hyphen(tf_nodelist *l, tf_sp hyphen_w, uint32_t ref)
{
    if (l->justify) push(l, TF_NODE_PENALTY, hyphen_w, 0, 0, l->hyphen_penalty, true, ref);
    else ragged_break(l, hyphen_w, l->hyphen_penalty, true, 0, ref);
}

void tf_nodes_break(tf_nodelist *l, uint32_t ref)
{
    if (l->justify) push(l, TF_NODE_PENALTY, 0, 0, 0, l->exhyphen_penalty, false, ref);
    else ragged_break(l, 0, l->exhyphen_penalty, false, 0, ref);
}

void tf_nodes_exhyphen(tf_nodelist *l, uint32_t ref)
{
    tf_nodes_break(l, ref);
    l->v[l->n - (l->justify ? 1 : 2)].exhyphen = 1;   /* the penalty (ragged: before the last glue) */
}

/* \hfil\break: the line before ends naturally, never stretched. */
void tf_nodes_forced(tf_nodelist *l, uint32_t ref)
{
    push(l, TF_NODE_PENALTY, 0, 0, 0, TF_PENALTY_INF, false, ref);
    push(l, TF_NODE_GLUE, 0, TF_GLUE_FIL, 0, 0, false, ref);
    push(l, TF_NODE_PENALTY, 0, 0, 0, -TF_PENALTY_INF, false, ref);
}

/* penalty(INF) glue(0, fil) penalty(-INF): TeX's \parfillskip ending. */
void tf_nodes_finish(tf_nodelist *l, uint32_t ref)
{
    tf_nodes_forced(l, ref);
}
