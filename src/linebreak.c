/* linebreak.c: Knuth-Plass total-fit line breaking.
 *
 * The paragraph is a list of boxes (fixed width), glue (width that may
 * stretch or shrink) and penalties (possible breaks with a cost). A break
 * may happen at a penalty below TF_PENALTY_INF, or at glue that directly
 * follows a box. Glue and penalties right after a break are discarded, so
 * a line runs from the first box after the previous break up to (not
 * including) its own break; a penalty break adds the penalty's width (the
 * hyphen).
 *
 * Total fit (Knuth & Plass 1981; tex.web part 38, sections 813-890) scans
 * the legal breakpoints in order, keeping "active" nodes: breakpoints from
 * which a line can still reach the current position. For every active node
 * and every breakpoint it measures the line between them: its adjustment
 * ratio r (shortfall / stretch, or / shrink), its badness (100 r^3, TeX's
 * integer formula) and its demerits ((line_penalty + badness)^2 plus the
 * penalty squared, plus extra for two hyphens in a row, a hyphen before the
 * last line, or a jump of more than one fitness class). The best way to
 * reach each breakpoint is kept per (line number, fitness class); the
 * answer is the best chain ending at the final forced break.
 *
 * A line is feasible when -1 <= r <= tolerance. An active node dies when
 * its line becomes overfull (r < -1) or at a forced break. Four passes, as
 * in TeX: (1) no hyphen breaks, r <= pretolerance; (2) all breaks,
 * r <= tolerance; (3) when the caller gives an emergency stretch (TeX's
 * \emergencystretch), the same with that much more stretch on every line;
 * (4) last resort: any r >= -1, and when every active node would die at a
 * breakpoint (a box wider than the line), the least overfull line is kept
 * with huge demerits (tex.web section 854's artificial demerits), so there
 * is always an answer and the caller is told which box did not fit.
 *
 * Hyphen runs: besides TeX's double-hyphen demerits, at most
 * hyphen_run_max hyphenated lines follow each other. The run length is part
 * of the search state: candidates for a break are kept per fitness class
 * and per "run at the limit or not", so the limit costs nothing where it is
 * not reached and the result is still the best chain that keeps it (the
 * unit test compares with an exhaustive search).
 *
 * Budget: TeX merges active nodes that differ only in line number once
 * lines have the same width (easy_line). Widths come from a callback here,
 * so we probe it up to the largest possible line count (one line per box)
 * to find that line; without the merge the number of distinct line
 * numbers grows with the paragraph, worst in the emergency pass where any
 * underfull line is allowed. Whatever remains, the cap `max_active` keeps
 * the work at O(n * max_active): when exceeded, the nodes with the worst
 * demerits per line are dropped (ties: newest first), down to three
 * quarters of the cap.
 *
 * Arithmetic: widths in 64-bit integer sums, badness and demerits in
 * integers; only the tolerance test and reported ratios use doubles. Ties
 * keep the first candidate found, so results are identical everywhere. */
#include "linebreak.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

#define INF_BAD 10000
#define ARTIFICIAL_DEMERITS INT64_C(10000000000)
#define NONE SIZE_MAX

enum { FIT_VERY_LOOSE, FIT_LOOSE, FIT_DECENT, FIT_TIGHT };
enum { PASS_PRE, PASS_TOL, PASS_EMERG, PASS_FINAL };

typedef struct sums {
    int64_t w, st, sh;
    int64_t fil;               /* number of infinite glues */
} sums;

typedef struct active {
    size_t pos;                /* break node index; NONE: paragraph start */
    size_t start;              /* first node of the line after this break */
    size_t line;               /* line that starts here (collapsed at easy_line) */
    size_t lines;              /* real number of lines before this break */
    size_t passive;            /* break record; NONE at paragraph start */
    int64_t demerits;          /* total demerits to get here */
    uint64_t seq;              /* creation order, for deterministic ties */
    int fit;
    bool flagged;
    uint8_t run;               /* hyphenated lines in a row ending at this break */
} active;

typedef struct passive {
    size_t pos, prev;
} passive;

typedef struct cand {
    int64_t d;
    size_t from_passive, lines;
} cand;

/* Candidates per fitness class and per hyphen run: [f][0] for a run
 * below the limit, [f][1] for a run at the limit (it may not take another
 * hyphen, so it is kept apart, and only when it beats [f][0]). Which of
 * the eight are set is a bit mask (bit 2 f + k), so a slot is emptied by
 * two stores rather than by clearing its ~250 bytes at every breakpoint. */
typedef struct slot {
    size_t line;               /* key: the line that starts at the new break */
    bool used;
    uint8_t set;               /* bit 2 f + k: c[f][k] holds a candidate */
    uint8_t run[4][2];
    cand c[4][2];
} slot;

#define CAND_SET(s, f, k) (((s)->set >> (2 * (f) + (k))) & 1u)

typedef struct lb {
    const tf_node *v;
    size_t n;
    const tf_lb_params *p;
    size_t max_active;
    size_t easy;               /* lines >= easy share one width ... */
    bool has_easy;             /* ... when this is set */
    sums *sum;                 /* sum[i]: totals of nodes [0, i) */
    size_t *next_box;          /* next_box[i]: first box index >= i, or n */
    tf_sp *width;              /* cached line widths */
    size_t n_width, cap_width;
    active *act, *tmp;
    size_t n_act, cap_act;
    passive *pas;
    size_t n_pas, cap_pas;
    slot *tab;                 /* candidate hash, keyed by line */
    size_t cap_tab;
    size_t *used;              /* used slot indices, in insertion order */
    size_t n_used;
    uint64_t seq;
} lb;

void tf_lb_params_init(tf_lb_params *p, const tf_params *P)
{
    memset(p, 0, sizeof *p);
    if (!P) P = &tf_params_default;
    p->tolerance = P->tolerance;
    p->pretolerance = P->pretolerance;
    p->line_penalty = (int32_t)P->line_penalty;
    p->flagged_demerits = (int32_t)P->double_hyphen_demerits;
    p->fitness_demerits = (int32_t)P->adj_demerits;
    p->final_hyphen_demerits = (int32_t)P->final_hyphen_demerits;
    p->max_active = (size_t)P->max_active;
    p->easy_line = 0;
    p->hyphen_run_max = (int32_t)P->hyphen_run_max;
    p->emergency_stretch = 0;      /* the caller knows the em (para.c) */
}

/* TeX's badness(t, s) (tex.web section 108): about 100 (t/s)^3, integer,
 * capped at INF_BAD. */
static int64_t badness(int64_t t, int64_t s)
{
    if (t == 0) return 0;
    if (s <= 0) return INF_BAD;
    int64_t r;
    if (t <= 7230584) r = (t * 297) / s;
    else if (s >= 1663497) r = t / (s / 297);
    else r = t;
    if (r > 1290) return INF_BAD;
    return (r * r * r + 0x20000) / 0x40000;
}

static tf_sp line_width(lb *L, size_t line)
{
    while (L->n_width <= line) {
        if (L->n_width == L->cap_width) {
            L->cap_width = L->cap_width ? 2 * L->cap_width : 64;
            L->width = tf_xrealloc(L->width, L->cap_width * sizeof *L->width);
        }
        L->width[L->n_width] = L->p->line_width(L->p->ctx, L->n_width);
        L->n_width++;
    }
    return L->width[line];
}

static size_t line_key(const lb *L, size_t line)
{
    return L->has_easy && line > L->easy ? L->easy : line;
}

/* A paragraph has at most one line per box (plus empty lines at forced
 * breaks), so probing that many widths tells from which line on they stop
 * changing: TeX's easy_line, found instead of declared. Without it a
 * sloppy pass would keep a node per line number and position. */
static void find_easy_line(lb *L, size_t max_lines)
{
    if (L->p->looseness != 0) {      /* ways of different lengths must not be merged */
        L->has_easy = false;
        return;
    }
    if (L->p->easy_line > 0) {
        L->easy = L->p->easy_line;
        L->has_easy = true;
        return;
    }
    tf_sp last = line_width(L, max_lines);
    size_t e = max_lines;
    while (e > 0 && line_width(L, e - 1) == last) e--;
    /* nor before the last line the caller forbids a hyphen at: ways with
     * different line counts differ there */
    if (L->p->no_hyphen_at)
        for (size_t k = max_lines; k > e; k--)
            if (L->p->no_hyphen_at(L->p->ctx, k - 1)) {
                e = k;
                break;
            }
    L->easy = e;
    L->has_easy = true;
}

static bool is_forced(const tf_node *x)
{
    return x->type == TF_NODE_PENALTY && x->penalty <= -TF_PENALTY_INF;
}

static size_t line_start(const lb *L, size_t pos)
{
    return pos == NONE ? 0 : L->next_box[pos + 1];
}

/* The line between an active node and breakpoint b (tex.web sections
 * 851-853): badness, fitness class, and whether it is overfull. Returns
 * false for an empty line that is not allowed (no box, not forced). */
typedef struct measure {
    int64_t bad, excess;       /* excess: overfull amount beyond the shrink */
    int fit;
    bool overfull, feasible;
} measure;

static bool measure_line(lb *L, const active *a, size_t b, int pass, double thr, measure *m)
{
    const tf_node *x = &L->v[b];
    memset(m, 0, sizeof *m);
    if (a->start > b) {                       /* no box on the line */
        if (!is_forced(x)) return false;
        m->fit = FIT_DECENT;                  /* intended empty line (\break\break) */
        m->feasible = true;
        return true;
    }
    const sums *e = &L->sum[b], *s = &L->sum[a->start];
    int64_t w = e->w - s->w + (x->type == TF_NODE_PENALTY ? x->width : 0);
    int64_t st = e->st - s->st, sh = e->sh - s->sh, fil = e->fil - s->fil;
    if (pass == PASS_EMERG) st += L->p->emergency_stretch;   /* TeX's background stretch */
    int64_t shortfall = (int64_t)line_width(L, a->line) - w;
    if (shortfall > 0) {
        if (fil > 0) {
            m->bad = 0;
            m->fit = FIT_DECENT;
            m->feasible = true;
        } else {
            m->bad = badness(shortfall, st);
            m->fit = m->bad > 99 ? FIT_VERY_LOOSE : m->bad > 12 ? FIT_LOOSE : FIT_DECENT;
            /* In the last pass, lines past the badness cap still differ: the
             * emptier one costs more (one unit per point short), so a loose
             * paragraph is not set as one word and then the rest. */
            if (pass == PASS_FINAL && m->bad >= INF_BAD) m->bad = INF_BAD + shortfall / TF_SP_PER_PT;
            m->feasible = pass == PASS_FINAL || (st > 0 && (double)shortfall <= thr * (double)st);
        }
    } else if (shortfall < 0) {
        if (-shortfall > sh) {
            m->overfull = true;
            m->excess = -shortfall - (sh > 0 ? sh : 0);
            m->bad = INF_BAD + 1;
            m->fit = FIT_TIGHT;
        } else {
            m->bad = badness(-shortfall, sh);
            m->fit = m->bad > 12 ? FIT_TIGHT : FIT_DECENT;
            m->feasible = true;
        }
    } else {
        m->fit = FIT_DECENT;
        m->feasible = true;
    }
    return true;
}

/* Demerits of the line a -> b (tex.web section 859), added to a's total. */
static int64_t demerits(const lb *L, const active *a, size_t b, const measure *m)
{
    const tf_lb_params *p = L->p;
    const tf_node *x = &L->v[b];
    int64_t d = (int64_t)p->line_penalty + m->bad;
    d = d * d;
    if (x->type == TF_NODE_PENALTY) {
        int64_t pi = x->penalty;
        if (pi > 0) d += pi * pi;
        else if (pi > -TF_PENALTY_INF) d -= pi * pi;
    }
    bool flagged = x->type == TF_NODE_PENALTY && x->flagged;
    if (a->flagged && b == L->n - 1) d += p->final_hyphen_demerits;
    else if (a->flagged && flagged) d += p->flagged_demerits;
    if (abs(m->fit - a->fit) > 1) d += p->fitness_demerits;
    return a->demerits + d;
}

static slot *slot_for(lb *L, size_t line)
{
    size_t mask = L->cap_tab - 1;
    size_t h = (line * 0x9E3779B97F4A7C15ull >> 17) & mask;
    while (L->tab[h].used && L->tab[h].line != line) h = (h + 1) & mask;
    slot *s = &L->tab[h];
    if (!s->used) {
        s->used = true;
        s->line = line;
        L->used[L->n_used++] = h;
    }
    return s;
}

/* Offer the line a -> b, which ends with a hyphen (added, or one in the
 * text) or not. A run of hyphenated lines at the limit cannot take another. */
static void offer(lb *L, size_t line, int fit, int64_t d, const active *a, bool hyphen_end)
{
    int run = hyphen_end ? a->run + 1 : 0;
    int max = L->p->hyphen_run_max;
    if (max > 0 && run > max) return;
    int k = max > 0 && run >= max;
    slot *s = slot_for(L, line);
    cand *c = &s->c[fit][k];
    if (!CAND_SET(s, fit, k) || d < c->d) {   /* first found wins ties */
        s->set |= (uint8_t)(1u << (2 * fit + k));
        c->d = d;
        c->from_passive = a->passive;
        c->lines = a->lines;
        s->run[fit][k] = (uint8_t)run;
    }
}

static void push_active(lb *L, const active *a)
{
    if (L->n_act == L->cap_act) {
        L->cap_act = L->cap_act ? 2 * L->cap_act : 64;
        L->act = tf_xrealloc(L->act, L->cap_act * sizeof *L->act);
        L->tmp = tf_xrealloc(L->tmp, L->cap_act * sizeof *L->tmp);
    }
    L->act[L->n_act++] = *a;
}

static size_t push_passive(lb *L, size_t pos, size_t prev)
{
    if (L->n_pas == L->cap_pas) {
        L->cap_pas = L->cap_pas ? 2 * L->cap_pas : 256;
        L->pas = tf_xrealloc(L->pas, L->cap_pas * sizeof *L->pas);
    }
    L->pas[L->n_pas] = (passive){pos, prev};
    return L->n_pas++;
}

/* Worst-first order for the budget: higher demerits per line is worse;
 * among equals the newer node is worse. */
static int cmp_keep(const void *x, const void *y)
{
    const active *a = x, *b = y;
    double da = (double)a->demerits / (double)(a->lines + 1);
    double db = (double)b->demerits / (double)(b->lines + 1);
    if (da != db) return da < db ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_seq(const void *x, const void *y)
{
    const active *a = x, *b = y;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void enforce_budget(lb *L)
{
    if (L->n_act <= L->max_active) return;
    size_t keep = L->max_active - L->max_active / 4;
    if (keep == 0) keep = 1;
    qsort(L->act, L->n_act, sizeof *L->act, cmp_keep);
    L->n_act = keep;
    qsort(L->act, L->n_act, sizeof *L->act, cmp_seq);   /* back to list order */
}

static void grow_table(lb *L)
{
    size_t need = 2 * (L->n_act + 1);
    if (L->cap_tab >= need) return;
    size_t cap = L->cap_tab ? L->cap_tab : 16;
    while (cap < need) cap *= 2;
    free(L->tab);
    free(L->used);
    /* Only the key fields need a start value: a slot's candidates are
     * read only where its `set` bits say they were written. */
    L->tab = tf_xmalloc(cap * sizeof *L->tab);
    for (size_t i = 0; i < cap; i++) {
        L->tab[i].used = false;
        L->tab[i].set = 0;
    }
    L->used = tf_xmalloc(cap * sizeof *L->used);
    L->cap_tab = cap;
}

/* Try every active node against breakpoint b (tex.web section 829,
 * try_break), then create the new active nodes (sections 835-845). */
static void try_break(lb *L, size_t b, int pass, double thr)
{
    const tf_node *x = &L->v[b];
    bool forced = is_forced(x);
    bool flagged = x->type == TF_NODE_PENALTY && x->flagged;
    bool hyphen_end = x->type == TF_NODE_PENALTY && (x->flagged || x->exhyphen);
    grow_table(L);
    L->n_used = 0;
    size_t kept = 0;
    const active *worst_fit = NULL;       /* least overfull, for pass 3 */
    int64_t worst_excess = 0;
    bool any_cand = false;
    for (size_t i = 0; i < L->n_act; i++) {
        active *a = &L->act[i];
        measure m;
        bool ok = measure_line(L, a, b, pass, thr, &m);
        if (ok && m.overfull) {
            if (!worst_fit || m.excess < worst_excess ||
                (m.excess == worst_excess && a->demerits < worst_fit->demerits)) {
                worst_fit = a;
                worst_excess = m.excess;
            }
            continue;                     /* deactivated */
        }
        if (ok && m.feasible && hyphen_end && pass != PASS_FINAL && L->p->no_hyphen_at &&
            L->p->no_hyphen_at(L->p->ctx, a->lines))
            m.feasible = false;                    /* a hyphen where the caller forbids one */
        if (ok && m.feasible) {
            offer(L, line_key(L, a->line + 1), m.fit, demerits(L, a, b, &m), a, hyphen_end);
            any_cand = true;
        }
        if (!forced) L->tmp[kept++] = *a;
    }
    /* Section 854: in the last pass, a break that empties the list is kept
     * (the line is overfull; the caller is told). */
    if (pass == PASS_FINAL && !any_cand && kept == 0 && worst_fit) {
        const active *a = worst_fit;
        offer(L, line_key(L, a->line + 1), FIT_TIGHT, a->demerits + ARTIFICIAL_DEMERITS, a, false);
    }
    active *t = L->act;
    L->act = L->tmp;
    L->tmp = t;
    L->n_act = kept;

    for (size_t u = 0; u < L->n_used; u++) {
        slot *s = &L->tab[L->used[u]];
        int64_t best = INT64_MAX;
        for (int f = 0; f < 4; f++)
            for (int k = 0; k < 2; k++)
                if (CAND_SET(s, f, k) && s->c[f][k].d < best) best = s->c[f][k].d;
        for (int f = 0; f < 4; f++) {
            for (int k = 0; k < 2; k++) {
                if (!CAND_SET(s, f, k)) continue;
                cand *c = &s->c[f][k];
                /* A run at the hyphen limit that costs no less than a
                 * shorter run of the same class has nothing to offer. */
                if (k == 1 && CAND_SET(s, f, 0) && s->c[f][0].d <= c->d) continue;
                /* Section 836: a class more than adj_demerits behind cannot win. */
                if (c->d <= best + L->p->fitness_demerits) {
                    active na = {
                        .pos = b, .start = line_start(L, b), .line = s->line,
                        .lines = c->lines + 1, .demerits = c->d, .fit = f,
                        .flagged = flagged, .run = s->run[f][k], .seq = L->seq++,
                        .passive = push_passive(L, b, c->from_passive),
                    };
                    push_active(L, &na);
                }
            }
        }
        s->used = false;
        s->set = 0;
    }
    enforce_budget(L);
}

/* One pass over the paragraph (tex.web section 863). Returns the passive
 * index of the best final break, or NONE when the pass found no way. */
static size_t run_pass(lb *L, int pass, double thr)
{
    L->n_act = 0;
    L->n_pas = 0;
    active start = {.pos = NONE, .start = 0, .line = 0, .passive = NONE,
                    .fit = FIT_DECENT, .seq = L->seq++};
    push_active(L, &start);
    const tf_node *v = L->v;
    for (size_t b = 0; b < L->n && L->n_act > 0; b++) {
        const tf_node *x = &v[b];
        bool legal;
        if (x->type == TF_NODE_PENALTY)
            legal = x->penalty < TF_PENALTY_INF &&
                    !(pass == PASS_PRE && x->flagged && x->penalty > -TF_PENALTY_INF);
        else
            legal = x->type == TF_NODE_GLUE && b > 0 && v[b - 1].type == TF_NODE_BOX;
        if (legal) try_break(L, b, pass, thr);
    }
    size_t best = NONE, best_lines = 0;
    int64_t best_d = 0;
    for (size_t i = 0; i < L->n_act; i++) {
        const active *a = &L->act[i];
        if (a->pos == L->n - 1 && (best == NONE || a->demerits < best_d)) {
            best = a->passive;
            best_d = a->demerits;
            best_lines = a->lines;
        }
    }
    /* TeX's \looseness (tex.web sections 873-875): among the ways found,
     * the one whose line count is nearest the optimum's plus looseness
     * (never past it), the fewest demerits among those */
    int32_t want = L->p->looseness;
    if (want != 0 && best != NONE) {
        long got = 0;
        for (size_t i = 0; i < L->n_act; i++) {
            const active *a = &L->act[i];
            if (a->pos != L->n - 1) continue;
            long diff = (long)a->lines - (long)best_lines;
            if ((diff < got && want <= diff) || (diff > got && want >= diff)) {
                best = a->passive;
                best_d = a->demerits;
                got = diff;
            } else if (diff == got && a->demerits < best_d) {
                best = a->passive;
                best_d = a->demerits;
            }
        }
    }
    return best;
}

static double line_ratio(lb *L, size_t start, size_t b, size_t line, size_t *overfull_box)
{
    const tf_node *x = &L->v[b];
    *overfull_box = NONE;
    if (start > b) return 0;
    const sums *e = &L->sum[b], *s = &L->sum[start];
    int64_t w = e->w - s->w + (x->type == TF_NODE_PENALTY ? x->width : 0);
    int64_t st = e->st - s->st, sh = e->sh - s->sh, fil = e->fil - s->fil;
    tf_sp lw = line_width(L, line_key(L, line));
    int64_t shortfall = (int64_t)lw - w;
    if (shortfall > 0) return fil > 0 || st <= 0 ? 0 : (double)shortfall / (double)st;
    if (shortfall == 0) return 0;
    if (-shortfall <= sh) return (double)shortfall / (double)sh;
    /* Overfull: name the first box wider than the line, else the line's first box. */
    for (size_t i = start; i < b; i++)
        if (L->v[i].type == TF_NODE_BOX && L->v[i].width > lw) { *overfull_box = i; return -1; }
    for (size_t i = start; i < b; i++)
        if (L->v[i].type == TF_NODE_BOX) { *overfull_box = i; return -1; }
    *overfull_box = b;
    return -1;
}

bool tf_linebreak_run(const tf_node *nodes, size_t n, const tf_lb_params *p,
                      tf_arena *arena, tf_lb_result *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0) return true;
    assert(p->line_width);
    assert(is_forced(&nodes[n - 1]));

    lb L = {.v = nodes, .n = n, .p = p, .max_active = p->max_active ? p->max_active : 2000};
    L.sum = tf_xmalloc((n + 1) * sizeof *L.sum);
    L.next_box = tf_xmalloc((n + 1) * sizeof *L.next_box);
    sums acc = {0, 0, 0, 0};
    bool any_flagged = false;
    size_t max_lines = 1;
    for (size_t i = 0; i < n; i++) {
        L.sum[i] = acc;
        const tf_node *x = &nodes[i];
        if (x->type == TF_NODE_PENALTY) {
            any_flagged |= x->flagged && x->penalty < TF_PENALTY_INF;
            max_lines += x->penalty <= -TF_PENALTY_INF;
            continue;
        }
        max_lines += x->type == TF_NODE_BOX;
        acc.w += x->width;
        if (x->type == TF_NODE_GLUE) {
            if (x->stretch >= TF_GLUE_FIL) acc.fil++;
            else acc.st += x->stretch;
            acc.sh += x->shrink;
        }
    }
    L.sum[n] = acc;
    L.next_box[n] = n;
    for (size_t i = n; i-- > 0;)
        L.next_box[i] = nodes[i].type == TF_NODE_BOX ? i : L.next_box[i + 1];

    find_easy_line(&L, max_lines);

    size_t best = NONE;
    /* Pass 1 differs from pass 2 only by its hyphen breaks and threshold. */
    if (p->pretolerance >= 0 && (any_flagged || p->pretolerance < p->tolerance))
        best = run_pass(&L, PASS_PRE, p->pretolerance);
    out->pass = 1;
    if (best == NONE) best = run_pass(&L, PASS_TOL, p->tolerance), out->pass = 2;
    if (best == NONE && p->emergency_stretch > 0)
        best = run_pass(&L, PASS_EMERG, p->tolerance), out->pass = 3;
    if (best == NONE) best = run_pass(&L, PASS_FINAL, 0), out->pass = 4;
    assert(best != NONE);

    size_t count = 0;
    for (size_t q = best; q != NONE; q = L.pas[q].prev) count++;
    out->n_lines = count;
    out->breaks = tf_arena_alloc(arena, count * sizeof *out->breaks);
    out->ratios = tf_arena_alloc(arena, count * sizeof *out->ratios);
    size_t k = count;
    for (size_t q = best; q != NONE; q = L.pas[q].prev) out->breaks[--k] = L.pas[q].pos;

    out->overfull_node = n;
    size_t start = 0;
    for (size_t i = 0; i < count; i++) {
        size_t ob;
        out->ratios[i] = line_ratio(&L, start, out->breaks[i], i, &ob);
        if (ob != NONE && !out->overfull) {
            out->overfull = true;
            out->overfull_node = ob;
        }
        start = line_start(&L, out->breaks[i]);
    }

    free(L.sum);
    free(L.next_box);
    free(L.width);
    free(L.act);
    free(L.tmp);
    free(L.pas);
    free(L.tab);
    free(L.used);
    return !out->overfull;
}
