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

/* The narrowest of the first `lines` line widths. */
static tf_sp narrowest(const tf_para_opts *o, size_t lines)
{
    tf_sp m = o->line_width(o->ctx, 0);
    for (size_t i = 1; i < lines; i++) {
        tf_sp w = o->line_width(o->ctx, i);
        if (w < m) m = w;
    }
    return m;
}

/* May item i break? The typesetting rules (docs/content-format.md):
 * dictionary hyphens only in running text and never in the last word
 * (unless that word cannot fit a line whole), a soft hyphen anywhere but in
 * running text's last word; an address breaks only when it cannot fit a
 * line whole; breaks turned off (TF_PF_OFF) never. */
typedef struct rules {
    bool hyphens;            /* dictionary hyphens allowed at all */
    size_t last_word;        /* first item of the last word */
    bool last_fits;          /* the last word fits a line whole */
    bool *addr_fits;         /* per item: the address it belongs to fits a line whole */
} rules;

static void rules_init(tf_arena *arena, const tf_ptext *t, const tf_para_opts *o, rules *ru)
{
    ru->hyphens = o->running && !t->data;
    ru->last_word = 0;
    for (size_t i = t->n; i-- > 0;) {
        const tf_pitem *it = &t->items[i];
        if ((it->kind == TF_PITEM_SPACE && !(it->flags & TF_PF_NOBREAK)) ||
            (it->kind == TF_PITEM_BREAK && !(it->flags & TF_PF_OFF))) {
            ru->last_word = i + 1;
            break;
        }
    }
    size_t boxes = 2;
    bool any_url = false;
    for (size_t i = 0; i < t->n; i++) {
        boxes += t->items[i].kind == TF_PITEM_PIECE;
        any_url |= (t->items[i].flags & TF_PF_URL) != 0;
    }
    bool need_last = false;
    for (size_t i = ru->last_word; i < t->n && !need_last; i++)
        need_last = t->items[i].kind == TF_PITEM_HYPHEN;
    tf_sp minw = need_last || any_url ? narrowest(o, boxes) : 0;
    ru->last_fits = !need_last || tf_ptext_width(t, (uint32_t)ru->last_word, (uint32_t)t->n, o->size) <= minw;
    ru->addr_fits = NULL;
    if (!any_url) return;
    /* an address: a run of its pieces (TF_PF_URL) and the breaks between
     * them, with what is glued to it (a comma after it) */
    ru->addr_fits = tf_arena_alloc(arena, t->n * sizeof *ru->addr_fits);
    for (size_t a = 0; a < t->n;) {
        const tf_pitem *it = &t->items[a];
        if (!(it->kind == TF_PITEM_PIECE && (it->flags & TF_PF_URL))) { a++; continue; }
        size_t e = a;
        while (e < t->n && t->items[e].kind != TF_PITEM_SPACE &&
               ((t->items[e].flags & (TF_PF_URL | TF_PF_OFF)) || t->items[e].kind == TF_PITEM_PIECE))
            e++;
        bool fits = tf_ptext_width(t, (uint32_t)a, (uint32_t)e, o->size) <= minw;
        for (size_t i = a; i < e; i++) ru->addr_fits[i] = fits;
        a = e;
    }
}

static bool may_break(const rules *ru, const tf_ptext *t, size_t i)
{
    const tf_pitem *it = &t->items[i];
    if (it->flags & TF_PF_OFF) return false;
    if (it->kind == TF_PITEM_HYPHEN) {
        if (i >= ru->last_word && ru->last_fits) return false;
        return (it->flags & TF_PF_SOFT) || ru->hyphens;
    }
    if (it->kind == TF_PITEM_BREAK && (it->flags & TF_PF_URL)) return !(ru->addr_fits && ru->addr_fits[i]);
    return true;
}

/* Break once, justified or ragged. */
static void run_breaker(tf_arena *arena, const tf_ptext *t, const tf_para_opts *o, const rules *ru,
                        bool justify, bool runt_tie, double tol, tf_nodelist *nl, tf_lb_result *r)
{
    const tf_params *P = o->params ? o->params : &tf_params_default;
    tf_sp em = o->size;
    tf_nodes_init(nl, arena, P, justify, (tf_sp)(em * P->word_space), (tf_sp)(em * P->rag));
    /* No runts: the last space is tied when the last word is short, so a
     * paragraph never ends with one short word alone on its line. */
    size_t tie = t->n;
    for (size_t i = t->n; i-- > 0 && runt_tie;) {
        if (t->items[i].kind != TF_PITEM_SPACE) continue;
        tf_sp runt = (tf_sp)(o->line_width(o->ctx, 0) * P->runt_fraction);
        if (tf_ptext_width(t, (uint32_t)i + 1, (uint32_t)t->n, o->size) < runt) {
            /* ... unless the two words tied would not fit a line */
            uint32_t from = (uint32_t)i;
            while (from > 0 && t->items[from - 1].kind != TF_PITEM_SPACE) from--;
            if (tf_ptext_width(t, from, (uint32_t)t->n, o->size) <= o->line_width(o->ctx, 0)) tie = i;
        }
        break;
    }
    for (size_t i = 0; i < t->n; i++) {
        const tf_pitem *it = &t->items[i];
        tf_sp w = tf_pitem_width(it, o->size);
        switch (it->kind) {
        case TF_PITEM_PIECE: tf_nodes_box(nl, w, (uint32_t)i); break;
        case TF_PITEM_SPACE:
            if (i == tie || (it->flags & TF_PF_NOBREAK)) tf_nodes_box(nl, w, (uint32_t)i);
            else tf_nodes_space(nl, w, (uint32_t)i);
            break;
        case TF_PITEM_HYPHEN:
            if (may_break(ru, t, i)) tf_nodes_hyphen(nl, w, (uint32_t)i);
            break;
        case TF_PITEM_BREAK:
            if (!may_break(ru, t, i)) break;
            if (it->flags & TF_PF_EXHYPHEN) tf_nodes_exhyphen(nl, (uint32_t)i);
            else tf_nodes_break(nl, (uint32_t)i);
            break;
        }
    }
    tf_nodes_finish(nl, (uint32_t)t->n);

    tf_lb_params p;
    tf_lb_params_init(&p, P);
    p.line_width = o->line_width;
    p.ctx = o->ctx;
    if (justify && o->drawn_justified) p.emergency_stretch = (tf_sp)(em * P->emergency_stretch);
    p.looseness = o->looseness;
    p.no_hyphen_at = o->no_hyphen_at;
    if (tol > 0) {          /* one pass with all breaks at this tolerance, nothing else */
        p.pretolerance = -1;
        p.tolerance = tol;
        p.emergency_stretch = 0;
    }
    tf_linebreak_run(nl->v, nl->n, &p, arena, r);
}

/* A justified result with a word space wider than justify_max_space
 * times its natural width on a line that is stretched (not the last). */
static bool too_loose(const tf_lb_result *r, const tf_params *P)
{
    for (size_t k = 0; k + 1 < r->n_lines; k++)
        if (1.0 + r->ratios[k] / P->space_stretch_div > P->justify_max_space + 1e-9) return true;
    return false;
}

/* The paragraph's loosest breaks allowed with one line over the limit:
 * the breaks whose widest line is least loose (tolerances tried in steps
 * up to justify_loose_max), kept when only one line is over
 * justify_max_space and that line has at least two word spaces (never two
 * words spread across a line). */
static bool one_loose_line(tf_arena *arena, const tf_ptext *t, const tf_para_opts *o, const rules *ru,
                           tf_nodelist *nl, tf_lb_result *r)
{
    const tf_params *P = o->params ? o->params : &tf_params_default;
    double top = (P->justify_loose_max - 1) * P->space_stretch_div;
    for (double tol = P->tolerance + 0.05; tol <= top + 1e-9; tol += 0.05) {
        run_breaker(arena, t, o, ru, true, false, tol, nl, r);
        if (r->overfull || r->pass != 2) continue;
        int over = 0;
        size_t start = 0;
        for (size_t k = 0; k + 1 < r->n_lines; k++) {
            if (1.0 + r->ratios[k] / P->space_stretch_div > P->justify_max_space + 1e-9) {
                size_t spaces = 0;
                for (size_t q = start; q < r->breaks[k]; q++)
                    spaces += nl->v[q].type == TF_NODE_GLUE && nl->v[q].stretch > 0;
                if (spaces < 2) return false;
                over++;
            }
            start = r->breaks[k] + 1;
        }
        return over == 1;
    }
    return false;
}

void tf_para_set(tf_arena *arena, const tf_ptext *t, const tf_para_opts *o, tf_para *out)
{
    *out = (tf_para){0};
    if (t->n == 0) return;
    const tf_params *P = o->params ? o->params : &tf_params_default;
    rules ru;
    rules_init(arena, t, o, &ru);
    tf_nodelist nl;
    tf_lb_result r;
    run_breaker(arena, t, o, &ru, o->justify, true, 0, &nl, &r);
    if (o->justify && o->drawn_justified && !r.overfull && too_loose(&r, P)) {
        /* The runt tie is ours, not TeX's (its last line simply ends with
         * \parfillskip): in a narrow measure the tie often takes away the
         * only breaks that keep the spaces within bounds. A short last word
         * alone on the last line is better than a whole paragraph ragged. */
        run_breaker(arena, t, o, &ru, true, false, 0, &nl, &r);
        /* TeX's last resort: a paragraph with no acceptable justified
         * breaks, even with the emergency stretch, is set ragged right. */
        /* Then, once per brochure (the caller counts), one line a little
         * looser than the limit rather than a ragged paragraph. */
        if (!r.overfull && too_loose(&r, P) &&
            !(o->loose_ok && o->loose_ok(o->loose_ctx) && one_loose_line(arena, t, o, &ru, &nl, &r))) {
            out->ragged = true;
            run_breaker(arena, t, o, &ru, false, true, 0, &nl, &r);
        }
    }
    out->pass = r.pass;
    out->overfull = r.overfull;
    if (out->overfull && r.overfull_node < nl.n) {
        uint32_t ref = nl.v[r.overfull_node].ref;
        out->overfull_item = ref < t->n ? &t->items[ref] : NULL;
        if (out->overfull_item && out->overfull_item->text) {
            uint32_t a = ref, e = ref + 1;
            while (a > 0 && t->items[a - 1].kind != TF_PITEM_SPACE) a--;
            while (e < t->n && t->items[e].kind != TF_PITEM_SPACE) e++;
            const tf_pitem *first = &t->items[a], *last = &t->items[e - 1];
            while (first < last && first->kind != TF_PITEM_PIECE) first++;
            while (last > first && last->kind != TF_PITEM_PIECE) last--;
            out->overfull_text = out->overfull_item->text;
            out->overfull_len = out->overfull_item->text_len;
            out->overfull_width = tf_pitem_width(out->overfull_item, o->size);
            /* the word as written, when its pieces lie in one string */
            if (first->text && last->text && first->text <= out->overfull_item->text &&
                last->text + last->text_len >= out->overfull_item->text + out->overfull_item->text_len &&
                last->text + last->text_len - first->text < 4096) {
                out->overfull_text = first->text;
                out->overfull_len = (uint32_t)(last->text + last->text_len - first->text);
                out->overfull_width = tf_ptext_width(t, a, e, o->size);
            }
        }
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
        ln->ragged = out->ragged;
        ln->target = o->line_width(o->ctx, out->n);
        ln->natural = tf_ptext_width(t, start, end, o->size);
        if (hyphen) ln->natural += tf_pitem_width(&t->items[ref], o->size);
        for (uint32_t i = start; i < end; i++) ln->n_spaces += t->items[i].kind == TF_PITEM_SPACE;
        out->n++;
        start = ref + 1;
    }
    if (out->n) out->lines[out->n - 1].last = true;
}
