/* pmcheck.c: patient-material checks of one edition (pmcheck.h).
 *
 * Three walks:
 *   - the content tree, story by story in the plan's reading order: every
 *     sentence a patient reads as running text (paragraphs, list lead-ins
 *     and items, checklist items, contact descriptions), counted with the
 *     language's rules (readability.h); headings, titles, names, addresses
 *     and credits are not sentences and are left out;
 *   - the display list, glyph run by glyph run: which role the run belongs
 *     to (from the structure tree the layout built for tagged PDF), its
 *     size, and the characters per line of body paragraphs;
 *   - the display list again for colour: each run's colour against the
 *     topmost fill (rectangle, disc, image) under it, or the white page.
 *
 * The structure tree says what a run is (H1/H2 headings, Div contact
 * entries, P paragraphs) but not which slot of the plan its story sits in;
 * the top-level Sect's reading-order key does. layout.c makes that key
 * rank * 256 + slot on the sheet (rank: the panel's place in its fold's
 * reading order, fold.h) and a running count on screen pages;
 * slot_of_sect reads it back the same way. */
#include "pmcheck.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contrast.h"
#include "diag.h"
#include "hashtab.h"
#include "inline.h"
#include "ptext.h"
#include "segment.h"
#include "utf8.h"

/* --- context: dictionaries and content files, loaded once ----------------- */

#define CTX_MAX 16

/* A sentence's word counts, remembered for the batch: clinic editions
 * share nearly all their text, and counting syllables (a dictionary
 * look-up a word) is most of the reading-level check. */
typedef struct counted {
    uint64_t hash;
    tf_read_formula f;
    const tf_hyphen *dict;
    char *text;                  /* NULL: an empty slot */
    size_t len;
    tf_read_counts c;
} counted;

struct tf_pm_ctx {
    tf_res *res;                 /* dictionaries: the batch's, shared with layout */
    struct {
        char *path, *text;
        size_t len;
        size_t *line_at;         /* line_at[k]: offset of line k + 1 (after the k-th newline) */
        size_t n_lines;
    } files[CTX_MAX];
    size_t n_files;
    counted *counts;             /* open addressing, a power of two long, at most half full */
    size_t n_counts, cap_counts;
    struct text_read *reads;     /* read_text's results per text, the same way */
    size_t n_reads, cap_reads;
};

/* A text's sentences as read_text finds them (those with words), kept
 * for the batch under the text, its place (file, line, column: the
 * sentences' lines come from there), the formula and the dictionary:
 * a clinic edition reads the same texts as the one before. */
typedef struct read_sentence {
    tf_read_counts c;
    double figure, rank;
    size_t start, len;           /* in the text's plain text */
    bool have_line;              /* line worked out (when it first ranked among the hardest, */
    int line;                    /* as line_of is called: the files it reads are read then) */
} read_sentence;

typedef struct text_read {
    uint64_t hash;
    unsigned char *key;          /* NULL: an empty slot */
    size_t klen;
    char *plain;                 /* the text without markup, line breaks as spaces */
    read_sentence *s;
    size_t n;
} text_read;

#define READS_MAX 65536

tf_pm_ctx *tf_pm_ctx_new(tf_res *res)
{
    tf_pm_ctx *c = tf_xcalloc(1, sizeof(tf_pm_ctx));
    c->res = res;
    return c;
}

void tf_pm_ctx_free(tf_pm_ctx *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_files; i++) {
        free(c->files[i].path);
        free(c->files[i].text);
        free(c->files[i].line_at);
    }
    for (size_t i = 0; i < c->cap_counts; i++) free(c->counts[i].text);
    free(c->counts);
    for (size_t i = 0; i < c->cap_reads; i++) {
        free(c->reads[i].plain);
        free(c->reads[i].s);
        free(c->reads[i].key);
    }
    free(c->reads);
    free(c);
}

static uint64_t text_hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return h;
}

/* tf_read_count_words (which adds to *out), remembered: the same
 * sentence, formula and dictionary add the same counts. */
static void count_words(tf_pm_ctx *c, tf_read_formula f, const char *s, size_t n, const tf_hyphen *dict,
                        tf_read_counts *out)
{
    uint64_t h = text_hash(s, n);
    size_t mask = c->cap_counts - 1, i = c->cap_counts ? (size_t)h & mask : 0;
    for (; c->cap_counts && c->counts[i].text; i = (i + 1) & mask) {
        const counted *e = &c->counts[i];
        if (e->hash == h && e->f == f && e->dict == dict && e->len == n && !memcmp(e->text, s, n)) {
            tf_read_add(out, &e->c);
            return;
        }
    }
    tf_read_counts add = {0};
    tf_read_count_words(f, s, n, dict, &add);
    tf_read_add(out, &add);
    if (2 * (c->n_counts + 1) > c->cap_counts) {          /* grow, then find the slot again */
        size_t cap = c->cap_counts ? 2 * c->cap_counts : 256;
        c->counts = tf_hashtab_regrow(c->counts, c->cap_counts, cap, sizeof *c->counts, offsetof(counted, hash),
                                      offsetof(counted, text));
        c->cap_counts = cap;
        mask = cap - 1;
        for (i = (size_t)h & mask; c->counts[i].text; i = (i + 1) & mask) {}
    }
    char *copy = tf_xmalloc(n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    c->counts[i] = (counted){h, f, dict, copy, n, add};
    c->n_counts++;
}

/* The edition's dictionary, from the batch's resources: loaded once for
 * layout and syllable counts alike. */
static const tf_hyphen *ctx_dict(tf_pm_ctx *c, const char *lang)
{
    const tf_hyphen *h;
    return tf_res_hyphen_begin(c->res, lang, &h) ? h : tf_res_hyphen_wait(c->res, lang);
}

/* A content file's text and where each of its lines starts, read once. */
static const char *ctx_file(tf_pm_ctx *c, const char *path, size_t *len, const size_t **line_at,
                            size_t *n_lines)
{
    for (size_t i = 0; i < c->n_files; i++)
        if (!strcmp(c->files[i].path, path)) {
            *len = c->files[i].len;
            *line_at = c->files[i].line_at;
            *n_lines = c->files[i].n_lines;
            return c->files[i].text;
        }
    if (c->n_files == CTX_MAX) return NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 > cap) buf = tf_xrealloc(buf, cap = cap ? cap * 2 : 65536);
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    size_t lines = 1;
    for (size_t i = 0; i < n; i++) lines += buf[i] == '\n';
    size_t *at = tf_xmalloc(lines * sizeof *at);
    at[0] = 0;
    for (size_t i = 0, k = 1; i < n; i++)
        if (buf[i] == '\n') at[k++] = i + 1;
    c->files[c->n_files].path = tf_xstrdup(path);
    c->files[c->n_files].text = buf;
    c->files[c->n_files].line_at = at;
    c->files[c->n_files].n_lines = lines;
    c->files[c->n_files++].len = n;
    *len = n;
    *line_at = at;
    *n_lines = lines;
    return buf;
}

const char *tf_pm_role_name(tf_pm_role r)
{
    static const char *const names[] = {"body", "sidebar", "contacts", "credit", "heading"};
    return r < TF_PM_ROLE_COUNT ? names[r] : "?";
}

/* --- reading level ----------------------------------------------------------- */

/* The line a sentence starts on: walk the source from where the scalar
 * starts, matching the letters and digits of the plain text before it in
 * order (markup, quotes, escapes and folded line breaks fall between). */
static int line_of(tf_pm_ctx *c, const tf_text *t, const char *plain, size_t offset)
{
    size_t len, n_lines;
    const size_t *line_at;
    const char *src = t->loc.file ? ctx_file(c, t->loc.file, &len, &line_at, &n_lines) : NULL;
    if (!src || t->loc.line <= 0) return t->loc.line;
    /* the start of line t->loc.line, or the end of a shorter file */
    bool there = (size_t)t->loc.line - 1 < n_lines;
    size_t i = there ? line_at[t->loc.line - 1] : len;
    int line = there ? t->loc.line : (int)n_lines;
    for (int col = 1; col < t->loc.col && i < len && src[i] != '\n'; col++) {
        const char *p = src + i;
        tf_utf8_next(&p, src + len);
        i = (size_t)(p - src);
    }
    int at = line;
    for (size_t k = 0; plain[k] && k <= offset; k++) {
        unsigned char ch = (unsigned char)plain[k];
        bool word = (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || ch >= 0x80;
        if (!word) continue;
        size_t j = i;
        int l = line;
        while (j < len && src[j] != (char)ch) if (src[j++] == '\n') l++;
        if (j >= len) break;              /* not found (an escape): keep the last line */
        i = j + 1;
        line = l;
        at = l;
        if (k >= offset) break;
    }
    return at;
}

typedef struct reading {
    tf_pm_ctx *ctx;
    tf_pm_report *r;
    const tf_doc *doc;
    const tf_hyphen *dict;
} reading;

static double sentence_figure(tf_read_formula f, const tf_read_counts *c)
{
    switch (f) {
    case TF_READ_EN: return tf_read_fk_grade(c);
    case TF_READ_ES: return tf_read_fernandez_huerta(c);
    case TF_READ_DE: return tf_read_wstf(c);
    default: return NAN;
    }
}

static void keep_hardest(tf_pm_report *r, const tf_pm_sentence *s)
{
    size_t n = r->n_hardest;
    if (n == TF_PM_HARDEST && s->rank <= r->hardest[n - 1].rank) return;
    size_t at = n < TF_PM_HARDEST ? n : TF_PM_HARDEST - 1;
    while (at > 0 && r->hardest[at - 1].rank < s->rank) {
        r->hardest[at] = r->hardest[at - 1];
        at--;
    }
    r->hardest[at] = *s;
    if (n < TF_PM_HARDEST) r->n_hardest++;
}

/* The key of a text's reading: formula, dictionary, line, column, file
 * (with its NUL) and the source text. */
static unsigned char *read_key(const reading *R, const tf_text *t, size_t *klen)
{
    const char *file = t->loc.file ? t->loc.file : "";
    size_t fl = strlen(file) + 1, sl = strlen(t->src);
    int head[3] = {(int)R->r->formula, t->loc.line, t->loc.col};
    const tf_hyphen *dict = R->dict;
    *klen = sizeof head + sizeof dict + 1 + fl + sl;
    unsigned char *k = tf_xmalloc(*klen);
    memcpy(k, head, sizeof head);
    memcpy(k + sizeof head, &dict, sizeof dict);
    k[sizeof head + sizeof dict] = t->loc.file != NULL;
    memcpy(k + sizeof head + sizeof dict + 1, file, fl);
    memcpy(k + sizeof head + sizeof dict + 1 + fl, t->src, sl);
    return k;
}

static text_read *read_slot(tf_pm_ctx *c, const unsigned char *key, size_t klen, uint64_t h)
{
    size_t mask = c->cap_reads - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        text_read *e = &c->reads[i];
        if (!e->key || (e->hash == h && e->klen == klen && !memcmp(e->key, key, klen))) return e;
    }
}

/* Read the text's sentences with words: their counts and where they are
 * in its plain text (*plain, malloc'd, like *out; *n of them). False when
 * its markup does not parse (reported). */
static bool read_sentences(reading *R, const tf_text *t, char **plain_out, read_sentence **out, size_t *n_out)
{
    tf_pm_report *r = R->r;
    *plain_out = NULL;
    *out = NULL;
    *n_out = 0;
    tf_span *spans;
    size_t ns;
    if (!tf_inline_parse(r->arena, t, &spans, &ns)) return false;
    size_t total = 0;
    for (size_t i = 0; i < ns; i++) total += spans[i].len;
    char *plain = tf_xmalloc(total + 1);
    size_t n = 0;
    for (size_t i = 0; i < ns; i++) {
        memcpy(plain + n, spans[i].text, spans[i].len);
        n += spans[i].len;
    }
    plain[n] = '\0';
    for (size_t i = 0; i < n; i++) if (plain[i] == '\n') plain[i] = ' ';
    *plain_out = plain;
    size_t count = tf_segment_sentences(plain, n, NULL, 0);
    if (!count) return true;
    tf_span_off *sent = tf_arena_alloc(r->arena, count * sizeof *sent);
    tf_segment_sentences(plain, n, sent, count);
    read_sentence *v = tf_xmalloc(count * sizeof *v);
    size_t nv = 0;
    for (size_t k = 0; k < count; k++) {
        tf_read_counts c = {.sentences = 1};
        const char *s = plain + sent[k].start;
        size_t sl = sent[k].end - sent[k].start;
        count_words(R->ctx, r->formula, s, sl, R->dict, &c);
        if (!c.words) continue;
        read_sentence *rs = &v[nv++];
        rs->c = c;
        rs->figure = sentence_figure(r->formula, &c);
        rs->rank = r->formula == TF_READ_NONE ? (double)c.words
                   : r->formula == TF_READ_ES ? -rs->figure : rs->figure;
        rs->start = sent[k].start;
        rs->len = sl;
        rs->have_line = false;
        rs->line = 0;
    }
    *out = v;
    *n_out = nv;
    return true;
}

static void read_text(reading *R, const tf_text *t, tf_read_counts *story)
{
    tf_pm_report *r = R->r;
    tf_pm_ctx *c = R->ctx;
    if (!t->src) return;
    if (t->lang && R->doc->lang && strcmp(t->lang, R->doc->lang) != 0) {
        r->skipped_texts++;
        return;
    }
    size_t klen;
    unsigned char *key = read_key(R, t, &klen);
    uint64_t h = text_hash((const char *)key, klen);
    text_read *e = c->cap_reads ? read_slot(c, key, klen, h) : NULL;
    text_read tmp = {0};
    if (e && e->key) {
        free(key);
        key = NULL;
    } else {
        int errors = tf_diag_errors();
        if (!read_sentences(R, t, &tmp.plain, &tmp.s, &tmp.n)) {
            free(tmp.plain);
            free(key);
            return;
        }
        e = &tmp;
        /* kept unless parsing reported something (reported again next time) */
        if (tf_diag_errors() == errors && c->n_reads < READS_MAX) {
            if (2 * (c->n_reads + 1) > c->cap_reads) {
                size_t cap = c->cap_reads ? 2 * c->cap_reads : 256;
                c->reads = tf_hashtab_regrow(c->reads, c->cap_reads, cap, sizeof *c->reads,
                                             offsetof(text_read, hash), offsetof(text_read, key));
                c->cap_reads = cap;
            }
            e = read_slot(c, key, klen, h);
            tmp.hash = h;
            tmp.key = key;
            tmp.klen = klen;
            *e = tmp;
            c->n_reads++;
            key = NULL;
        }
    }
    for (size_t k = 0; k < e->n; k++) {
        read_sentence *rs = &e->s[k];
        tf_read_add(story, &rs->c);
        tf_pm_sentence ps = {
            .loc = {t->loc.file, 0, 0},
            .words = rs->c.words,
            .figure = rs->figure,
            .rank = rs->rank,
        };
        if (r->n_hardest < TF_PM_HARDEST || ps.rank > r->hardest[r->n_hardest - 1].rank) {
            if (!rs->have_line) {
                rs->line = line_of(R->ctx, t, e->plain, rs->start);
                rs->have_line = true;
            }
            ps.loc.line = rs->line;
            ps.text = tf_arena_strndup(r->arena, e->plain + rs->start, rs->len);
            keep_hardest(r, &ps);
        }
    }
    if (e == &tmp) {                   /* not kept */
        free(tmp.plain);
        free(tmp.s);
        free(key);
    }
}

static void figures(tf_read_formula f, const tf_read_counts *c, double *grade, double *second)
{
    switch (f) {
    case TF_READ_EN: *grade = tf_read_fk_grade(c); *second = tf_read_smog(c); break;
    case TF_READ_ES: *grade = tf_read_fernandez_huerta(c); *second = tf_read_szigriszt(c); break;
    case TF_READ_DE: *grade = tf_read_wstf(c); *second = tf_read_amstad(c); break;
    default: *grade = *second = NAN; break;
    }
}

static void read_story(reading *R, const tf_story *st)
{
    tf_pm_report *r = R->r;
    tf_pm_story *ps = &r->stories[r->n_stories++];
    ps->id = st->id;
    ps->loc = st->loc;
    for (size_t i = 0; i < st->n_blocks; i++) {
        const tf_block *b = &st->blocks[i];
        switch (b->kind) {
        case TF_BLOCK_PARAGRAPH: read_text(R, &b->text, &ps->counts); break;
        case TF_BLOCK_LIST:
            read_text(R, &b->text, &ps->counts);
            /* fall through */
        case TF_BLOCK_CHECKLIST:       /* its title is set as a heading */
            for (size_t k = 0; k < b->n_items; k++) read_text(R, &b->items[k].text, &ps->counts);
            break;
        case TF_BLOCK_CONTACTS:
            for (size_t k = 0; k < b->n_contacts; k++) read_text(R, &b->contacts[k].description, &ps->counts);
            break;
        default: break;                /* titles, headings, credits, images */
        }
    }
    figures(r->formula, &ps->counts, &ps->grade, &ps->second);
    tf_read_add(&r->total, &ps->counts);
}

static void reading_level(tf_pm_ctx *c, const tf_doc *doc, tf_pm_report *r)
{
    reading R = {c, r, doc, NULL};
    r->formula = tf_read_formula_for(doc->lang);
    if (r->formula != TF_READ_NONE) R.dict = ctx_dict(c, doc->lang);
    r->dict = R.dict != NULL;
    r->stories = tf_arena_alloc(r->arena, (doc->n_stories + 1) * sizeof *r->stories);
    const char *seen[64];
    size_t n_seen = 0;
    for (int rank = 0; rank < TF_PANEL_COUNT; rank++) {
        const tf_panel_plan *pl = &doc->plan[tf_fold_reading_order(doc->sheet.fold)[rank]];
        for (size_t i = 0; pl->present && i < pl->n_slots; i++) {
            const char *id = pl->slots[i].story;
            if (!id) continue;
            bool dup = false;
            for (size_t k = 0; k < n_seen; k++) dup |= !strcmp(seen[k], id);
            const tf_story *st = tf_doc_story(doc, id);
            if (dup || !st || r->n_stories >= doc->n_stories) continue;
            if (n_seen < TF_ARRAY_LEN(seen)) seen[n_seen++] = id;
            read_story(&R, st);
        }
    }
    figures(r->formula, &r->total, &r->grade, &r->second);
    r->grade_is_score = r->formula == TF_READ_ES;
    r->limit = r->grade_is_score ? tf_read_fh_min_for_grade(r->th.grade) : r->th.grade;
    if (r->formula == TF_READ_NONE || isnan(r->grade) || r->total.words < TF_PM_MIN_WORDS)
        r->grade_ok = true;            /* nothing to judge */
    else if (r->grade_is_score)
        r->grade_ok = r->grade >= r->limit;
    else
        r->grade_ok = r->grade <= r->limit + 1e-9;
}

/* --- what each run of glyphs is ------------------------------------------------ */

typedef struct walk {
    const tf_doc *doc;
    const tf_layout *l;
    tf_pm_report *r;
    const tf_slot **slot_of_key;       /* screen edition: key -> slot */
    size_t n_keys;
    char **credits;                    /* text of every credit block */
    size_t n_credits;
    bool *credit_node;                 /* per structure node: it draws a credit line */
    struct node_path *path;            /* per structure node: its way to the root, once worked out */
    struct { const tf_font *font; bool bold; } fonts[8];   /* font_is_bold, remembered */
    size_t n_fonts;
} walk;

/* What classify reads from a node's way up to its top-level element. */
typedef struct node_path {
    bool done, div, heading, label;
    uint32_t top, p_node;
} node_path;

static const tf_slot *slot_of_sect(const walk *W, uint32_t key)
{
    if (W->l->screen) return key < W->n_keys ? W->slot_of_key[key] : NULL;
    uint32_t rank = key / 256u, slot = key % 256u;
    if (rank >= TF_PANEL_COUNT) return NULL;
    tf_panel_id panel = tf_fold_reading_order(W->doc->sheet.fold)[rank];
    if (slot >= W->doc->plan[panel].n_slots) return NULL;
    return &W->doc->plan[panel].slots[slot];
}

/* The screen edition numbers its Sects in the order it sets them
 * (tf_screen_slots, screen.c). */
static void screen_keys(walk *W)
{
    size_t n_cover;
    W->n_keys = tf_screen_slots(W->doc, W->r->arena, &W->slot_of_key, &n_cover);
}

static void collect_credits(walk *W)
{
    const tf_doc *doc = W->doc;
    size_t n = 0;
    for (size_t i = 0; i < doc->n_stories; i++)
        for (size_t j = 0; j < doc->stories[i].n_blocks; j++) n += doc->stories[i].blocks[j].kind == TF_BLOCK_CREDIT;
    W->credits = tf_arena_alloc(W->r->arena, (n + 1) * sizeof *W->credits);
    for (size_t i = 0; i < doc->n_stories; i++)
        for (size_t j = 0; j < doc->stories[i].n_blocks; j++) {
            const tf_block *b = &doc->stories[i].blocks[j];
            tf_span *spans;
            size_t ns;
            if (b->kind != TF_BLOCK_CREDIT || !tf_inline_parse(W->r->arena, &b->text, &spans, &ns)) continue;
            size_t len = 0;
            for (size_t k = 0; k < ns; k++) len += spans[k].len;
            char *s = tf_arena_alloc(W->r->arena, len + 1), *o = s;
            for (size_t k = 0; k < ns; k++) { memcpy(o, spans[k].text, spans[k].len); o += spans[k].len; }
            for (char *q = s; *q; q++) if (*q == '\n') *q = ' ';
            W->credits[W->n_credits++] = s;
        }
}

/* Letters and digits of a text, lowercased ASCII: what a credit line and
 * the runs it was drawn in have in common whatever the spacing and the
 * hyphens at line breaks. */
static size_t squeeze(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || c >= 0x80) out[k++] = (char)c;
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') out[k++] = (char)(c | 0x20);
    }
    out[k] = 0;
    return k;
}

/* Which structure nodes hold a credit line: the runs drawn for the node,
 * squeezed, equal a credit block's text, squeezed. */
static void find_credit_nodes(walk *W)
{
    const tf_display *d = &W->l->dl;
    tf_arena *a = W->r->arena;
    W->credit_node = tf_arena_alloc(a, (d->n_nodes + 1) * sizeof *W->credit_node);
    if (!W->n_credits) return;
    size_t *len = tf_arena_alloc(a, (d->n_nodes + 1) * sizeof *len);
    for (size_t i = 0; i < d->n; i++)
        if (d->ops[i].kind == TF_OP_GLYPHS && d->ops[i].elem < d->n_nodes) len[d->ops[i].elem] += d->ops[i].text_len;
    char **txt = tf_arena_alloc(a, (d->n_nodes + 1) * sizeof *txt);
    size_t *used = tf_arena_alloc(a, (d->n_nodes + 1) * sizeof *used);
    for (size_t i = 0; i < d->n; i++) {
        const tf_op *op = &d->ops[i];
        if (op->kind != TF_OP_GLYPHS || op->elem >= d->n_nodes || !op->text) continue;
        if (!txt[op->elem]) txt[op->elem] = tf_arena_alloc(a, len[op->elem] + 1);
        used[op->elem] += squeeze(op->text, op->text_len, txt[op->elem] + used[op->elem]);
    }
    for (size_t k = 0; k < W->n_credits; k++) {
        char *c = W->credits[k];
        squeeze(c, strlen(c), c);
    }
    for (size_t e = 1; e < d->n_nodes; e++)
        for (size_t k = 0; txt[e] && used[e] && k < W->n_credits; k++)
            if (!strcmp(txt[e], W->credits[k])) W->credit_node[e] = true;
}

typedef struct run_info {
    int role;                          /* tf_pm_role, or -1: not counted (artifact, list label) */
    bool paragraph;                    /* a P of a flow story: counts for line length */
    bool bold;
    bool blank;                        /* only spaces: no ink (counts for line length only) */
} run_info;

static bool blank_text(const tf_op *op)
{
    if (!op->text) return false;
    for (uint32_t i = 0; i < op->text_len; i++)
        if (op->text[i] != ' ') return false;
    return true;
}

static bool font_is_bold(const tf_doc *doc, const tf_op *op)
{
    if (op->fake_bold) return true;
    const char *path = op->font ? tf_font_path(op->font) : NULL;
    if (!path) return false;
    const tf_theme *th = &doc->theme;
    for (int f = TF_FACE_BOLD; f <= TF_FACE_BOLD_ITALIC; f++)
        if (th->font[f] && !strcmp(th->font[f], path)) return true;
    for (size_t k = 0; k < th->n_fallback; k++)
        for (int f = TF_FACE_BOLD; f <= TF_FACE_BOLD_ITALIC; f++)
            if (th->fallback[k].font[f] && !strcmp(th->fallback[k].font[f], path)) return true;
    return false;
}

/* font_is_bold, once per font of the edition. */
static bool font_bold(walk *W, const tf_op *op)
{
    if (op->fake_bold) return true;
    for (size_t i = 0; i < W->n_fonts; i++)
        if (W->fonts[i].font == op->font) return W->fonts[i].bold;
    bool bold = font_is_bold(W->doc, op);
    if (W->n_fonts < TF_ARRAY_LEN(W->fonts)) {
        W->fonts[W->n_fonts].font = op->font;
        W->fonts[W->n_fonts++].bold = bold;
    }
    return bold;
}

/* The roles on the way from node e to its top-level element, worked out
 * once per node (the runs of a paragraph share theirs). */
static const node_path *path_of(walk *W, uint32_t e)
{
    node_path *np = &W->path[e];
    if (np->done) return np;
    const tf_display *d = &W->l->dl;
    np->top = e;
    for (uint32_t n = e; n && n < d->n_nodes; n = d->nodes[n].parent) {
        const char *role = d->nodes[n].role;
        if (!strcmp(role, "Div")) np->div = true;
        else if (role[0] == 'H' && (role[1] == '1' || role[1] == '2')) np->heading = true;
        else if (!strcmp(role, "Lbl")) np->label = true;
        else if (!strcmp(role, "P") && !np->p_node) np->p_node = n;
        np->top = n;
    }
    np->done = true;
    return np;
}

static run_info classify(walk *W, const tf_op *op)
{
    run_info ri = {-1, false, font_bold(W, op), blank_text(op)};
    const tf_display *d = &W->l->dl;
    if (!op->elem || op->elem >= d->n_nodes) return ri;
    const node_path *np = path_of(W, op->elem);
    bool div = np->div, heading = np->heading, label = np->label;
    uint32_t top = np->top, p_node = np->p_node;
    if (label) return ri;
    const tf_slot *slot = slot_of_sect(W, d->nodes[top].key);
    bool direct_p = p_node && d->nodes[p_node].parent == top;
    if (heading || (direct_p && op->size > W->l->body_size)) ri.role = TF_PM_HEADING;
    else if (div || (slot && slot->kind == TF_SLOT_CLINIC)) ri.role = TF_PM_CONTACTS;
    else if (direct_p && W->credit_node[p_node]) ri.role = TF_PM_CREDIT;
    else if (slot && slot->kind == TF_SLOT_SIDEBAR) ri.role = TF_PM_SIDEBAR;
    else ri.role = TF_PM_BODY;
    ri.paragraph = ri.role == TF_PM_BODY && direct_p && (!slot || slot->kind == TF_SLOT_FLOW ||
                                                         W->l->screen);
    return ri;
}

static const char *where_of(const walk *W, int page, tf_sp x, tf_sp y)
{
    if (W->l->screen) return tf_arena_printf(W->r->arena, "page %d", page + 1);
    for (int p = 0; p < TF_PANEL_COUNT; p++) {
        const tf_panel_geom *g = &W->l->sheet.panel[p];
        if (g->page == page && x >= g->trim.x && x < g->trim.x + g->trim.w && y >= g->trim.y &&
            y < g->trim.y + g->trim.h)
            return tf_arena_printf(W->r->arena, "%s, panel %s", page == TF_PAGE_OUTSIDE ? "outside" : "inside",
                                   tf_panel_name(W->l->sheet.fold, (tf_panel_id)p));
    }
    return tf_arena_printf(W->r->arena, "%s", page == TF_PAGE_OUTSIDE ? "outside" : "inside");
}

static const char *sample_of(tf_arena *a, const tf_op *op)
{
    if (!op->text) return "";
    size_t n = op->text_len < 60 ? op->text_len : 60;
    while (n && n < op->text_len && ((unsigned char)op->text[n] & 0xC0) == 0x80) n--;   /* whole characters */
    return tf_arena_strndup(a, op->text, n);
}

/* --- sizes and line length --------------------------------------------------- */

/* A line of a paragraph: its runs share the element, page and baseline;
 * spaces between words are runs of their own. */
typedef struct line_acc {
    uint32_t elem;
    int page;
    tf_sp y;
    int chars, trailing;               /* characters; of them, trailing spaces */
    bool open;
} line_acc;

static void line_close(line_acc *la, int *counts, size_t *n, size_t cap, uint32_t *elems)
{
    if (!la->open) return;
    la->open = false;
    int chars = la->chars - la->trailing;
    if (*n < cap) {
        counts[*n] = chars;
        elems[*n] = la->elem;
        (*n)++;
    }
}

static void sizes(walk *W, const run_info *info)
{
    tf_pm_report *r = W->r;
    const tf_display *d = &W->l->dl;
    size_t cap = d->n + 1, nl = 0;
    int *counts = tf_arena_alloc(r->arena, cap * sizeof *counts);
    uint32_t *elems = tf_arena_alloc(r->arena, cap * sizeof *elems);
    line_acc la = {0};
    bool cjk = false;
    for (size_t i = 0; i < d->n; i++) {
        const tf_op *op = &d->ops[i];
        if (op->kind != TF_OP_GLYPHS || info[i].role < 0 || !op->n_glyphs) continue;
        int role = info[i].role;
        if (!info[i].blank && (!r->min_size[role] || op->size < r->min_size[role])) {
            r->min_size[role] = op->size;
            r->min_where[role] = where_of(W, op->page, op->x, op->y);
        }
        if (!info[i].paragraph || !op->text) continue;
        for (const char *p = op->text; p < op->text + op->text_len && !cjk;)
            cjk = tf_segment_is_cjk(tf_utf8_next(&p, op->text + op->text_len));
        if (!(la.open && la.elem == op->elem && la.page == op->page && la.y == op->y)) {
            line_close(&la, counts, &nl, cap, elems);
            la = (line_acc){op->elem, op->page, op->y, 0, 0, true};
        }
        int n = (int)tf_utf8_count(op->text, op->text_len);
        la.chars += n;
        la.trailing = info[i].blank ? la.trailing + n : 0;
    }
    line_close(&la, counts, &nl, cap, elems);
    /* full lines: every line but a paragraph's last */
    long sum = 0;
    r->line_min = INT32_MAX;
    for (size_t i = 0; i < nl; i++) {
        if (i + 1 == nl || elems[i + 1] != elems[i]) continue;
        r->lines++;
        sum += counts[i];
        if (counts[i] < r->line_min) r->line_min = counts[i];
        if (counts[i] > r->line_max) r->line_max = counts[i];
        if (counts[i] < TF_PM_LINE_MIN || counts[i] > TF_PM_LINE_MAX) r->lines_outside++;
    }
    if (!r->lines) r->line_min = 0;
    r->line_mean = r->lines ? (double)sum / (double)r->lines : 0;
    r->lines_checked = r->lines >= 5 && !cjk;
    r->lines_ok = !r->lines_checked || (r->line_mean >= TF_PM_LINE_MIN && r->line_mean <= TF_PM_LINE_MAX);
    r->size_ok = !r->min_size[TF_PM_BODY] || r->min_size[TF_PM_BODY] >= r->th.size;
}

/* --- contrast ------------------------------------------------------------------ */

/* A fill as the sampling needs it, copied out of its op so the scan over
 * every earlier fill (for every glyph) stays in one small array. */
typedef struct paint {
    size_t op;                         /* index in the display list */
    int page;
    uint8_t kind;                      /* TF_OP_FILL_RECT, _CIRCLE or _IMAGE */
    bool clipped;
    tf_rect rect;                      /* the op's x, y, w, h */
    tf_rect clip;
    tf_color color;
} paint;

static bool in_rect(tf_rect r, tf_sp x, tf_sp y)
{
    return x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h;
}

/* The colour under (x, y): the topmost of the paints drawn before the text
 * on its page, or white paper. `top` is the latest such paint + 1 (0: none),
 * prev[k] the one before paint k on the same page + 1: the scan visits
 * only the page's own paints, newest first. *image: an image is there
 * (colour unknown). */
static tf_color under(const paint *paints, const size_t *prev, size_t top,
                      tf_sp x, tf_sp y, bool *image)
{
    for (size_t k1 = top; k1; k1 = prev[k1 - 1]) {
        const paint *pt = &paints[k1 - 1];
        if (pt->clipped && !in_rect(pt->clip, x, y)) continue;
        bool hit = false;
        if (pt->kind == TF_OP_CIRCLE) {
            double dx = (double)x - pt->rect.x, dy = (double)y - pt->rect.y;
            hit = dx * dx + dy * dy <= (double)pt->rect.w * pt->rect.w;
        } else {
            hit = in_rect(pt->rect, x, y);
        }
        if (!hit) continue;
        if (pt->kind == TF_OP_IMAGE) {
            *image = true;
            return TF_RGB(255, 255, 255);
        }
        return pt->color;
    }
    return TF_RGB(255, 255, 255);
}

/* Whether paint pt can be under a point (x, y) with xmin <= x <= xmax:
 * its box (a disc's bounding square), and its clip, reach that segment.
 * A superset of where under() finds a hit. */
static bool reaches(const paint *pt, tf_sp xmin, tf_sp xmax, tf_sp y)
{
    int64_t x0 = pt->rect.x, y0 = pt->rect.y, x1 = x0 + pt->rect.w, y1 = y0 + pt->rect.h;
    if (pt->kind == TF_OP_CIRCLE) {
        int64_t rad = pt->rect.w < 0 ? -(int64_t)pt->rect.w : pt->rect.w;
        x1 = x0 + rad;
        y1 = y0 + rad;
        x0 -= rad;
        y0 -= rad;
    }
    if (y < y0 || y > y1 || xmax < x0 || xmin > x1) return false;
    if (pt->clipped) {
        const tf_rect *c = &pt->clip;
        if (y < c->y || y > (int64_t)c->y + c->h || xmax < c->x || xmin > (int64_t)c->x + c->w) return false;
    }
    return true;
}

/* Horizontal bands of BAND_H from y = 0 up; a y outside them counts in
 * the nearest (so a paint's bands always hold every y it covers). */
#define BANDS 64
#define BAND_H TF_PT(16)

typedef struct band_ent {
    size_t paint;                      /* paint index + 1 */
    size_t next;                       /* the band's next older entry + 1 (0: none) */
} band_ent;

static int band_of(int64_t y)
{
    int64_t b = y < 0 ? 0 : y / BAND_H;
    return b >= BANDS ? BANDS - 1 : (int)b;
}

/* The bands a paint covers (its box; a disc's bounding square); false
 * when it covers none (an empty box). */
static bool paint_bands(const paint *pt, int *lo, int *hi)
{
    int64_t y0 = pt->rect.y, y1 = y0 + pt->rect.h;
    if (pt->kind == TF_OP_CIRCLE) {
        int64_t rad = pt->rect.w < 0 ? -(int64_t)pt->rect.w : pt->rect.w;
        y1 = y0 + rad;
        y0 -= rad;
    }
    if (y1 < y0) return false;
    *lo = band_of(y0);
    *hi = band_of(y1);
    return true;
}

static void add_pair(walk *W, const tf_op *op, const run_info *ri, tf_color bg, bool image)
{
    tf_pm_report *r = W->r;
    bool large = tf_contrast_large_text(op->size, ri->bold);
    for (size_t i = 0; i < r->n_pairs; i++) {
        tf_pm_pair *p = &r->pairs[i];
        if (!memcmp(&p->fg, &op->color, sizeof p->fg) && !memcmp(&p->bg, &bg, sizeof bg) &&
            p->large == large && p->on_image == image && (int)p->role == ri->role) {
            p->runs++;
            return;
        }
    }
    if (r->n_pairs % 16 == 0)
        r->pairs = tf_arena_grow(r->arena, r->pairs, r->n_pairs, r->n_pairs + 16, sizeof *r->pairs);
    tf_pm_pair *p = &r->pairs[r->n_pairs++];
    *p = (tf_pm_pair){
        .fg = op->color, .bg = bg, .large = large, .on_image = image,
        .ratio = tf_contrast_ratio(op->color, bg),
        .required = large ? r->th.contrast_large : r->th.contrast,
        .runs = 1, .page = op->page,
        .where = where_of(W, op->page, op->x, op->y),
        .sample = sample_of(r->arena, op),
        .role = (tf_pm_role)ri->role,
    };
}

static void contrast(walk *W, const run_info *info)
{
    tf_pm_report *r = W->r;
    const tf_display *d = &W->l->dl;
    paint *paints = tf_arena_alloc(r->arena, (d->n + 1) * sizeof *paints);
    size_t np = 0;
    bool clipped = false;
    tf_rect clip = {0, 0, 0, 0};
    for (size_t i = 0; i < d->n; i++) {
        const tf_op *op = &d->ops[i];
        if (op->kind == TF_OP_CLIP_BEGIN) { clipped = true; clip = (tf_rect){op->x, op->y, op->w, op->h}; }
        else if (op->kind == TF_OP_CLIP_END) clipped = false;
        else if (op->kind == TF_OP_FILL_RECT || op->kind == TF_OP_CIRCLE || op->kind == TF_OP_IMAGE)
            paints[np++] = (paint){i, op->page, (uint8_t)op->kind, clipped,
                                   (tf_rect){op->x, op->y, op->w, op->h}, clip, op->color};
    }
    /* Paints by page and horizontal band: a glyph run looks only at the
     * paints of its page that reach its band, newest first, as under()
     * walks them; a QR code is hundreds of rectangles on its page. */
    int max_key = 0;
    size_t n_ent = 0;
    for (size_t k = 0; k < np; k++) {
        int key = paints[k].page & 255, lo, hi;
        if (key > max_key) max_key = key;
        if (paint_bands(&paints[k], &lo, &hi)) n_ent += (size_t)(hi - lo + 1);
    }
    size_t *head = tf_arena_alloc(r->arena, (size_t)(max_key + 1) * BANDS * sizeof *head);
    band_ent *ent = tf_arena_alloc(r->arena, (n_ent + 1) * sizeof *ent);
    size_t n_used = 0;
    size_t below = 0;                   /* paints drawn before op i (paints are in op order) */
    size_t *near_prev = tf_arena_alloc(r->arena, (np + 1) * sizeof *near_prev);
    for (size_t i = 0; i < d->n; i++) {
        const tf_op *op = &d->ops[i];
        for (; below < np && paints[below].op < i; below++) {
            int lo, hi;
            if (!paint_bands(&paints[below], &lo, &hi)) continue;
            size_t *h = &head[(size_t)(paints[below].page & 255) * BANDS];
            for (int b = lo; b <= hi; b++) {
                ent[n_used] = (band_ent){below + 1, h[b]};
                h[b] = ++n_used;
            }
        }
        if (op->kind != TF_OP_GLYPHS || !op->n_glyphs || info[i].role < 0 || info[i].blank) continue;
        /* sample each glyph's centre at half the x-height */
        unsigned upem = tf_font_units_per_em(op->font);
        tf_sp mid_y = op->y + tf_font_x_height(op->font, op->size) / 2;
        /* The run's samples lie on one line from xmin to xmax: only the
         * paints that reach that segment can be under a glyph, so they are
         * picked once for the run rather than walked for every glyph. */
        tf_sp x = op->x, xmin = 0, xmax = 0;
        for (uint32_t g = 0; g < op->n_glyphs; g++) {
            tf_sp adv = tf_font_units_to_sp(op->glyphs[g].x_advance, op->size, upem);
            tf_sp sx = x + adv / 2;
            if (!g || sx < xmin) xmin = sx;
            if (!g || sx > xmax) xmax = sx;
            x += adv;
        }
        size_t near_top = 0;
        int key = op->page & 255;
        for (size_t e1 = key <= max_key ? head[(size_t)key * BANDS + band_of(mid_y)] : 0; e1; e1 = ent[e1 - 1].next) {
            size_t k1 = ent[e1 - 1].paint;
            if (!reaches(&paints[k1 - 1], xmin, xmax, mid_y)) continue;
            near_prev[k1 - 1] = near_top;
            near_top = k1;
        }
        /* near_prev links them oldest to newest: reverse into under()'s order */
        size_t rev = 0;
        for (size_t k1 = near_top; k1;) {
            size_t next = near_prev[k1 - 1];
            near_prev[k1 - 1] = rev;
            rev = k1;
            k1 = next;
        }
        near_top = rev;
        x = op->x;
        tf_color last = TF_RGB(0, 0, 0);
        bool have = false, last_image = false;
        for (uint32_t g = 0; g < op->n_glyphs; g++) {
            tf_sp adv = tf_font_units_to_sp(op->glyphs[g].x_advance, op->size, upem);
            bool image = false;
            tf_color bg = under(paints, near_prev, near_top, x + adv / 2, mid_y, &image);
            x += adv;
            if (have && !memcmp(&bg, &last, sizeof bg) && image == last_image) continue;
            add_pair(W, op, &info[i], bg, image);
            last = bg;
            last_image = image;
            have = true;
        }
    }
    r->contrast_min = INFINITY;
    r->contrast_ok = true;
    for (size_t i = 0; i < r->n_pairs; i++) {
        const tf_pm_pair *p = &r->pairs[i];
        if (p->on_image) continue;
        if (p->ratio < r->contrast_min) r->contrast_min = p->ratio;
        if (p->ratio + 1e-9 < p->required) r->contrast_ok = false;
    }
}

/* --- entry --------------------------------------------------------------------- */

bool tf_pm_run(tf_pm_ctx *c, const tf_doc *doc, const tf_layout *l, const char *clinic, tf_pm_report *out)
{
    memset(out, 0, sizeof *out);
    out->arena = tf_arena_new();
    out->brochure = doc->id;
    out->lang = doc->lang;
    out->clinic = clinic;
    out->screen = l->screen;
    out->th = doc->theme.checks;
    out->body_size = l->body_size;
    reading_level(c, doc, out);

    walk W = {.doc = doc, .l = l, .r = out};
    if (l->screen) screen_keys(&W);
    collect_credits(&W);
    find_credit_nodes(&W);
    W.path = tf_arena_alloc(out->arena, (l->dl.n_nodes + 1) * sizeof *W.path);
    run_info *info = tf_arena_alloc(out->arena, (l->dl.n + 1) * sizeof *info);
    for (size_t i = 0; i < l->dl.n; i++)
        info[i] = l->dl.ops[i].kind == TF_OP_GLYPHS ? classify(&W, &l->dl.ops[i]) : (run_info){-1, false, false, false};
    sizes(&W, info);
    contrast(&W, info);
    return out->grade_ok && out->size_ok && out->contrast_ok;
}

void tf_pm_report_free(tf_pm_report *r)
{
    tf_arena_free(r->arena);
    memset(r, 0, sizeof *r);
}
