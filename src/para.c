/* para.c: items -> Knuth-Plass nodes -> lines. Node refs are item indices. */
#include "para.h"

#include "nodes.h"
#include "params.h"

tf_sp tf_ptext_width(const tf_ptext *t, uint32_t first, uint32_t end, tf_sp size)
{
    int64_t w = 0;   /* saturated: long texts add up past the tf_sp range */
    for (uint32_t i = first; i < end; i++)
        if (t->items[i].kind == TF_PITEM_PIECE || t->items[i].kind == TF_PITEM_SPACE)
            w += tf_pitem_width(&t->items[i], size);
    return (tf_sp)(w > INT32_MAX ? INT32_MAX : w < -INT32_MAX ? -INT32_MAX : w);
}

void tf_para_set(tf_arena *arena, const tf_ptext *t, const tf_para_opts *o, tf_para *out)
{
    *out = (tf_para){0};
    if (t->n == 0) return;
    const tf_params *P = &tf_params_default;
    tf_nodelist nl;
    tf_sp em = o->size;
    tf_nodes_init(&nl, arena, o->justify, (tf_sp)(em * P->word_space), (tf_sp)(em * P->rag));
    /* No runts: the last space is tied when the last word is short, so a
     * paragraph never ends with one short word alone on its line. */
    size_t tie = t->n;
    for (size_t i = t->n; i-- > 0;) {
        if (t->items[i].kind != TF_PITEM_SPACE) continue;
        tf_sp runt = (tf_sp)(o->line_width(o->ctx, 0) * P->runt_fraction);
        if (tf_ptext_width(t, (uint32_t)i + 1, (uint32_t)t->n, o->size) < runt)
            tie = i;
        break;
    }
    for (size_t i = 0; i < t->n; i++) {
        const tf_pitem *it = &t->items[i];
        tf_sp w = tf_pitem_width(it, o->size);
        switch (it->kind) {
        case TF_PITEM_PIECE: tf_nodes_box(&nl, w, (uint32_t)i); break;
        case TF_PITEM_SPACE:
            if (i == tie) tf_nodes_box(&nl, w, (uint32_t)i);
            else tf_nodes_space(&nl, w, (uint32_t)i);
            break;
        case TF_PITEM_HYPHEN: tf_nodes_hyphen(&nl, w, (uint32_t)i); break;
        case TF_PITEM_BREAK: tf_nodes_break(&nl, (uint32_t)i); break;
        }
    }
    tf_nodes_finish(&nl, (uint32_t)t->n);

    tf_lb_params p;
    tf_lb_params_default(&p);
    p.line_width = o->line_width;
    p.ctx = o->ctx;
    tf_lb_result r;
    bool ok = tf_linebreak_run(nl.v, nl.n, &p, arena, &r);
    out->overfull = !ok || r.overfull;
    if (out->overfull && r.overfull_node < nl.n) {
        uint32_t ref = nl.v[r.overfull_node].ref;
        out->overfull_item = ref < t->n ? &t->items[ref] : NULL;
    }
    out->lines = tf_arena_alloc(arena, (r.n_lines + 1) * sizeof *out->lines);
    uint32_t start = 0;
    for (size_t k = 0; k < r.n_lines; k++) {
        uint32_t ref = nl.v[r.breaks[k]].ref;
        if (ref > t->n) ref = (uint32_t)t->n;
        tf_line *ln = &out->lines[out->n];
        while (start < ref && t->items[start].kind != TF_PITEM_PIECE) start++;
        uint32_t end = ref;
        bool hyphen = ref < t->n && t->items[ref].kind == TF_PITEM_HYPHEN;
        while (end > start && t->items[end - 1].kind != TF_PITEM_PIECE) end--;
        if (end <= start && !hyphen) { start = ref + 1; continue; }
        ln->first = start;
        ln->end = end;
        ln->hyphen = hyphen;
        ln->target = o->line_width(o->ctx, out->n);
        ln->natural = tf_ptext_width(t, start, end, o->size);
        if (hyphen) ln->natural += tf_pitem_width(&t->items[ref], o->size);
        for (uint32_t i = start; i < end; i++) ln->n_spaces += t->items[i].kind == TF_PITEM_SPACE;
        out->n++;
        start = ref + 1;
    }
}
